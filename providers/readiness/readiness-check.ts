import type { MailDnsRecord } from "../../components/dns/record";
import type { Observation, QueryType } from "./observation";
import { canonicalName, judgeDelegation, judgeRecord, type Verdict } from "./record-match";

/** One thing the gate waits for on every resolver: a desired record, or the zone's delegation. */
export type ReadinessCheck =
  | { kind: "record"; key: string; record: MailDnsRecord }
  | { kind: "delegation"; key: string; domain: string; nameservers: string[] };

/** Identity of a record as DNS sees it: the TXT split, TTL and purpose do not change what must be served. */
export function recordKey(record: MailDnsRecord): string {
  const priority = record.type === "MX" ? ` ${record.priority ?? 0}` : "";
  const content = record.type === "TXT" ? record.content : canonicalName(record.content);
  return `${record.type} ${canonicalName(record.name)}${priority} ${content}`;
}

/** The checks for one domain, duplicates folded, delegation first when nameservers were assigned. */
export function readinessChecks(
  domain: string,
  records: MailDnsRecord[],
  nameservers?: string[],
): ReadinessCheck[] {
  const checks: ReadinessCheck[] = [];
  if (nameservers && nameservers.length > 0) {
    const apex = canonicalName(domain);
    checks.push({
      kind: "delegation",
      key: `NS ${apex}`,
      domain: apex,
      nameservers: nameservers.map(canonicalName),
    });
  }
  const seen = new Set<string>();
  for (const record of records) {
    const key = recordKey(record);
    if (seen.has(key)) continue;
    seen.add(key);
    checks.push({ kind: "record", key, record });
  }
  return checks;
}

/** What to ask a resolver for this check. */
export function checkQuery(check: ReadinessCheck): { name: string; type: QueryType } {
  return check.kind === "record"
    ? { name: canonicalName(check.record.name), type: check.record.type }
    : { name: check.domain, type: "NS" };
}

/**
 * A one-line name for people: `TXT _dmarc.example.com "v=DMARC1; p=none"`, `MX example.com 1 smtp.google.com`.
 * Long TXT values (DKIM keys) are cut after `maxValueLength` characters; registrar lines show them whole.
 */
export function checkLabel(check: ReadinessCheck, maxValueLength = Number.POSITIVE_INFINITY): string {
  if (check.kind === "delegation")
    return `NS ${check.domain} (delegation to ${check.nameservers.join(", ")})`;
  const r = check.record;
  const content = r.content.length > maxValueLength ? `${r.content.slice(0, maxValueLength)}…` : r.content;
  const value =
    r.type === "TXT" ? JSON.stringify(content) : r.type === "MX" ? `${r.priority ?? 0} ${content}` : content;
  return `${r.type} ${canonicalName(r.name)} ${value}`;
}

export function judgeCheck(check: ReadinessCheck, observation: Observation): Verdict {
  return check.kind === "record"
    ? judgeRecord(check.record, observation)
    : judgeDelegation(check.nameservers, observation);
}
