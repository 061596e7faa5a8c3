import { hostnameProblem } from "../config/domain-name";
import { type ConfigIssue, configError } from "../config/issue";
import { relativeName } from "../dns/name";
import type { MailDnsRecord } from "../dns/record";
import { planRecords } from "../dns/record-set";
import { perDomain } from "./rule";

/** Every record the domain will serve once all deploy-time values exist (their content is a placeholder). */
export function allPlannedRecords(domain: Parameters<typeof planRecords>[0]): MailDnsRecord[] {
  // Placeholders only make the conditional records appear; their content is never used here.
  return planRecords(domain, { googleVerificationToken: "token", dkimPublicKey: "key" });
}

/**
 * The tracking host is a usable web host name, and no CNAME sits at the apex or shares its name with
 * another record (RFC 1034 §3.6.2: a CNAME owns its name alone).
 */
export const recordNamesRule = perDomain(({ domain, path }) => {
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
    const problem = hostnameProblem(`${tracking.subdomain}.${domain.name}`);
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
