import { hostnameProblem } from "../config/domain-name";
import { type ConfigIssue, configError } from "../config/issue";
import { isDmarcRecord } from "../dns/dmarc";
import type { MailDnsRecord } from "../dns/record";
import { isSpfRecord } from "../dns/spf-terms";
import { allPlannedRecords } from "./record-names";
import { type ConfigRule, type DomainContext, domainContexts } from "./rule";

/** One record the stack will publish, with the domain entry whose settings put it there. */
export interface OwnedRecord {
  record: MailDnsRecord;
  owner: DomainContext;
}

/** The setting that puts `record` in the zone: where a collision is reported, and what to change. */
export function settingPath({ record, owner }: OwnedRecord): string {
  switch (record.purpose) {
    case "tracking":
      return owner.path("tracking", "subdomain");
    case "verification":
      return owner.domain.platform.kind === "microsoft-365"
        ? owner.path("platform", "verification")
        : owner.path("platform");
    case "dkim":
      return owner.domain.platform.kind === "microsoft-365" ? owner.path("platform") : owner.path("dkim");
    case "dmarc-report-auth":
      return owner.path("dmarc", "acceptReportsFor");
    case "mx":
      return owner.path("platform");
    case "spf":
    case "dmarc":
      return owner.path(record.purpose);
  }
}

function describe(records: OwnedRecord[]): string {
  return records.map(({ record }) => `${record.purpose} ${record.type}`).join(", ");
}

function entry(owner: DomainContext): string {
  return `mailinfra:domains[${owner.index}] (${owner.domain.displayName})`;
}

/**
 * Every owner name the whole stack publishes, checked across domains: a CNAME alone at its name
 * (RFC 1034 §3.6.2, RFC 2181 §10.1), at most one SPF record per name (RFC 7208 §3.2: more than one makes
 * every check a permerror) and one DMARC record per `_dmarc` name (RFC 7489 §6.6.3: more than one means no
 * policy at all). The names come from the record builders themselves. Within one domain a CNAME's
 * neighbours are the per-domain record-names rule's; here they are those of other domains, e.g. a tracking
 * subdomain `mail` of a.test beside the domain mail.a.test, whose readiness gate would then never pass.
 */
export const stackRecordNamesRule: ConfigRule = (config) => {
  const records: OwnedRecord[] = [];
  const seenDomains = new Set<string>();
  for (const owner of domainContexts(config)) {
    // Bad and repeated domain names are the domain-names rule's; their records would only repeat it.
    if (hostnameProblem(owner.domain.name) !== undefined || seenDomains.has(owner.domain.name)) continue;
    seenDomains.add(owner.domain.name);
    records.push(...allPlannedRecords(owner.domain).map((record) => ({ record, owner })));
  }
  return ownerNameIssues(records);
};

/** The collisions among records of one stack, as config errors on the settings that caused them. */
export function ownerNameIssues(all: OwnedRecord[]): ConfigIssue[] {
  const byName = new Map<string, OwnedRecord[]>();
  for (const owned of all) byName.set(owned.record.name, [...(byName.get(owned.record.name) ?? []), owned]);
  const issues: ConfigIssue[] = [];
  for (const [name, records] of byName) {
    for (const cname of records.filter(({ record }) => record.type === "CNAME")) {
      const others = records.filter((r) => r !== cname && r.owner !== cname.owner);
      for (const other of new Set(others.map((r) => r.owner))) {
        const theirs = others.filter((r) => r.owner === other);
        issues.push(
          configError(
            settingPath(cname),
            `puts the ${cname.record.purpose} CNAME of ${cname.owner.domain.displayName} at ${name}, where ${entry(other)} publishes its ${describe(theirs)} record${theirs.length > 1 ? "s" : ""}; a CNAME must be the only record at its name (RFC 1034 §3.6.2), so DNS would serve one or the other and the readiness gate would never pass`,
            cname.record.purpose === "tracking"
              ? `Choose a tracking subdomain of ${cname.owner.domain.displayName} that is not the name of another domain in this stack (e.g. emailtracking), or remove mailinfra:domains[${other.index}].`
              : `Remove one of the two domains from this stack: ${cname.owner.domain.displayName} and ${other.domain.displayName} cannot both be served as configured.`,
          ),
        );
      }
    }
    const duplicates = (isKind: (txt: string) => boolean, kind: string, rfc: string, effect: string) => {
      const found = records.filter(({ record }) => record.type === "TXT" && isKind(record.content));
      if (found.length < 2) return;
      // The record the builder made for this purpose stays; every other one is the mistake.
      const [kept, ...extra] = [...found].sort(
        (a, b) => Number(b.record.purpose === kind) - Number(a.record.purpose === kind),
      );
      for (const duplicate of extra) {
        issues.push(
          configError(
            settingPath(duplicate),
            `makes ${name} publish a second ${kind.toUpperCase()} record: the ${duplicate.record.purpose} TXT of ${entry(duplicate.owner)} starts with ${kind === "spf" ? "v=spf1" : "v=DMARC1"}, beside the ${kept.record.purpose} TXT of ${entry(kept.owner)}; ${rfc}`,
            `Keep one ${kind.toUpperCase()} record at ${name}: ${effect}`,
          ),
        );
      }
    };
    duplicates(
      isSpfRecord,
      "spf",
      "with two SPF records every SPF check of the domain fails with a permerror (RFC 7208 §3.2, §4.5)",
      "put extra senders in spf.includes, spf.ip4 or spf.ip6, never in another TXT value.",
    );
    if (name.startsWith("_dmarc.")) {
      duplicates(
        isDmarcRecord,
        "dmarc",
        "with two DMARC records receivers apply no policy at all (RFC 7489 §6.6.3)",
        "set the policy in the domain's dmarc settings only.",
      );
    }
  }
  return issues;
}
