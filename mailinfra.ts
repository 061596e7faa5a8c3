/**
 * mailinfra as a library: what another Pulumi program imports (`import { MailDomain, parseDomain } from
 * "mailinfra"`). The package ships this module compiled (`npm run build`: dist/mailinfra.js and its
 * declarations), with the components and the dynamic providers they load; `index.ts` is mailinfra's own program.
 *
 * @example
 * ```ts
 * import { MailDomain } from "mailinfra";
 *
 * export = async () => {
 *   const mail = new MailDomain("acme-outreach", {
 *     domain: { name: "acme-outreach.com", dns: { host: "manual", registrar: "namecheap" } },
 *   });
 *   return { records: mail.registrarInstructions, ready: mail.ready };
 * };
 * ```
 */

// Configuration: one domain as a person writes it, or the whole `mailinfra:` stack configuration.
export type { ConfigIssue } from "./components/config/issue";
export { loadConfig, parseConfig } from "./components/config/load";
export { type DomainEntry, parseDomain } from "./components/config/parse-domain";
export { MailinfraConfigError, reportIssues } from "./components/config/report";
export type {
  Authorizations,
  DomainConfig,
  GoogleConfig,
  MailboxConfig,
  MailinfraConfig,
  ReadinessConfig,
} from "./components/config/schema";
export type { MailDnsRecord } from "./components/dns/record";
// DNS hosts, for `MailDomainArgs.dnsHost`: the two adapters, and what a host of your own implements.
export { type CloudflareHostOptions, cloudflareHost } from "./components/dns-hosts/cloudflare";
// Records already in adopted Cloudflare zones: `mailinfra()` reads them itself; a program that builds its own
// MailDomains reads them first and passes `adoptions.get(name)` as each MailDomain's options.
export {
  type ExistingRecordsCheck,
  existingCloudflareRecords,
} from "./components/dns-hosts/cloudflare-existing-records-lookup";
export type {
  Delegation,
  DnsHost,
  DnsHostArgs,
  PublishedDns,
  PublishedRecord,
} from "./components/dns-hosts/dns-host";
export { manualHost } from "./components/dns-hosts/manual";
// Components.
export {
  type GoogleSettings,
  MailDomain,
  type MailDomainArgs,
  type ReadinessSettings,
} from "./components/mail-domain";
// A MailDomain builds its mailboxes from the domain as a person writes it (MailDomain.mailboxes); the type names them.
export type { Mailbox } from "./components/mailbox";
export {
  type Mailinfra,
  type MailinfraOutputs,
  mailinfra,
  type PendingAuthorization,
  program,
} from "./components/program";
export {
  type NameserverInstructions,
  nameserverInstructions,
  renderNameserverInstructions,
  renderRegistrarRecords,
} from "./components/registrars";
export type { Registrar } from "./components/registrars/registrar";
// Sending platforms, for `MailDomainArgs.sendingPlatform`: Smartlead, and what a platform of your own implements.
export { configuredSendingPlatform } from "./components/sending-platforms/configured";
export type {
  ConnectMailboxArgs,
  MailboxConnection,
  MailServerLogin,
  SendingAccount,
  SendingPlatform,
  WarmupSettings,
} from "./components/sending-platforms/sending-platform";
export { type SmartleadPlatformArgs, smartleadPlatform } from "./components/sending-platforms/smartlead";
export { DnsReadiness, type DnsReadinessArgs } from "./providers/readiness/readiness";
