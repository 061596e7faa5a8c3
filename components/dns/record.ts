/**
 * One DNS record a sending domain must serve, exactly as DNS must serve it.
 * This is the contract between the record builders, the DNS hosts (Cloudflare, manual),
 * the readiness gate and the registrar instructions.
 */
export type RecordType = "TXT" | "MX" | "CNAME";

/** Why a record exists; shown to people and used to group records in summaries. */
export type RecordPurpose =
  | "spf"
  | "dkim"
  | "dmarc"
  | "dmarc-report-auth"
  | "mx"
  | "tracking"
  | "verification";

export interface MailDnsRecord {
  /** Fully qualified owner name, lower case, punycode, no trailing dot: `google._domainkey.example.com`. */
  name: string;
  type: RecordType;
  /**
   * The logical value. TXT: the character-strings joined with nothing between them.
   * MX and CNAME: the target host, fully qualified, lower case, no trailing dot (`smtp.google.com`).
   */
  content: string;
  /** TXT only: the character-strings as served, each at most 255 bytes; joined they equal `content`. */
  strings?: string[];
  /** MX only. */
  priority?: number;
  /** Seconds. */
  ttl: number;
  purpose: RecordPurpose;
}
