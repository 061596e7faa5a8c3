import * as pulumi from "@pulumi/pulumi";
import type { CampaignAdmission } from "../../components/campaign-policy/admission";
import { shim } from "../shim";

/** How one of the mailbox's servers is reached; the password is a secret. */
export interface MailServerLoginArgs {
  /** @example "smtp.gmail.com" */
  host: pulumi.Input<string>;
  /** @example 587 */
  port: pulumi.Input<number>;
  /** Usually the full address. @example "ana@acme-mail.com" */
  username: pulumi.Input<string>;
  /** Stored as a secret in the state; never printed. */
  password: pulumi.Input<string>;
  /**
   * `"starttls"` (plain, then upgraded: 587, 143), `"ssl"` (TLS from the first byte: 465, 993; `"TLS"` is read
   * the same way) or `"none"`.
   * @example "starttls"
   */
  security: pulumi.Input<"ssl" | "starttls" | "none" | "SSL" | "STARTTLS" | "TLS">;
}

export interface SmartleadWarmupArgs {
  /** @default true */
  enabled?: pulumi.Input<boolean>;
  /** Warmup emails per day, 1–50. @default 40 */
  perDay?: pulumi.Input<number>;
  /** Daily increase of warmup emails, 5–20. @default 5 */
  dailyRampup?: pulumi.Input<number>;
  /** Target reply rate of warmup emails in percent, 20–100. @default 30 */
  replyRate?: pulumi.Input<number>;
}

/**
 * The mailbox connected with OAuth: the customer's own Google OAuth client (registered in Smartlead under
 * Settings → OAuth Configuration, "Private Infrastructure") and the mailbox's refresh token from
 * `npm run authorize`. The refresh token and the access tokens minted from it stay secrets. The client's secret
 * is no argument: the engine hands the stack configuration's `mailinfra:google.oauthClient.clientSecret` to the
 * provider process, which holds it once for every account.
 */
export interface SmartleadOAuthConnectionArgs {
  kind: pulumi.Input<"oauth">;
  /** @example "123-abc.apps.googleusercontent.com" */
  clientId: pulumi.Input<string>;
  refreshToken: pulumi.Input<string>;
  /**
   * Google's token endpoint (the emulator's in tests).
   * @default "https://oauth2.googleapis.com/token"
   */
  tokenUri?: pulumi.Input<string>;
  /**
   * What the person runs to authorize the mailbox again, named when Smartlead loses the connection.
   * @default "npm run authorize -- --stack <stack>"
   */
  authorizeCommand?: pulumi.Input<string>;
}

/**
 * An OAuth mailbox not authorized yet: nothing is connected and nothing is sent to Smartlead, but the resource
 * stays registered, so an account already connected for the address (say with a password, before the mailbox
 * moved to OAuth) is left exactly as it is instead of being disconnected or deleted. Once the mailbox is
 * authorized, `up` connects it (an account connected before is switched to OAuth in place).
 */
export interface SmartleadPendingConnectionArgs {
  kind: pulumi.Input<"pending">;
  /** What the person runs to authorize the mailbox. @default "npm run authorize -- --stack <stack>" */
  authorizeCommand?: pulumi.Input<string>;
}

/** SMTP and IMAP logins with passwords (the same as the top-level `smtp` and `imap`). */
export interface SmartleadPasswordConnectionArgs {
  kind: pulumi.Input<"password">;
  smtp: pulumi.Input<MailServerLoginArgs>;
  imap: pulumi.Input<MailServerLoginArgs>;
}

export interface SmartleadEmailAccountArgs {
  /**
   * Sender name shown to recipients.
   * @example "Ana Lima"
   */
  fromName: pulumi.Input<string>;
  /**
   * The mailbox address. An account with this address already in Smartlead is taken over (updated to these
   * settings) instead of connected a second time. Changing it replaces the resource.
   * @example "ana@acme-mail.com"
   */
  fromEmail: pulumi.Input<string>;
  /**
   * Outgoing server. Before the account is connected, mailinfra logs in to SMTP and IMAP itself and stops
   * with the failing protocol and reason ("authentication failed", "timeout", ...) if either fails.
   * @example
   * ```ts
   * { host: "smtp.gmail.com", port: 587, security: "starttls", username: "ana@acme-mail.com", password: mailbox.password }
   * ```
   */
  smtp?: pulumi.Input<MailServerLoginArgs>;
  /**
   * Incoming server, as for `smtp`.
   * @example
   * ```ts
   * { host: "imap.gmail.com", port: 993, security: "ssl", username: "ana@acme-mail.com", password: mailbox.password }
   * ```
   */
  imap?: pulumi.Input<MailServerLoginArgs>;
  /**
   * How Smartlead reaches the mailbox, instead of `smtp` and `imap`. `oauth` (Google Workspace): a GMAIL
   * account through Smartlead's save-oauth, no password login check (Smartlead validates the token); `refresh`
   * shows a connection Smartlead lost as `connected: false` with the fix in `connectionProblem`, and `up`
   * connects it again with the current refresh token.
   */
  connection?: pulumi.Input<
    SmartleadOAuthConnectionArgs | SmartleadPasswordConnectionArgs | SmartleadPendingConnectionArgs
  >;
  /**
   * Emails per day Smartlead may send from this account, warmup and campaigns together.
   * @default 50
   */
  maxEmailsPerDay?: pulumi.Input<number>;
  /**
   * Warmup settings. Smartlead's UI can change them; `refresh` shows warmup on/off, reply rate and
   * sending limits as drift (the daily rampup is not readable through the API).
   * @default { enabled: true, perDay: 40, dailyRampup: 5, replyRate: 30 }
   */
  warmup?: pulumi.Input<SmartleadWarmupArgs>;
  /**
   * Custom tracking domain for links and opens (a CNAME to Smartlead's tracker).
   * @default "" (Smartlead's shared tracking domain)
   * @example "track.acme-mail.com"
   */
  customTrackingUrl?: pulumi.Input<string>;
  /**
   * Smartlead campaign ids this account sends for. Converged both ways: missing ones are added, others
   * removed. Concurrent resources share one call per campaign.
   * @default []
   * @example [1234567, 1234890]
   */
  campaignIds?: pulumi.Input<pulumi.Input<number>[]>;
  /**
   * What the campaign policy (components/campaign-policy/) lets the account do with `campaignIds` in this run:
   * `"join"` them; `"hold"`: join none it is not in yet and stay in those it is in (a waiting mailbox never loses
   * a campaign); `"leave"`: out of every campaign (a listed domain under `whenListed: leave`). The `campaignIds`
   * output is the membership the account was converged to.
   * @default "join"
   */
  campaignAdmission?: pulumi.Input<CampaignAdmission>;
  /**
   * What removing the resource does in Smartlead. `"disconnect"`: out of every campaign and warmup off, the
   * account and its history stay. `"delete"`: Smartlead deletes the account.
   * @default "disconnect"
   */
  onDelete?: pulumi.Input<"disconnect" | "delete">;
  /**
   * Smartlead API base URL; tests point it at the emulator. Changing it updates, never replaces.
   * @default "https://server.smartlead.ai/api/v1"
   */
  baseUrl?: pulumi.Input<string>;
  /**
   * The SMTP/IMAP login check before connecting.
   * @default { enabled: true, allowSelfSignedCertificates: false, timeoutMs: 15000 }
   */
  loginCheck?: pulumi.Input<{
    enabled?: pulumi.Input<boolean>;
    /** Only for test worlds with self-signed certificates. */
    allowSelfSignedCertificates?: pulumi.Input<boolean>;
    timeoutMs?: pulumi.Input<number>;
  }>;
  /**
   * Client-side request budget per API key and process.
   * @default { requests: 55, intervalMs: 61000 } (under Smartlead's 60 requests per minute and key)
   */
  rateLimit?: pulumi.Input<{ requests: pulumi.Input<number>; intervalMs: pulumi.Input<number> }>;
}

/**
 * A mailbox connected to Smartlead as an SMTP email account, with its sending limit, warmup, tracking
 * domain and campaigns. `refresh` reads the live account (changes made in Smartlead show as drift, a
 * removed account disappears from the state) and the next `up` restores the declared settings.
 * The Smartlead API key is the stack configuration's `mailinfra:smartlead.apiKey` (a secret), which the engine hands
 * to the provider process: held once for every account, never stored with one
 * (`pulumi config set --secret --path 'mailinfra:smartlead.apiKey' <api-key>`); rotating it changes no resource.
 *
 * @example
 * ```ts
 * new SmartleadEmailAccount("ana@acme-mail.com", {
 *   fromName: "Ana Lima",
 *   fromEmail: "ana@acme-mail.com",
 *   smtp: { host: "smtp.gmail.com", port: 587, security: "starttls", username: "ana@acme-mail.com", password },
 *   imap: { host: "imap.gmail.com", port: 993, security: "ssl", username: "ana@acme-mail.com", password },
 *   warmup: { enabled: true, perDay: 40, dailyRampup: 5, replyRate: 30 },
 *   customTrackingUrl: "track.acme-mail.com",
 *   campaignIds: [1234567],
 * });
 * ```
 */
export class SmartleadEmailAccount extends pulumi.dynamic.Resource {
  /** Smartlead's email account id. */
  declare readonly emailAccountId: pulumi.Output<number>;
  declare readonly fromEmail: pulumi.Output<string>;
  declare readonly fromName: pulumi.Output<string>;
  declare readonly maxEmailsPerDay: pulumi.Output<number>;
  declare readonly warmup: pulumi.Output<{
    enabled: boolean;
    perDay: number;
    dailyRampup: number;
    replyRate: number;
  }>;
  /** Smartlead's warmup_details.status ("ACTIVE" / "INACTIVE"). */
  declare readonly warmupStatus: pulumi.Output<string>;
  declare readonly campaignIds: pulumi.Output<number[]>;
  /** True when an existing Smartlead account with this address was taken over. */
  declare readonly adopted: pulumi.Output<boolean>;
  /** OAuth connections: false once Smartlead reports the connection broken (seen by `refresh`). */
  declare readonly connected: pulumi.Output<boolean | undefined>;
  /** OAuth connections: why Smartlead lost the connection, and the fix (authorize again). */
  declare readonly connectionProblem: pulumi.Output<string | undefined>;

  constructor(name: string, args: SmartleadEmailAccountArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      shim("providers/smartlead/email-account.provider"),
      name,
      {
        ...args,
        ...(args.smtp === undefined ? {} : { smtp: pulumi.secret(args.smtp) }),
        ...(args.imap === undefined ? {} : { imap: pulumi.secret(args.imap) }),
        // The refresh token lives here: the whole connection is a secret.
        ...(args.connection === undefined ? {} : { connection: pulumi.secret(args.connection) }),
        emailAccountId: undefined,
        warmupStatus: undefined,
        adopted: undefined,
        connected: undefined,
        connectionProblem: undefined,
      },
      {
        ...opts,
        // "apiKey": outputs of accounts created before keys were held once still hold it, kept secret on refresh.
        additionalSecretOutputs: [
          ...(opts?.additionalSecretOutputs ?? []),
          "apiKey",
          "smtp",
          "imap",
          "connection",
        ],
      },
      "mailinfra",
      "SmartleadEmailAccount",
    );
  }
}
