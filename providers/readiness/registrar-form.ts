import type { MailDnsRecord } from "../../components/dns/record";
import { REGISTRAR_GUIDES } from "../../components/registrars/guides";
import { registrarRecords, shownHost } from "../../components/registrars/records";
import type { Registrar } from "../../components/registrars/registrar";
import { canonicalName } from "./record-match";

/** Whose form missing records are printed in when the gate is not told: generic, `@` for the domain itself. */
export const DEFAULT_RECORD_FORM: Registrar = "other";

/**
 * One record in the exact form to type at `registrar` (its host and TXT conventions, as the domain's
 * registrar instructions give them: components/registrars/records.ts): type, host (and full name),
 * priority for MX, TTL, and the value.
 */
export function formatForRegistrar(record: MailDnsRecord, domain: string, registrar: Registrar): string {
  const name = canonicalName(record.name);
  const [row] = registrarRecords(registrar, canonicalName(domain), [{ ...record, name }]);
  const fields = [`${row.type.padEnd(5)} host ${shownHost(row.host)} (${name})`];
  if (row.type === "MX") fields.push(`priority ${row.priority ?? 0}`);
  fields.push(`TTL ${row.ttl}`);
  // A TXT value pasted whole is quoted here only to show where it starts and ends.
  const whole = row.type === "TXT" && REGISTRAR_GUIDES[registrar].records.txtValue === "whole";
  return `${fields.join("  ")}  value ${whole ? JSON.stringify(row.value) : row.value}`;
}
