/**
 * A sending platform: where a Workspace mailbox is connected to warm up and send campaigns (Smartlead today).
 * Components talk only to this interface — `Mailbox` hands each mailbox and its connection to
 * `connectMailbox`, the program runs `preflight` before any resource is registered and names the platform in
 * its messages — so they never know which platform it is.
 *
 * What it covers, and where:
 * - connecting a mailbox, with its connection (OAuth refresh token, pending authorization, SMTP/IMAP logins):
 *   `connectMailbox` with a `MailboxConnection`;
 * - the mailbox's sending limit, warmup and campaign membership: read by the adapter from the mailbox's own
 *   settings section (`mailbox.smartlead`: `maxEmailsPerDay`, `warmup`, `campaignIds`, `onDelete`, `enabled`
 *   through `joins`), since their shapes are the platform's (Instantly's campaign ids are UUIDs);
 * - what it needs checked at preview: `preflight`;
 * - its outputs: `SendingAccount` (account id, warmup, connected, pending authorization).
 *
 * ## A new sending platform = these files
 * 1. `providers/<platform>/`: its API client and one dynamic resource per connected account (a resource class,
 *    its `*.provider.ts` loaded through `providers/shim.ts`, its `*-inputs.ts`), with their tests.
 * 2. `components/sending-platforms/<platform>.ts`: the adapter, `<platform>Platform(config): SendingPlatform`,
 *    which creates that resource in `connectMailbox` and checks at preview what it can (`preflight`), with its
 *    mock-runtime test.
 * 3. Its configuration: `mailinfra:<platform>` (credentials as secrets) and the per-mailbox settings it reads in
 *    `joins`/`connectMailbox`, in `components/config/schema.ts`, with their validation rules.
 * 4. One line in `components/sending-platforms/configured.ts` choosing it from that configuration.
 *
 * ## Does it fit a second platform? Instantly's API v2, checked against this interface
 * - Connecting a mailbox over SMTP/IMAP (`connection.kind: "password"`): `POST /api/v2/accounts` takes the
 *   address, names and both logins, with `daily_limit`, `warmup` (`limit`, `increment`, `reply_rate`) and
 *   `tracking_domain_name` (https://developer.instantly.ai/api-reference/account/create-account): the same
 *   settings Smartlead's account takes (https://api.smartlead.ai/reference/create-an-email-account).
 * - OAuth: Instantly does not take a refresh token minted elsewhere; `POST /api/v2/oauth/google/init` answers a
 *   URL a person opens, and Instantly holds the token (https://developer.instantly.ai/guides/oauth-connection-flow).
 *   So an Instantly adapter answers an `oauth` connection with an account that is `pendingAuthorization` until
 *   that sign-in is done: the adapter, not the component, decides what "authorized" means for it.
 * - Campaigns: membership is the campaign's `email_list` (`PATCH /api/v2/campaigns/{id}`,
 *   https://developer.instantly.ai/api/v2/campaign/patchcampaign) and campaign ids are UUIDs; account ids are
 *   the address. Hence per-mailbox settings (campaign ids included) are read by the adapter from its own
 *   config section, and `accountId` is a string or a number.
 * - Preview checks: `GET /api/v2/campaigns` lists the workspace's campaigns
 *   (https://developer.instantly.ai/api/v2/campaign), as Smartlead's `GET /campaigns` does
 *   (https://api.smartlead.ai/api-reference/campaigns/get-all), so `preflight` fits it unchanged.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { CampaignAdmission } from "../campaign-policy/admission";
import type { MailboxStandings } from "../campaign-policy/mailbox-standings";
import type { ConfigIssue } from "../config/issue";
import type { MailboxConfig, MailinfraConfig } from "../config/schema";

/** One mail server login of a mailbox: where it is (as Workspace reports it) and the secret it signs in with. */
export interface MailServerLogin {
  /** @example "smtp.gmail.com" */
  host: string;
  /** @example 587 */
  port: number;
  /** STARTTLS: plain connect, then upgrade. TLS: TLS from the first byte. */
  security: "STARTTLS" | "TLS";
  /** @example "ana@send.example.com" */
  username: string;
  /** The app password (or a custom server's password); a secret. */
  password: string;
}

/**
 * How the platform reaches the mailbox, decided by the mailbox's `connection` and its authorization:
 * - `oauth`: the stack's Google OAuth client and the mailbox's refresh token (`npm run authorize`);
 * - `pending`: an OAuth mailbox not authorized yet; nothing may be sent to the platform, and an account
 *   connected before for the address must be left as it is;
 * - `password`: SMTP and IMAP logins (an app password where Google refuses the Workspace password).
 */
export type MailboxConnection =
  | {
      kind: "oauth";
      /** @example "1234567890-abc.apps.googleusercontent.com" */
      clientId: string;
      /** Secret. */
      clientSecret: pulumi.Input<string>;
      /** Secret. */
      refreshToken: pulumi.Input<string>;
      /** Google's token endpoint, or the emulator's. @example "https://oauth2.googleapis.com/token" */
      tokenUri: string;
      /** What the person runs to authorize again. @example "npm run authorize -- --stack prod" */
      authorizeCommand: string;
    }
  | {
      kind: "pending";
      /** What the person runs to authorize the mailbox. @example "npm run authorize -- --stack prod" */
      authorizeCommand: string;
    }
  | {
      kind: "password";
      smtp: pulumi.Output<MailServerLogin>;
      imap: pulumi.Output<MailServerLogin>;
    };

export interface ConnectMailboxArgs {
  /**
   * The Mailbox's resource name; the adapter names its resources `<name>-<suffix>`, a suffix of its own.
   * @example "ana@send.example.com"
   */
  name: string;
  /**
   * The Mailbox's name under its previous address (`renamedFrom`): the adapter aliases its resources to
   * `<previousName>-<suffix>` (`withAlias`, components/mailbox-rename.ts), so a rename never replaces them
   * by accident. What a new address means for the platform's account is the adapter's decision.
   * @default Not renamed.
   */
  previousName?: string;
  /** The Mailbox: the parent of the adapter's resources (their URNs are under it). */
  parent: pulumi.Resource;
  /** The mailbox as validated from `mailinfra:domains[i].mailboxes[j]`, its platform settings included. */
  mailbox: MailboxConfig;
  /** How the platform reaches the mailbox. */
  connection: MailboxConnection;
  /**
   * The domain's tracking host, for the platform's link and open tracking.
   * @default The platform's shared tracking domain.
   * @example "emailtracking.send.example.com"
   */
  trackingHost?: string;
  /**
   * Accept the mail servers' self-signed certificates when the adapter tries the logins (local worlds only).
   * @default false
   */
  allowSelfSignedCertificates?: boolean;
  /**
   * What the campaign policy lets the account do with its declared campaigns in this run
   * (components/campaign-policy/admission.ts): join them, hold (join none it is not in, keep those it is in) or
   * leave them. Known only once the domain is checked, hence an Input.
   * @default "join"
   */
  campaignAdmission?: pulumi.Input<CampaignAdmission>;
}

/** Warmup as the platform reports it for an account. */
export interface WarmupSettings {
  enabled: boolean;
  /** Warmup emails per day. */
  perDay: number;
  /** Daily increase of warmup emails. */
  dailyRampup: number;
  /** Target reply rate, in percent. */
  replyRate: number;
}

/** One mailbox's account at the platform: what the components and the stack outputs read. */
export interface SendingAccount {
  /** The resource that holds the account (for `dependsOn`, and whose URN must never change). */
  readonly resource: pulumi.CustomResource;
  /** The platform's account id; undefined while nothing is connected (pending authorization). */
  readonly accountId: pulumi.Output<number | string | undefined>;
  /** The account's warmup as last read from the platform. */
  readonly warmup: pulumi.Output<WarmupSettings | undefined>;
  /** False once the platform reports the connection lost (seen by `refresh`); undefined when not known. */
  readonly connected: pulumi.Output<boolean | undefined>;
  /** True when the mailbox waits for a person to authorize it before the platform may use it. */
  readonly pendingAuthorization: boolean;
}

export interface SendingPlatform {
  /** The platform's name as messages show it. @example "Smartlead" */
  readonly name: string;
  /** Whether this mailbox is to be connected (its settings may turn the platform off for it). */
  joins(mailbox: MailboxConfig): boolean;
  /** Registers the mailbox's account (only for a mailbox that `joins`). */
  connectMailbox(args: ConnectMailboxArgs): SendingAccount;
  /**
   * Checks the configuration against the platform, read only, before any resource is registered (campaign
   * ids that do not exist, a rejected key): config issues at the line that writes the problem, never throws.
   */
  preflight(config: MailinfraConfig): Promise<ConfigIssue[]>;
  /**
   * What the campaign policy needs before anything is registered, read only: the campaigns each declaring
   * mailbox's account is in, when its warmup started, and (for checked domains) its health signals. A platform
   * without it lets every mailbox converge to its declared campaigns. Never throws: what it cannot read is unknown.
   */
  campaignStandings?(config: MailinfraConfig): Promise<MailboxStandings>;
}
