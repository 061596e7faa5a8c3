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
export { MailinfraConfigError } from "./components/config/report";
export type {
  Authorizations,
  DomainConfig,
  GoogleConfig,
  MailboxConfig,
  MailinfraConfig,
  ReadinessConfig,
} from "./components/config/schema";
export type { MailDnsRecord } from "./components/dns/record";
// DNS hosts, for `MailDomainArgs.dnsHost`.
export { type CloudflareHostOptions, cloudflareHost } from "./components/dns-hosts/cloudflare";
export type { DnsHost } from "./components/dns-hosts/dns-host";
export { manualHost } from "./components/dns-hosts/manual";
// Components.
export { MailDomain, type MailDomainArgs } from "./components/mail-domain";
export { Mailbox, type MailboxArgs } from "./components/mailbox";
export { type Mailinfra, mailinfra } from "./components/program";
// Sending platforms, for `MailDomainArgs.sendingPlatform`.
export type { SendingPlatform } from "./components/sending-platforms/sending-platform";
export { type SmartleadPlatformArgs, smartleadPlatform } from "./components/sending-platforms/smartlead";
export { DnsReadiness, type DnsReadinessArgs } from "./providers/readiness/readiness";
