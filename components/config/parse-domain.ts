import type { z } from "zod";
import { validateConfigSync } from "../validation/validate";
import { type ConfigIssue, configPath } from "./issue";
import { parseConfig } from "./parse";
import { reportIssues } from "./report";
import type { DomainConfig, domainInputSchema } from "./schema";

/**
 * One sending domain as a person writes it: an entry of `mailinfra:domains` in stack YAML, or the object a
 * program passes to `parseDomain` / `MailDomain`. Every field but `name` and `dns` has a default.
 * @example
 * ```ts
 * const entry: DomainEntry = {
 *   name: "acme-outreach.com",
 *   dns: { host: "manual", registrar: "namecheap" },
 *   mailboxes: [{ username: "jane.doe", firstName: "Jane", lastName: "Doe" }],
 * };
 * ```
 */
export type DomainEntry = z.input<typeof domainInputSchema>;

/**
 * Validates one domain as a person writes it and returns the normalised `DomainConfig` the components use
 * (punycode name, per-platform defaults, mailbox settings inherited from the domain). The checks are the stack
 * configuration's own (schema and cross-field rules): warnings go to `pulumi.log.warn`, and any error throws one
 * `MailinfraConfigError` listing each with its path — written as the stack configuration names it,
 * `mailinfra:domains[0].…` — and its fix.
 *
 * @param defaults settings every domain inherits unless it sets them, as `mailinfra:defaults` holds them.
 * @example
 * ```ts
 * const domain = parseDomain({ name: "acme-outreach.com", dns: { host: "manual", registrar: "godaddy" } });
 * ```
 */
export function parseDomain(entry: DomainEntry, defaults?: Record<string, unknown>): DomainConfig {
  const { config, issues } = parseConfig({ domains: [entry], ...(defaults ? { defaults } : {}) });
  reportIssues(config ? [...issues, ...validateConfigSync(config).filter(aboutTheDomain)] : issues);
  // reportIssues throws when parsing failed, so the config exists here.
  return (config?.domains ?? [])[0] as DomainConfig;
}

/**
 * The accounts and the readiness gate are not part of a domain (a program passes them to MailDomain): a problem
 * at their paths (mailboxes without `mailinfra:google`, say) is not this domain's to report.
 */
const OTHER_SETTINGS = (
  ["google", "smartlead", "readiness", "authorizations", "dmarcReports", "health"] as const
).map((key) => configPath([key]));

/** Whether a check's issue is the domain's to report (not at a stack-level setting a program passes itself). */
export function aboutTheDomain(issue: ConfigIssue): boolean {
  const at = (key: string) =>
    issue.path === key || issue.path.startsWith(`${key}.`) || issue.path.startsWith(`${key}[`);
  return !OTHER_SETTINGS.some(at);
}

/** The normalised config as it is, or the written entry parsed by `parseDomain`. */
export function asDomainConfig(domain: DomainConfig | DomainEntry): DomainConfig {
  return isDomainConfig(domain) ? domain : parseDomain(domain);
}

/** A normalised config carries `displayName`, a field the written form does not accept. */
function isDomainConfig(domain: DomainConfig | DomainEntry): domain is DomainConfig {
  return "displayName" in domain;
}
