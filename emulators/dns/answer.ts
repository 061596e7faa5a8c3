import type { Answer } from "dns-packet";
import { canonicalDnsName, type ZoneRecord } from "./zone-record";

/** Authoritative servers set AA and refuse names outside their zones; resolvers set RA and answer anything. */
export type ServerRole = "authoritative" | "resolver";

export interface Resolution {
  rcode: "NOERROR" | "NXDOMAIN" | "REFUSED";
  /** AA flag: the answer comes from the zone itself. */
  authoritative: boolean;
  answers: Answer[];
  /** The SOA for negative answers (RFC 2308), so clients know how long to cache the absence. */
  authorities: Answer[];
}

const MAX_CNAME_HOPS = 8;

function zoneApexFor(records: readonly ZoneRecord[], name: string): ZoneRecord | undefined {
  let best: ZoneRecord | undefined;
  for (const r of records) {
    if (r.type !== "SOA") continue;
    if (name === r.name || name.endsWith(`.${r.name}`)) {
      if (!best || r.name.length > best.name.length) best = r;
    }
  }
  return best;
}

/** A name exists if it owns records or is an empty non-terminal above names that do (RFC 8020). */
function nameExists(records: readonly ZoneRecord[], name: string): boolean {
  return records.some((r) => r.name === name || r.name.endsWith(`.${name}`));
}

/**
 * The records a wildcard gives `name` when it owns none (RFC 4592 §3.3.1): those at `*.<closest encloser>`, the
 * closest encloser being the nearest ancestor of `name` (up to the apex) that exists. DNSBLs such as Spamhaus DBL
 * and SURBL multi are wildcarded zones.
 */
function wildcardRecords(records: readonly ZoneRecord[], name: string, apex: string): ZoneRecord[] {
  let encloser = name;
  while (encloser !== apex && encloser.includes(".")) {
    encloser = encloser.slice(encloser.indexOf(".") + 1);
    if (nameExists(records, encloser)) break;
  }
  const source = `*.${encloser}`;
  return records.filter((r) => r.name === source).map((r) => ({ ...r, name }));
}

/** Converts a stored record to dns-packet's shape, with the owner spelled as the client asked. */
export function toPacketAnswer(record: ZoneRecord, owner: string): Answer {
  const base = { name: owner, ttl: record.ttl, class: "IN" as const };
  switch (record.type) {
    case "TXT":
      // dns-packet turns strings into Buffers in place while encoding: hand it a fresh array.
      return { ...base, type: "TXT", data: record.strings.map((s) => Buffer.from(s)) };
    case "MX":
      return { ...base, type: "MX", data: { preference: record.priority, exchange: record.exchange } };
    case "CNAME":
      return { ...base, type: "CNAME", data: record.target };
    case "NS":
      return { ...base, type: "NS", data: record.host };
    case "A":
      return { ...base, type: "A", data: record.address };
    case "SOA":
      return { ...base, type: "SOA", data: { ...record.soa } };
  }
}

function negativeSoa(soa: ZoneRecord & { type: "SOA" }): Answer {
  const answer = toPacketAnswer(soa, soa.name);
  return { ...answer, ttl: Math.min(soa.ttl, soa.soa.minimum) } as Answer;
}

/**
 * Answers one question from one version of the zones, the way BIND would: CNAMEs chased,
 * NXDOMAIN for names that do not exist, NOERROR with no answers (NODATA) for names that exist
 * without the asked type, the zone's SOA in the authority section of negative answers.
 */
export function resolveQuestion(
  records: readonly ZoneRecord[],
  question: { name: string; type: string },
  role: ServerRole,
): Resolution {
  const qtype = question.type.toUpperCase();
  let owner = question.name.replace(/\.+$/, "");
  let name = canonicalDnsName(owner);
  const answers: Answer[] = [];
  let apex = zoneApexFor(records, name);
  if (!apex) {
    return role === "authoritative"
      ? { rcode: "REFUSED", authoritative: false, answers, authorities: [] }
      : { rcode: "NXDOMAIN", authoritative: false, answers, authorities: [] };
  }
  const aa = role === "authoritative";

  for (let hop = 0; hop <= MAX_CNAME_HOPS; hop++) {
    const owned = records.filter((r) => r.name === name);
    const atName =
      owned.length > 0 || nameExists(records, name) ? owned : wildcardRecords(records, name, apex.name);
    const cname = atName.find((r) => r.type === "CNAME");
    if (cname && cname.type === "CNAME" && qtype !== "CNAME" && qtype !== "ANY") {
      answers.push(toPacketAnswer(cname, owner));
      name = cname.target;
      owner = cname.target;
      const nextApex = zoneApexFor(records, name);
      if (!nextApex) {
        // Target outside every zone here: an authoritative server stops at the CNAME; in this
        // closed world a resolver would find nothing beyond it.
        return role === "authoritative"
          ? { rcode: "NOERROR", authoritative: aa, answers, authorities: [] }
          : { rcode: "NXDOMAIN", authoritative: false, answers, authorities: [] };
      }
      apex = nextApex;
      continue;
    }
    const matching = atName.filter((r) => qtype === "ANY" || r.type === qtype);
    if (matching.length > 0) {
      answers.push(...matching.map((r) => toPacketAnswer(r, owner)));
      return { rcode: "NOERROR", authoritative: aa, answers, authorities: [] };
    }
    const soa = apex.type === "SOA" ? negativeSoa(apex) : undefined;
    return {
      rcode: nameExists(records, name) || atName.length > 0 ? "NOERROR" : "NXDOMAIN",
      authoritative: aa,
      answers,
      authorities: soa ? [soa] : [],
    };
  }
  // A CNAME loop: what BIND reports for a chain it cannot finish.
  return { rcode: "NOERROR", authoritative: aa, answers, authorities: [] };
}
