import { isDmarcRecord, sameDmarcPolicy } from "../../components/dns/dmarc";
import type { MailDnsRecord } from "../../components/dns/record";
import type { FoundValue, Observation } from "./observation";

/** How one desired record (or the delegation) stands on one resolver. */
export type Verdict =
  | { state: "present" }
  /** Not there. `detail` says what was there instead (NXDOMAIN, no record of the type, unrelated records). */
  | { state: "missing"; detail: string }
  /** There, but not as desired, or broken by a neighbour (two SPF records). */
  | { state: "wrong"; detail: string }
  /** The resolver gave no usable answer. */
  | { state: "no-answer"; detail: string }
  /** Not asked yet, or the first answer is still on its way. */
  | { state: "pending" };

/** DNS names compare case-insensitively, and `example.com.` is `example.com`. */
export function sameDnsName(a: string, b: string): boolean {
  return canonicalName(a) === canonicalName(b);
}

export function canonicalName(name: string): string {
  return name.trim().replace(/\.+$/, "").toLowerCase();
}

/** A found record as a person would type it: TXT quoted and joined, MX `priority host`. */
export function describeFound(value: FoundValue): string {
  switch (value.type) {
    case "TXT":
      return JSON.stringify(value.strings.join(""));
    case "MX":
      return `${value.priority} ${canonicalName(value.exchange)}`;
    case "CNAME":
      return canonicalName(value.target);
    case "NS":
      return canonicalName(value.host);
  }
}

/**
 * What a TXT value is *for*, so a different value for the same purpose reads as "wrong" and an
 * unrelated neighbour (a verification token next to SPF) does not: the version tag when there is
 * one (`v=spf1`, `v=DMARC1`, `v=DKIM1`), otherwise the key before the first `=`.
 */
export function txtKind(value: string): string {
  const tagged = /^\s*v\s*=\s*([^;\s]+)/i.exec(value);
  if (tagged) return `v=${tagged[1]!.toLowerCase()}`;
  const eq = value.indexOf("=");
  return eq > 0 ? value.slice(0, eq).trim().toLowerCase() : value.trim().toLowerCase();
}

/** Kinds that must appear at most once at a name: receivers treat two as an error (RFC 7208 4.5, RFC 7489 6.6.3). */
const SINGLE_RECORD_KINDS: Record<string, string> = {
  "v=spf1": "SPF fails with a permerror when a name has two v=spf1 records; keep exactly one",
  "v=dmarc1": "receivers ignore DMARC when a name has two v=DMARC1 records; keep exactly one",
};

function negative(observation: Observation, type: string): Verdict | undefined {
  switch (observation.kind) {
    case "nxdomain":
      return { state: "missing", detail: "no such name (NXDOMAIN)" };
    case "nodata":
      return { state: "missing", detail: `no ${type} record at the name` };
    case "failure":
      return { state: "no-answer", detail: observation.code };
    case "records":
      return undefined;
  }
}

function judgeTxt(desired: MailDnsRecord, found: FoundValue[]): Verdict {
  const values = found.flatMap((f) => (f.type === "TXT" ? [f.strings.join("")] : []));
  if (values.length === 0) return { state: "missing", detail: "no TXT record at the name" };
  const kind = txtKind(desired.content);
  const sameKind = values.filter((v) => txtKind(v) === kind);
  const single = SINGLE_RECORD_KINDS[kind];
  if (single && sameKind.length > 1) {
    return {
      state: "wrong",
      detail: `${sameKind.length} ${kind} records: ${sameKind.map((v) => JSON.stringify(v)).join(" and ")}; ${single}`,
    };
  }
  // TXT content is compared byte for byte once joined: how it is split into strings does not matter. A DMARC
  // record is compared as receivers read it, so the pct=100 of records published before RFC 9989 still counts.
  if (values.includes(desired.content)) return { state: "present" };
  if (isDmarcRecord(desired.content) && sameKind.some((v) => sameDmarcPolicy(v, desired.content))) {
    return { state: "present" };
  }
  if (sameKind.length > 0) {
    return { state: "wrong", detail: `found ${sameKind.map((v) => JSON.stringify(v)).join(", ")}` };
  }
  return {
    state: "missing",
    detail: `only other TXT records: ${values.map((v) => JSON.stringify(v)).join(", ")}`,
  };
}

function judgeMx(desired: MailDnsRecord, found: FoundValue[]): Verdict {
  const mx = found.flatMap((f) => (f.type === "MX" ? [f] : []));
  if (mx.length === 0) return { state: "missing", detail: "no MX record at the name" };
  const sameHost = mx.filter((f) => sameDnsName(f.exchange, desired.content));
  if (sameHost.some((f) => f.priority === desired.priority)) return { state: "present" };
  const listed = mx.map(describeFound).join(", ");
  if (sameHost.length > 0) return { state: "wrong", detail: `found MX ${listed} (priority differs)` };
  return { state: "missing", detail: `only other MX records: ${listed}` };
}

function judgeCname(desired: MailDnsRecord, found: FoundValue[]): Verdict {
  const targets = found.flatMap((f) => (f.type === "CNAME" ? [f] : []));
  if (targets.length === 0) return { state: "missing", detail: "no CNAME record at the name" };
  if (targets.some((f) => sameDnsName(f.target, desired.content))) return { state: "present" };
  return { state: "wrong", detail: `found CNAME ${targets.map(describeFound).join(", ")}` };
}

/** Decides whether one resolver serves `desired`, comparing as DNS means it. */
export function judgeRecord(desired: MailDnsRecord, observation: Observation): Verdict {
  const early = negative(observation, desired.type);
  if (early) return early;
  const found = observation.kind === "records" ? observation.values : [];
  switch (desired.type) {
    case "TXT":
      return judgeTxt(desired, found);
    case "MX":
      return judgeMx(desired, found);
    case "CNAME":
      return judgeCname(desired, found);
  }
}

/** Delegation is right when the NS set a resolver returns is exactly the assigned one. */
export function judgeDelegation(assigned: string[], observation: Observation): Verdict {
  const early = negative(observation, "NS");
  if (early) return early;
  const found = observation.kind === "records" ? observation.values : [];
  const hosts = [...new Set(found.flatMap((f) => (f.type === "NS" ? [canonicalName(f.host)] : [])))].sort();
  const wanted = [...new Set(assigned.map(canonicalName))].sort();
  if (hosts.length === 0) return { state: "missing", detail: "no NS record at the name" };
  if (hosts.length === wanted.length && hosts.every((h, i) => h === wanted[i])) return { state: "present" };
  return { state: "wrong", detail: `found NS ${hosts.join(", ")}` };
}
