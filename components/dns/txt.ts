import type { MailDnsRecord, RecordPurpose } from "./record";

/** A DNS character-string holds at most 255 bytes (RFC 1035 §3.3); longer TXT values are split. */
export const TXT_STRING_MAX_BYTES = 255;

/**
 * Splits a TXT value into character-strings of at most 255 bytes, on UTF-8 character boundaries
 * (a multi-byte character is never cut). Joined, the strings equal the value. `""` gives `[""]`.
 */
export function splitTxt(value: string, maxBytes = TXT_STRING_MAX_BYTES): string[] {
  const strings: string[] = [];
  let current = "";
  let currentBytes = 0;
  for (const char of value) {
    const bytes = Buffer.byteLength(char, "utf8");
    if (currentBytes + bytes > maxBytes) {
      strings.push(current);
      current = "";
      currentBytes = 0;
    }
    current += char;
    currentBytes += bytes;
  }
  strings.push(current);
  return strings;
}

export function txtRecord(name: string, content: string, ttl: number, purpose: RecordPurpose): MailDnsRecord {
  return { name, type: "TXT", content, strings: splitTxt(content), ttl, purpose };
}
