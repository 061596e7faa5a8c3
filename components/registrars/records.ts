import { relativeName } from "../dns/name";
import type { MailDnsRecord, RecordPurpose, RecordType } from "../dns/record";
import { REGISTRAR_GUIDES } from "./guides";
import type { Registrar } from "./registrar";

/** One record as it is typed into a registrar's DNS form. */
export interface RegistrarRecord {
  type: RecordType;
  /** Host field: `@` or empty for the domain itself (per registrar), otherwise the relative label. */
  host: string;
  /** Value field: target host, or TXT value (whole, or quoted 255-byte strings). */
  value: string;
  /** MX only, in its own field. */
  priority?: number;
  ttl: number;
  purpose: RecordPurpose;
  /** The fully qualified name, for checking with `dig`. */
  name: string;
}

function quoted(strings: readonly string[]): string {
  return strings.map((s) => `"${s.replace(/(["\\])/g, "\\$1")}"`).join(" ");
}

/** `records` of `domain` translated to what `registrar`'s DNS form expects. */
export function registrarRecords(
  registrar: Registrar,
  domain: string,
  records: readonly MailDnsRecord[],
): RegistrarRecord[] {
  const conventions = REGISTRAR_GUIDES[registrar].records;
  return records.map((record) => {
    const relative = relativeName(record.name, domain);
    const value =
      record.type === "TXT" && conventions.txtValue === "quoted-strings"
        ? quoted(record.strings ?? [record.content])
        : record.content;
    return {
      type: record.type,
      host: relative === "" ? conventions.apexHost : relative,
      value,
      ...(record.priority === undefined ? {} : { priority: record.priority }),
      ttl: record.ttl,
      purpose: record.purpose,
      name: record.name,
    };
  });
}

/** The host field as a person reads it: `(empty)` where the registrar wants nothing typed for the domain itself. */
export function shownHost(host: string): string {
  return host === "" ? "(empty)" : host;
}

function table(rows: string[][]): string[] {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  return rows.map((r) =>
    r
      .map((cell, c) => (c === r.length - 1 ? cell : cell.padEnd(widths[c])))
      .join("  ")
      .trimEnd(),
  );
}

/** The steps and the exact records a person must create at `registrar`, as plain text. */
export function renderRegistrarRecords(
  registrar: Registrar,
  domain: string,
  records: readonly MailDnsRecord[],
): string {
  const guide = REGISTRAR_GUIDES[registrar];
  const rows = registrarRecords(registrar, domain, records).map((r) => [
    r.type,
    shownHost(r.host),
    r.priority === undefined ? "" : String(r.priority),
    String(r.ttl),
    r.value,
  ]);
  return [
    `Create these DNS records for ${domain} at ${guide.name}:`,
    ...guide.recordSteps.map((step, i) => `  ${i + 1}. ${step}`),
    "",
    ...table([["TYPE", "HOST", "PRIORITY", "TTL", "VALUE"], ...rows]),
    ...(guide.recordsDocumentationUrl ? ["", `Documentation: ${guide.recordsDocumentationUrl}`] : []),
  ].join("\n");
}
