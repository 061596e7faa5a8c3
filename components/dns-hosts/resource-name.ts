import { relativeName } from "../dns/name";
import type { PublishedRecord } from "./dns-host";

/** What identifies a record inside its zone, for naming. MX targets must be known when the program runs. */
export type RecordIdentity = Pick<PublishedRecord, "name" | "type" | "purpose" | "priority" | "content">;

/**
 * The Pulumi name of the resource that publishes `record` of `domain`.
 *
 * URNs carry the parent's type but not its name, so names must be unique across the whole fleet: the domain
 * comes first. The rest is what tells two records of one domain apart, never their position in the list, so
 * adding or removing a record never renames (and so never deletes and re-creates) the others. `/` cannot occur
 * in any part, which keeps the mapping one-to-one. MX records also carry priority and target, because a
 * domain may have several MX at the apex with the same priority (Google's legacy set has two at 5 and two at 10).
 *
 * @example
 * recordResourceName("example.com", { name: "google._domainkey.example.com", type: "TXT", purpose: "dkim", ... })
 * // "example.com/dkim/google._domainkey/TXT"
 * recordResourceName("example.com", { name: "example.com", type: "MX", priority: 1, content: "smtp.google.com", ... })
 * // "example.com/mx/@/MX/1/smtp.google.com"
 */
export function recordResourceName(domain: string, record: RecordIdentity): string {
  const label = relativeName(record.name, domain) || "@";
  const base = `${domain}/${record.purpose}/${label}/${record.type}`;
  if (record.type !== "MX") return base;
  if (typeof record.content !== "string") {
    throw new Error(
      `MX record ${record.name} of ${domain}: the target host must be a plain string when the program runs, not an output`,
    );
  }
  if (record.priority === undefined) throw new Error(`MX record ${record.name} of ${domain} has no priority`);
  return `${base}/${record.priority}/${record.content}`;
}

/**
 * Resource names for all of `domain`'s records, in order. Throws before anything is registered on a record
 * outside the domain's zone (Cloudflare would refuse it, or file it under the zone) or two records that would
 * be one resource.
 */
export function recordResourceNames(domain: string, records: readonly PublishedRecord[]): string[] {
  const seen = new Map<string, PublishedRecord>();
  return records.map((record) => {
    if (record.name !== domain && !record.name.endsWith(`.${domain}`)) {
      throw new Error(
        `${record.purpose} record ${record.name} is not inside the Cloudflare zone ${domain}: ` +
          `publish it from the zone of the domain it belongs to`,
      );
    }
    const name = recordResourceName(domain, record);
    const twin = seen.get(name);
    if (twin) {
      throw new Error(
        `two ${record.type} records of ${domain} would be the same Cloudflare record ${name} ` +
          `(${shown(twin.content)} and ${shown(record.content)}): keep one`,
      );
    }
    seen.set(name, record);
    return name;
  });
}

function shown(content: PublishedRecord["content"]): string {
  return typeof content === "string" ? JSON.stringify(content) : "a value known at deploy time";
}
