import type { z } from "zod";
import { credentialConfigIssues } from "../../providers/credentials";
import { SmartleadEmailAccount } from "../../providers/smartlead/email-account";
import { reportIssues } from "../config/report";
import { type SmartleadConfig, smartleadInputSchema } from "../config/schema";
import { settingsSection } from "../config/settings-section";
import { withAlias } from "../mailbox-rename";
import type { ConnectMailboxArgs, SendingAccount, SendingPlatform } from "./sending-platform";
import { campaignPreflight } from "./smartlead-campaign-preflight";
import { smartleadCampaignStandings } from "./smartlead-campaign-standing";

/** The suffix of a mailbox's Smartlead account resource: part of its URN, so it never changes. */
const RESOURCE_SUFFIX = "smartlead";

/**
 * `mailinfra:smartlead` as a person writes it (the stack YAML's, or an object a program passes): only `apiKey`
 * is required. The accounts do not take the key from here: the engine hands the stack configuration's
 * `mailinfra:smartlead.apiKey` to their provider process, which holds it once for the whole stack, so it must be set
 * there (`pulumi config set --secret --path 'mailinfra:smartlead.apiKey' <api-key>`; without it connecting a
 * mailbox throws, naming that path). `apiKey` here serves the program's own checks (`preflight`: campaign ids).
 * The same holds for an OAuth mailbox's client secret (`mailinfra:google.oauthClient.clientSecret`).
 * @example
 * ```ts
 * { apiKey: new pulumi.Config("mailinfra").requireSecret("smartleadApiKey") }
 * ```
 */
export type SmartleadPlatformArgs = z.input<typeof smartleadInputSchema>;

/**
 * Smartlead as the stack's sending platform (`mailinfra:smartlead`): each mailbox whose `smartlead.enabled` is
 * not false becomes a `SmartleadEmailAccount` (`<mailbox>-smartlead`, child of its Mailbox) with its warmup,
 * sending limit, tracking domain and campaigns; `preflight` checks the declared campaign ids, read only.
 *
 * @example
 * ```ts
 * new MailDomain(domain.name, { domain, google, sendingPlatform: smartleadPlatform({ apiKey }) });
 * ```
 * Settings that do not parse (a plain-text key, a bad `baseUrl`) throw one `MailinfraConfigError` naming each
 * at its `mailinfra:smartlead` path with its fix, as the stack configuration's own check does.
 */
export function smartleadPlatform(args: SmartleadPlatformArgs | SmartleadConfig): SendingPlatform {
  const smartlead = smartleadConfig(args);
  return {
    name: "Smartlead",
    joins: (mailbox) => mailbox.smartlead.enabled,
    connectMailbox: (args) => connectMailbox(smartlead, args),
    preflight: (config) => campaignPreflight(config),
    campaignStandings: (config) => smartleadCampaignStandings(config),
  };
}

/** The defaults (`baseUrl`) filled in by the schema that owns them; a parsed config parses to itself. */
function smartleadConfig(args: SmartleadPlatformArgs | SmartleadConfig): SmartleadConfig {
  return settingsSection(smartleadInputSchema, "smartlead", args);
}

function connectMailbox(smartlead: SmartleadConfig, args: ConnectMailboxArgs): SendingAccount {
  const { mailbox, name, previousName } = args;
  reportIssues(
    credentialConfigIssues(
      args.connection.kind === "oauth" ? ["smartleadApiKey", "oauthClientSecret"] : ["smartleadApiKey"],
    ),
  );
  // The provider process holds the OAuth client's secret (from the stack configuration), so the account never does.
  const connection =
    args.connection.kind === "oauth"
      ? (({ clientSecret: _held, ...declared }) => declared)(args.connection)
      : args.connection;
  const settings = mailbox.smartlead;
  const account = new SmartleadEmailAccount(
    `${name}-${RESOURCE_SUFFIX}`,
    {
      fromName: `${mailbox.firstName} ${mailbox.lastName}`,
      // The declared address, not the user's live one: known at preview, so a rename plans a replace.
      fromEmail: mailbox.address,
      // A pending mailbox is still registered, so an account connected before is never disconnected or
      // deleted because its mailbox moved to OAuth ahead of its authorization. Password logins go in the
      // top-level smtp/imap, as they always have (state written before connections existed).
      ...(connection.kind === "password" ? { smtp: connection.smtp, imap: connection.imap } : { connection }),
      maxEmailsPerDay: settings.maxEmailsPerDay,
      warmup: settings.warmup,
      campaignIds: settings.campaignIds,
      ...(args.campaignAdmission === undefined ? {} : { campaignAdmission: args.campaignAdmission }),
      onDelete: settings.onDelete,
      ...(args.trackingHost ? { customTrackingUrl: args.trackingHost } : {}),
      baseUrl: smartlead.baseUrl,
      ...(smartlead.rateLimit ? { rateLimit: smartlead.rateLimit } : {}),
      ...(args.allowSelfSignedCertificates ? { loginCheck: { allowSelfSignedCertificates: true } } : {}),
    },
    // Smartlead cannot change an account's address (its update endpoint has no from_email), so under the
    // alias a new address replaces the account: the new one is connected, then the old one is disconnected
    // (onDelete), keeping its history.
    withAlias({ parent: args.parent }, previousName && `${previousName}-${RESOURCE_SUFFIX}`),
  );
  return {
    resource: account,
    accountId: account.emailAccountId,
    warmup: account.warmup,
    connected: account.connected,
    pendingAuthorization: connection.kind === "pending",
  };
}
