/**
 * The bounds a DMARC aggregate report must stay within. Reports are data from strangers (anyone can mail the
 * reports mailbox), so every size is bounded before the work it costs. mailinfra's own limits, generous for real
 * reports: Google's and Microsoft's daily reports for a cold-email domain are a few kilobytes, a large sender's
 * some hundreds of kilobytes.
 */
export const DMARC_REPORT_LIMITS = {
  /** An attachment as mailed (zip, gzip or XML), before it is fetched. */
  attachmentBytes: 10 * 1024 * 1024,
  /** The XML once decompressed: a zip or gzip bomb stops here, mid-inflate. */
  xmlBytes: 25 * 1024 * 1024,
  /** `<record>` rows in one report. */
  records: 100_000,
  /** Messages of the reports mailbox read in one run (newest first; Gmail's list pages hold at most 500). */
  messages: 2_000,
} as const;

/** The number of days read when the caller names no period. */
export const DEFAULT_DMARC_REPORT_DAYS = 7;
