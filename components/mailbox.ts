import * as pulumi from "@pulumi/pulumi";
import type { MailEndpoint } from "../providers/workspace/mailbox-connection";
import { oauthEndpoints } from "../providers/workspace/oauth-endpoints";
import { WorkspaceUser } from "../providers/workspace/workspace-user";
import { authorizeCommand } from "./authorize-command";
import type { CampaignAdmission } from "./campaign-policy/admission";
import type { GoogleConfig, MailboxConfig } from "./config/schema";
import { previousName, withAlias } from "./mailbox-rename";
import type {
  MailboxConnection,
  SendingAccount,
  SendingPlatform,
} from "./sending-platforms/sending-platform";
import { orUnconverged } from "./unconverged";

export interface MailboxArgs {
  /** One mailbox of a domain, as validated from `mailinfra:domains[i].mailboxes[j]`. */
  mailbox: MailboxConfig;
  /** The Google Workspace account the mailbox lives in (`mailinfra:google`). */
  google: GoogleConfig;
  /**
   * Where the mailbox is connected to warm up and send (`configuredSendingPlatform(config)`: Smartlead when
   * `mailinfra:smartlead` is set). Unless the mailbox's settings turn it off for it (`smartlead.enabled:
   * false`), the mailbox is connected with its warmup, sending limit and campaigns.
   * @default Not connected to any sending platform.
   * @example
   * ```ts
   * { sendingPlatform: smartleadPlatform(config.smartlead) }
   * ```
   */
  sendingPlatform?: SendingPlatform;
  /**
   * The domain's tracking host, used as the account's custom tracking domain.
   * @example "emailtracking.send.example.com"
   */
  trackingHost?: string;
  /**
   * The mailbox's OAuth refresh token (`mailinfra:authorizations[address]`, a secret), used when its
   * `connection` is `oauth`. Without one, an OAuth mailbox is not connected to its sending platform yet:
   * `pendingAuthorization` is true and `npm run authorize` obtains it.
   */
  refreshToken?: pulumi.Input<string>;
  /**
   * What the campaign policy lets the mailbox's platform account do with its declared campaigns in this run
   * (components/campaign-policy/): `join`, `hold` (join none it is not in, keep those it is in) or `leave`.
   * @default "join"
   */
  campaignAdmission?: pulumi.Input<CampaignAdmission>;
}

/**
 * One sending mailbox: a Google Workspace user with a generated password (a Pulumi secret), ready to be
 * connected over SMTP and IMAP. Removing it from the stack suspends the user unless `onDelete: delete`.
 * A mailbox whose config carries `renamedFrom` takes over the resources of its previous address: the
 * Workspace user is renamed in place (same user id, mail and password; the old address stays an alias),
 * the sending platform decides what a new address means for its account (Smartlead: the account of the old
 * address is disconnected and one for the new address connected).
 * Create it with `dependsOn` the domain's verification, so it waits for DNS.
 *
 * @example
 * ```ts
 * new Mailbox("ana@send.example.com", { mailbox, google: config.google }, { dependsOn: [verification] });
 * ```
 */
export class Mailbox extends pulumi.ComponentResource {
  /** The live primary address. */
  readonly email: pulumi.Output<string>;
  /** The declared address (`mailbox.address`), known at preview. */
  readonly address: string;
  /** SMTP settings (host, port, security, username); the password is `password`. */
  readonly smtp: pulumi.Output<MailEndpoint>;
  /** IMAP settings (host, port, security, username); the password is `password`. */
  readonly imap: pulumi.Output<MailEndpoint>;
  /** The mailbox password, secret. */
  readonly password: pulumi.Output<string>;
  /** True when the user is suspended (by hand, or because it was removed). */
  readonly suspended: pulumi.Output<boolean>;
  readonly user: WorkspaceUser;
  /** The mailbox's account at the sending platform, when it joins one. */
  readonly sendingAccount?: SendingAccount;
  /**
   * True when the mailbox connects with OAuth but has no authorization yet: nothing is connected at the
   * sending platform until `npm run authorize -- --stack <stack>` has stored its refresh token.
   */
  readonly pendingAuthorization: boolean;

  constructor(name: string, args: MailboxArgs, opts?: pulumi.ComponentResourceOptions) {
    const previous = previousName(name, args.mailbox);
    super("mailinfra:index:Mailbox", name, {}, withAlias(opts, previous));
    const { mailbox, google } = args;
    this.address = mailbox.address;
    const servers = google.mailServers;
    this.user = new WorkspaceUser(
      `${name}-user`,
      {
        customerId: google.customerId,
        adminEmail: google.adminEmail,
        ...(google.rootUrl ? { rootUrl: google.rootUrl } : {}),
        primaryEmail: mailbox.address,
        firstName: mailbox.firstName,
        lastName: mailbox.lastName,
        orgUnit: mailbox.orgUnit,
        adopt: mailbox.adopt,
        onDelete: mailbox.onDelete,
        ...(servers
          ? {
              smtpHost: servers.smtp.host,
              smtpPort: servers.smtp.port,
              imapHost: servers.imap.host,
              imapPort: servers.imap.port,
            }
          : {}),
      },
      withAlias({ parent: this }, previous && `${previous}-user`),
    );
    const platform = args.sendingPlatform;
    if (platform?.joins(mailbox)) {
      this.sendingAccount = platform.connectMailbox({
        name,
        ...(previous ? { previousName: previous } : {}),
        parent: this,
        mailbox,
        connection: connectionOf(mailbox, google, this.user, args.refreshToken),
        ...(args.trackingHost ? { trackingHost: args.trackingHost } : {}),
        ...(servers?.selfSignedCertificates ? { allowSelfSignedCertificates: true } : {}),
        ...(args.campaignAdmission === undefined ? {} : { campaignAdmission: args.campaignAdmission }),
      });
    }
    this.pendingAuthorization = this.sendingAccount?.pendingAuthorization ?? false;
    this.email = this.user.email;
    this.smtp = this.user.smtp;
    this.imap = this.user.imap;
    this.password = this.user.password;
    this.suspended = this.user.suspended;
    this.registerOutputs({
      email: orUnconverged(this.email, undefined),
      smtp: orUnconverged(this.smtp, undefined),
      imap: orUnconverged(this.imap, undefined),
      suspended: orUnconverged(this.suspended, undefined),
      smartleadAccountId: orUnconverged(this.sendingAccount?.accountId, undefined),
    });
  }
}

/**
 * How the sending platform reaches the mailbox: OAuth with its authorization, pending while it has none, or
 * its app password on SMTP and IMAP (config/mailbox-connection.ts: Google refuses the Workspace password
 * there; `connection: password` never gets here, config validation refuses it on google-workspace).
 */
function connectionOf(
  mailbox: MailboxConfig,
  google: GoogleConfig,
  user: WorkspaceUser,
  refreshToken: pulumi.Input<string> | undefined,
): MailboxConnection {
  if (mailbox.connection === "oauth") {
    // Not authorized yet: still handed over as pending, so an account connected before is left as it is.
    if (refreshToken === undefined) return { kind: "pending", authorizeCommand: authorizeCommand() };
    return oauthConnection(google, refreshToken);
  }
  const secret = mailbox.connection === "app-password" ? mailbox.appPassword : undefined;
  if (secret === undefined) {
    throw new Error(
      `${mailbox.address}: connection ${mailbox.connection} has no app password (config validation)`,
    );
  }
  const login = (endpoint: pulumi.Output<MailEndpoint>) =>
    pulumi.all([endpoint, secret]).apply(([e, password]) => ({
      host: e.host,
      port: e.port,
      security: e.security,
      username: e.username,
      password,
    }));
  return { kind: "password", smtp: login(user.smtp), imap: login(user.imap) };
}

/**
 * The OAuth connection of a mailbox: the stack's OAuth client (config validation guarantees it for OAuth
 * mailboxes), its refresh token, and the token endpoint of Google or the emulator (`google.rootUrl`).
 */
function oauthConnection(google: GoogleConfig, refreshToken: pulumi.Input<string>): MailboxConnection {
  const client = google.oauthClient;
  if (client === undefined) {
    throw new Error(
      "an OAuth mailbox needs mailinfra:google.oauthClient and its authorization (config validation)",
    );
  }
  return {
    kind: "oauth",
    clientId: client.clientId,
    clientSecret: pulumi.secret(client.clientSecret),
    refreshToken: pulumi.secret(refreshToken),
    tokenUri: oauthEndpoints(google.rootUrl).token,
    authorizeCommand: authorizeCommand(),
  };
}
