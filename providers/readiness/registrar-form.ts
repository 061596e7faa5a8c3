import type { MailDnsRecord } from "../../components/dns/record";
import { canonicalName } from "./record-match";

/** The host field registrars ask for: `@` for the apex, the labels before the domain otherwise. */
export function registrarHost(name: string, domain: string): string {
  const owner = canonicalName(name);
  const apex = canonicalName(domain);
  if (owner === apex) return "@";
  if (owner.endsWith(`.${apex}`)) return owner.slice(0, -(apex.length + 1));
  return `${owner}.`;
}

/**
 * One record in the exact form to type at a registrar: type, host (and full name), priority for
 * MX, TTL, and the value. Long TXT values also show their 255-byte strings, for the registrars
 * that want them quoted separately.
 */
export function formatForRegistrar(record: MailDnsRecord, domain: string): string {
  const host = registrarHost(record.name, domain);
  const fields = [`${record.type.padEnd(5)} host ${host} (${canonicalName(record.name)})`];
  if (record.type === "MX") fields.push(`priority ${record.priority ?? 0}`);
  fields.push(`TTL ${record.ttl}`);
  const value = record.type === "TXT" ? JSON.stringify(record.content) : `${record.content}`;
  let line = `${fields.join("  ")}  value ${value}`;
  if (record.type === "TXT" && record.strings && record.strings.length > 1) {
    line += `  (as ${record.strings.length} strings: ${record.strings.map((s) => JSON.stringify(s)).join(" ")})`;
  }
  return line;
}
