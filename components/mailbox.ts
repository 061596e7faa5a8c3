import * as pulumi from "@pulumi/pulumi";
import {
  SmartleadEmailAccount,
  type SmartleadOAuthConnectionArgs,
} from "../providers/smartlead/email-account";
import type { MailEndpoint } from "../providers/workspace/mailbox-connection";
import { oauthEndpoints } from "../providers/workspace/oauth-endpoints";
import { WorkspaceUser } from "../providers/workspace/workspace-user";
import { authorizeCommand } from "./authorize-command";
import type { GoogleConfig, MailboxConfig, SmartleadConfig } from "./config/schema";

export interface MailboxArgs {
  /** One mailbox of a domain, as validated from `mailinfra:domains[i].mailboxes[j]`. */
  mailbox: MailboxConfig;
  /** The Google Workspace account the mailbox lives in (`mailinfra:google`). */
  google: GoogleConfig;
  /**
   * The Smartlead account (`mailinfra:smartlead`). With it, and unless the mailbox's `smartlead.enabled` is
   * false, the mailbox is connected to Smartlead with its warmup, sending limit and campaigns.
   * @default Not connected to Smartlead.
   */
  smartlead?: SmartleadConfig;
  /**
   * The domain's tracking host, used as the account's custom tracking domain.
   * @example "emailtracking.send.example.com"
   */
  trackingHost?: string;
  /**
   * The mailbox's OAuth refresh token (`mailinfra:authorizations[address]`, a secret), used when its
   * `connection` is `oauth`. Without one, an OAuth mailbox is not connected to Smartlead yet:
   * `pendingAuthorization` is true and `npm run authorize` obtains it.
   */
  refreshToken?: pulumi.Input<string>;
}

/**
 * One sending mailbox: a Google Workspace user with a generated password (a Pulumi secret), ready to be
 * connected over SMTP and IMAP. Removing it from the stack suspends the user unless `onDelete: delete`.
 * A mailbox whose config carries `renamedFrom` takes over the resources of its previous address: the
 * Workspace user is renamed in place (same user id, mail and password; the old address stays an alias),
 * the Smartlead account of the old address is disconnected and one for the new address connected.
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
  /** The Smartlead email account, when connected. */
  readonly smartleadAccount?: SmartleadEmailAccount;
  /**
   * True when the mailbox connects with OAuth but has no authorization yet: no Smartlead account is
   * registered for it until `npm run authorize -- --stack <stack>` has stored its refresh token.
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
        serviceAccountKey: google.serviceAccountKey,
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
    const sl = mailbox.smartlead;
    const wantsSmartlead = args.smartlead !== undefined && sl.enabled;
    const oauth = mailbox.connection === "oauth";
    this.pendingAuthorization = wantsSmartlead && oauth && args.refreshToken === undefined;
    if (args.smartlead && sl.enabled) {
      // An app password signs in where Google refuses the Workspace password (config/mailbox-connection.ts);
      // `connection: password` never gets here: config validation refuses it on google-workspace.
      const secret = mailbox.connection === "app-password" ? mailbox.appPassword : undefined;
      if (!oauth && secret === undefined) {
        throw new Error(
          `${mailbox.address}: connection ${mailbox.connection} has no app password (config validation)`,
        );
      }
      const login = (endpoint: pulumi.Output<MailEndpoint>) =>
        pulumi.all([endpoint, secret as pulumi.Input<string>]).apply(([e, password]) => ({
          host: e.host,
          port: e.port,
          security: e.security,
          username: e.username,
          password,
        }));
      this.smartleadAccount = new SmartleadEmailAccount(
        `${name}-smartlead`,
        {
          fromName: `${mailbox.firstName} ${mailbox.lastName}`,
          // The declared address, not the user's live one: known at preview, so a rename plans a replace.
          fromEmail: mailbox.address,
          // Not authorized yet: still registered (as pending), so an account connected before is never
          // disconnected or deleted because its mailbox moved to OAuth ahead of its authorization.
          ...(this.pendingAuthorization
            ? { connection: { kind: "pending" as const, authorizeCommand: authorizeCommand() } }
            : oauth
              ? { connection: oauthConnection(google, args.refreshToken) }
              : { smtp: login(this.user.smtp), imap: login(this.user.imap) }),
          maxEmailsPerDay: sl.maxEmailsPerDay,
          warmup: sl.warmup,
          campaignIds: sl.campaignIds,
          onDelete: sl.onDelete,
          ...(args.trackingHost ? { customTrackingUrl: args.trackingHost } : {}),
          apiKey: args.smartlead.apiKey,
          baseUrl: args.smartlead.baseUrl,
          ...(args.smartlead.rateLimit ? { rateLimit: args.smartlead.rateLimit } : {}),
          ...(servers?.selfSignedCertificates ? { loginCheck: { allowSelfSignedCertificates: true } } : {}),
        },
        // Smartlead cannot change an account's address (its update endpoint has no from_email), so under
        // the alias a new address replaces the account: the new one is connected, then the old one is
        // disconnected (onDelete), keeping its history.
        withAlias({ parent: this }, previous && `${previous}-smartlead`),
      );
    }
    this.email = this.user.email;
    this.smtp = this.user.smtp;
    this.imap = this.user.imap;
    this.password = this.user.password;
    this.suspended = this.user.suspended;
    this.registerOutputs({
      email: this.email,
      smtp: this.smtp,
      imap: this.imap,
      suspended: this.suspended,
      smartleadAccountId: this.smartleadAccount?.emailAccountId,
    });
  }
}

/**
 * The OAuth connection of a mailbox: the stack's OAuth client (config validation guarantees it for OAuth
 * mailboxes), its refresh token, and the token endpoint of Google or the emulator (`google.rootUrl`).
 */
function oauthConnection(
  google: GoogleConfig,
  refreshToken: pulumi.Input<string> | undefined,
): SmartleadOAuthConnectionArgs {
  const client = google.oauthClient;
  if (client === undefined || refreshToken === undefined) {
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

/**
 * The name this mailbox had under its previous address (`renamedFrom`), or undefined. Resource names come
 * from the address (MailDomain names each Mailbox by it, its children add `-user` and `-smartlead`), so a
 * rename changes every name; aliases to the old names make the engine update the existing resources instead
 * of creating new ones and deleting the old (which would suspend the user and lose its mail).
 */
function previousName(name: string, mailbox: MailboxConfig): string | undefined {
  if (!mailbox.renamedFrom || !name.includes(mailbox.address)) return undefined;
  return name.split(mailbox.address).join(mailbox.renamedFrom);
}

/** `opts` plus an alias to `previous` under the same parent (Pulumi aliases: a name alone keeps the parent). */
function withAlias<T extends pulumi.ResourceOptions>(opts: T | undefined, previous: string | undefined): T {
  if (!previous) return { ...opts } as T;
  return { ...opts, aliases: [...(opts?.aliases ?? []), { name: previous }] } as T;
}
