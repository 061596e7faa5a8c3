import { hostnameProblem } from "../config/domain-name";
import { type ConfigIssue, configError, configWarning } from "../config/issue";
import type { MailinfraConfig } from "../config/schema";
import { relativeName } from "../dns/name";
import type { MailDnsRecord } from "../dns/record";
import { planRecords } from "../dns/record-set";
import { publicSuffixListing } from "./public-suffix";
import { type DomainContext, domainContexts, perDomain } from "./rule";

/** Every record the domain will serve once all deploy-time values exist (their content is a placeholder). */
export function allPlannedRecords(domain: Parameters<typeof planRecords>[0]): MailDnsRecord[] {
  // Placeholders only make the conditional records appear; their content is never used here.
  return planRecords(domain, { googleVerificationToken: "token", dkimPublicKey: "key" });
}

/**
 * A tracking subdomain written as a whole host under another domain. Under this one it was already made
 * relative (`trackingLabel`); an absolute name (trailing dot) or a host of another domain of the stack
 * cannot be served from this domain's DNS, so they are errors. A name that merely ends in a real TLD
 * (`track.other.com`) is only a warning: `track.email` is also a sensible label under example.com.
 */
function trackingHostIssues(
  { domain, path, inherited }: DomainContext,
  config: MailinfraConfig,
): ConfigIssue[] {
  if (domain.tracking.provider === "none") return [];
  const label = domain.tracking.subdomain;
  const at = path("tracking", "subdomain");
  const shown = inherited("tracking", "subdomain") ? "<domain>" : domain.displayName;
  const fix = `Write only the label under ${shown}, e.g. track for track.${shown}.`;
  if (label.endsWith(".")) {
    return [
      configError(
        at,
        `"${label}" is an absolute host name (it ends with a dot) outside ${shown}; the tracking CNAME is published in ${shown}'s DNS, so it must be a name under ${shown}`,
        fix,
      ),
    ];
  }
  const other = domainContexts(config).find(
    (c) => c.domain.name !== domain.name && (label === c.domain.name || label.endsWith(`.${c.domain.name}`)),
  );
  if (other !== undefined) {
    return [
      configError(
        at,
        `"${label}" is a host of mailinfra:domains[${other.index}] (${other.domain.displayName}), but a tracking subdomain is a label under ${shown}: the CNAME would be published at ${label}.${domain.name}, and Smartlead would be given that host`,
        `Set tracking.subdomain on mailinfra:domains[${other.index}] for a host under ${other.domain.displayName}; here, ${fix.charAt(0).toLowerCase()}${fix.slice(1)}`,
      ),
    ];
  }
  const registrable = publicSuffixListing(label).icannRegistrableDomain;
  if (registrable === undefined) return [];
  return [
    configWarning(
      at,
      `"${label}" looks like a host under ${registrable}, but a tracking subdomain is a label under ${shown}: the CNAME will be published at ${label}.${inherited("tracking", "subdomain") ? "<domain>" : domain.name}, and Smartlead will be given that host`,
      `${fix} Keep it only if you do mean ${label}.${shown}.`,
    ),
  ];
}

/**
 * The tracking host is a usable web host name, and no CNAME sits at the apex or shares its name with
 * another record (RFC 1034 §3.6.2: a CNAME owns its name alone).
 */
export const recordNamesRule = perDomain((ctx, config) => {
  const { domain, path } = ctx;
  const issues: ConfigIssue[] = [];
  const tracking = domain.tracking;
  // A bad domain name is reported once, at `name`, by the domain-names rule; every host under it would
  // be bad too, and blaming tracking.subdomain for it sends the user to a setting they never wrote.
  if (hostnameProblem(domain.name) !== undefined) return issues;
  if (tracking.provider !== "none") {
    if (tracking.subdomain === "@" || tracking.subdomain === "") {
      issues.push(
        configError(
          path("tracking", "subdomain"),
          `puts the tracking CNAME at the apex of ${domain.name}; a CNAME there would replace the MX, SPF and DMARC records`,
          "Use a subdomain such as emailtracking (the default).",
        ),
      );
      return issues;
    }
    issues.push(...trackingHostIssues(ctx, config));
    const problem = tracking.subdomain.endsWith(".")
      ? undefined
      : hostnameProblem(`${tracking.subdomain}.${domain.name}`);
    if (problem) {
      issues.push(
        configError(
          path("tracking", "subdomain"),
          `"${tracking.subdomain}" makes a host name that ${problem}`,
          "Use letters, digits and hyphens only (no underscores: browsers need a valid TLS host name).",
        ),
      );
    }
    const targetProblem = hostnameProblem(tracking.target);
    if (targetProblem) {
      issues.push(
        configError(
          path("tracking", "target"),
          `"${tracking.target}" ${targetProblem}`,
          "Write the host name only, without https:// or a path.",
        ),
      );
    }
  }
  const records = allPlannedRecords(domain);
  const byName = new Map<string, MailDnsRecord[]>();
  for (const record of records) byName.set(record.name, [...(byName.get(record.name) ?? []), record]);
  for (const record of records.filter((r) => r.type === "CNAME")) {
    const where = record.purpose === "tracking" ? path("tracking", "subdomain") : path("platform");
    if (record.name === domain.name) {
      issues.push(
        configError(
          where,
          `a CNAME at the apex of ${domain.name} is not allowed next to MX and TXT records`,
          "Move it to a subdomain.",
        ),
      );
      continue;
    }
    const others = (byName.get(record.name) ?? []).filter((r) => r !== record);
    if (others.length > 0) {
      issues.push(
        configError(
          where,
          `the ${record.purpose} CNAME ${relativeName(record.name, domain.name)} has the same name as the ${others.map((o) => `${o.purpose} ${o.type}`).join(", ")} record`,
          "Choose another tracking subdomain; a CNAME cannot share its name with any other record.",
        ),
      );
    }
  }
  return issues;
});
