import { externalReportDomains } from "../dns/dmarc";
import { isConfigKey, misplacedKeyIssue, unknownKeyIssue } from "./config-keys";
import { isPlainObject, mergeDefaults, setByDomain } from "./defaults";
import { reportsMailboxUri } from "./dmarc-reports";
import { type ConfigIssue, configError, configPath, NAMESPACE, uniqueIssues } from "./issue";
import { recordDomainSource } from "./provenance";
import { type DomainConfig, domainSchema, type MailinfraConfig, stackConfigInputSchema } from "./schema";
import { issuesFromZod } from "./schema-issues";

/**
 * Keys as Pulumi passes them (`mailinfra:domains`) or bare (`domains`). Keys of other namespaces are ignored,
 * except those meant for mailinfra (`mailinfa:defaults`, `pulumi:domains`): those are errors.
 */
function stripNamespace(raw: Record<string, unknown>): {
  values: Record<string, unknown>;
  issues: ConfigIssue[];
} {
  const values: Record<string, unknown> = {};
  const issues: ConfigIssue[] = [];
  for (const [key, value] of Object.entries(raw)) {
    const colon = key.indexOf(":");
    if (colon >= 0 && key.slice(0, colon) !== NAMESPACE) {
      const misplaced = misplacedKeyIssue(key);
      if (misplaced) issues.push(misplaced);
      continue;
    }
    const bare = colon >= 0 ? key.slice(colon + 1) : key;
    if (!isConfigKey(bare)) {
      issues.push(unknownKeyIssue(bare));
      continue;
    }
    values[bare] = value;
  }
  return { values, issues };
}

function defaultsIssues(defaults: unknown): ConfigIssue[] {
  if (defaults === undefined || !isPlainObject(defaults)) return [];
  const issues: ConfigIssue[] = [];
  if ("name" in defaults) {
    issues.push(
      configError(
        configPath(["defaults", "name"]),
        "cannot be a default: every domain has its own name",
        "Remove `name` from mailinfra:defaults and set it on each entry of mailinfra:domains.",
      ),
    );
  }
  const dns = defaults.dns;
  if (isPlainObject(dns) && "zoneId" in dns) {
    issues.push(
      configError(
        configPath(["defaults", "dns", "zoneId"]),
        "cannot be a default: a Cloudflare zone id belongs to one domain",
        "Move `dns.zoneId` to the domain entry whose zone it is.",
      ),
    );
  }
  return issues;
}

function parseDomain(
  raw: unknown,
  index: number,
  defaults: Record<string, unknown> | undefined,
  reportsMailbox: string | undefined,
): { domain?: DomainConfig; issues: ConfigIssue[] } {
  if (!isPlainObject(raw)) {
    return {
      issues: [
        configError(
          configPath(["domains", index]),
          "must be an object with at least `name` and `dns`",
          "Write the domain as `- name: example.com` followed by its settings; see stacks/Pulumi.example.yaml.",
        ),
      ],
    };
  }
  const parsed = domainSchema.safeParse(mergeDefaults(defaults, raw), { reportInput: true });
  if (parsed.success)
    return { domain: withReportsMailbox(parsed.data, raw, defaults, reportsMailbox), issues: [] };
  // Blame the line the user wrote: the domain entry if it sets the value, else mailinfra:defaults.
  const locate = (path: readonly PropertyKey[]) =>
    setByDomain(raw, path) || !setByDomain(defaults, path)
      ? configPath(["domains", index, ...path])
      : configPath(["defaults", ...path]);
  return { issues: issuesFromZod(parsed.error, locate) };
}

/** A domain that writes no `dmarc.rua` (nor inherits one) sends its aggregate reports to the stack's reports mailbox. */
function withReportsMailbox(
  domain: DomainConfig,
  raw: unknown,
  defaults: Record<string, unknown> | undefined,
  reportsMailbox: string | undefined,
): DomainConfig {
  const written = setByDomain(raw, ["dmarc", "rua"]) || setByDomain(defaults, ["dmarc", "rua"]);
  if (written || reportsMailbox === undefined) return domain;
  return { ...domain, dmarc: { ...domain.dmarc, rua: [reportsMailboxUri(reportsMailbox)] } };
}

/** Domains of this stack whose DMARC reports go to another domain of this stack: authorize them there. */
function linkReportDomains(domains: DomainConfig[]): DomainConfig[] {
  const byName = new Map(domains.map((d) => [d.name, new Set(d.dmarc.acceptReportsFor)]));
  for (const domain of domains) {
    for (const receiver of externalReportDomains(domain)) byName.get(receiver)?.add(domain.name);
  }
  return domains.map((d) => ({
    ...d,
    dmarc: { ...d.dmarc, acceptReportsFor: [...(byName.get(d.name) ?? [])].sort() },
  }));
}

/**
 * Pure: the `mailinfra:` configuration (keys with or without the namespace) → the parsed config, with
 * defaults merged into each domain (domain wins) and names in punycode. Reports every schema problem at
 * once with its exact path and a fix; `config` is undefined when there is any error. Never throws.
 * Cross-field deliverability checks are `validateConfig`'s job.
 */
export function parseConfig(raw: unknown): { config?: MailinfraConfig; issues: ConfigIssue[] } {
  if (!isPlainObject(raw)) {
    return {
      issues: [
        configError(
          `${NAMESPACE}:`,
          "the configuration is not a map of settings",
          "Put the settings under `config:` in stacks/Pulumi.<stack>.yaml as `mailinfra:domains`, `mailinfra:defaults`, ...",
        ),
      ],
    };
  }
  const { values, issues } = stripNamespace(raw);
  const { domains: rawDomains, ...rest } = values;
  const top = stackConfigInputSchema.omit({ domains: true }).safeParse(rest, { reportInput: true });
  if (!top.success) issues.push(...issuesFromZod(top.error, configPath));

  const domainList = stackConfigInputSchema.shape.domains.safeParse(rawDomains, { reportInput: true });
  if (!domainList.success)
    issues.push(...issuesFromZod(domainList.error, (p) => configPath(["domains", ...p])));

  const defaults = isPlainObject(values.defaults) ? values.defaults : undefined;
  issues.push(...defaultsIssues(defaults));

  const domains: DomainConfig[] = [];
  const rawEntries = domainList.success ? domainList.data : [];
  rawEntries.forEach((rawDomain, index) => {
    const result = parseDomain(rawDomain, index, defaults, top.data?.dmarcReports?.mailbox);
    issues.push(...result.issues);
    if (result.domain) domains.push(result.domain);
  });

  const unique = uniqueIssues(issues);
  if (unique.some((i) => i.severity === "error") || !top.success) return { issues: unique };
  const { defaults: _consumed, ...settings } = top.data;
  const linked = linkReportDomains(domains);
  linked.forEach((domain, index) => {
    recordDomainSource(domain, { index, raw: rawEntries[index], defaults });
  });
  return { config: { ...settings, domains: linked }, issues: unique };
}
