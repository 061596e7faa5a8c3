import type { MailDnsRecord } from "../../components/dns/record";

/** Record types the test DNS world serves. */
export type ZoneRecordType = "TXT" | "MX" | "CNAME" | "NS" | "A" | "SOA";

export interface SoaFields {
  /** Primary nameserver host. */
  mname: string;
  /** Responsible mailbox, in DNS form (`hostmaster.example.com`). */
  rname: string;
  serial: number;
  refresh: number;
  retry: number;
  expire: number;
  /** Negative-caching TTL (RFC 2308). */
  minimum: number;
}

/** One resource record as the zone store holds it: owner name lower case, no trailing dot. */
export type ZoneRecord =
  | { name: string; type: "TXT"; ttl: number; strings: string[] }
  | { name: string; type: "MX"; ttl: number; priority: number; exchange: string }
  | { name: string; type: "CNAME"; ttl: number; target: string }
  | { name: string; type: "NS"; ttl: number; host: string }
  | { name: string; type: "A"; ttl: number; address: string }
  | { name: string; type: "SOA"; ttl: number; soa: SoaFields };

type WithOptionalTtl<T> = T extends { ttl: number } ? Omit<T, "ttl"> & { ttl?: number } : never;

/** What tests pass to the zone store: like `ZoneRecord`, TTL optional, names in any case, dots allowed. */
export type ZoneRecordInput = WithOptionalTtl<ZoneRecord>;

export const DEFAULT_TTL = 300;

/** DNS names compare case-insensitively and the root dot is implied; the store keeps one spelling. */
export function canonicalDnsName(name: string): string {
  return name.trim().replace(/\.+$/, "").toLowerCase();
}

/** Normalizes a test's record and refuses what DNS could not carry (a character-string over 255 bytes). */
export function toZoneRecord(input: ZoneRecordInput): ZoneRecord {
  const name = canonicalDnsName(input.name);
  const ttl = input.ttl ?? DEFAULT_TTL;
  switch (input.type) {
    case "TXT": {
      if (input.strings.length === 0) throw new Error(`TXT ${name}: a TXT record needs at least one string`);
      for (const s of input.strings) {
        const bytes = Buffer.byteLength(s);
        if (bytes > 255) {
          throw new Error(
            `TXT ${name}: character-string of ${bytes} bytes; DNS allows at most 255 per string`,
          );
        }
      }
      return { name, type: "TXT", ttl, strings: [...input.strings] };
    }
    case "MX":
      return { name, type: "MX", ttl, priority: input.priority, exchange: canonicalDnsName(input.exchange) };
    case "CNAME":
      return { name, type: "CNAME", ttl, target: canonicalDnsName(input.target) };
    case "NS":
      return { name, type: "NS", ttl, host: canonicalDnsName(input.host) };
    case "A":
      return { name, type: "A", ttl, address: input.address };
    case "SOA":
      return {
        name,
        type: "SOA",
        ttl,
        soa: {
          ...input.soa,
          mname: canonicalDnsName(input.soa.mname),
          rname: canonicalDnsName(input.soa.rname),
        },
      };
  }
}

/** Splits a TXT value into 255-byte character-strings, never inside a UTF-8 sequence. */
export function splitTxtValue(value: string): string[] {
  const strings: string[] = [];
  let current = "";
  for (const ch of value) {
    if (Buffer.byteLength(current + ch) > 255) {
      strings.push(current);
      current = "";
    }
    current += ch;
  }
  strings.push(current);
  return strings;
}

/** The zone record a DNS host would publish for a desired mail record. */
export function zoneRecordFromMail(record: MailDnsRecord): ZoneRecordInput {
  switch (record.type) {
    case "TXT":
      return {
        name: record.name,
        type: "TXT",
        ttl: record.ttl,
        strings: record.strings ?? splitTxtValue(record.content),
      };
    case "MX":
      return {
        name: record.name,
        type: "MX",
        ttl: record.ttl,
        priority: record.priority ?? 0,
        exchange: record.content,
      };
    case "CNAME":
      return { name: record.name, type: "CNAME", ttl: record.ttl, target: record.content };
  }
}
