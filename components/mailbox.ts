import * as pulumi from "@pulumi/pulumi";
import { SmartleadEmailAccount } from "../providers/smartlead/email-account";
import type { MailEndpoint } from "../providers/workspace/mailbox-connection";
import { WorkspaceUser } from "../providers/workspace/workspace-user";
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

  constructor(name: string, args: MailboxArgs, opts?: pulumi.ComponentResourceOptions) {
    const previous = previousName(name, args.mailbox);
    super("mailinfra:index:Mailbox", name, {}, withAlias(opts, previous));
    const { mailbox, google } = args;
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
    if (args.smartlead && sl.enabled) {
      const login = (endpoint: pulumi.Output<MailEndpoint>) =>
        pulumi.all([endpoint, this.user.password]).apply(([e, password]) => ({
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
          smtp: login(this.user.smtp),
          imap: login(this.user.imap),
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
