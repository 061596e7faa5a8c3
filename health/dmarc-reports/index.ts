import { parseServiceAccountKey } from "../../providers/workspace/service-account-key";
import type { DmarcReportSummary } from "../signals";
import { gmailReports, type RejectedReport } from "./gmail-reports";
import { DEFAULT_DMARC_REPORT_DAYS } from "./report-limits";
import { summarizeReports } from "./report-summary";

export { type AggregateReport, DmarcReportError, parseAggregateReport } from "./aggregate-report";
export { GMAIL_READONLY_SCOPE, type RejectedReport } from "./gmail-reports";
export { reportPacking, reportXml } from "./report-attachment";
export { DEFAULT_DMARC_REPORT_DAYS, DMARC_REPORT_LIMITS } from "./report-limits";
export { type SummarizedReport, summarizeReports } from "./report-summary";

/** The summaries per policy domain (lower case), and what the run left unread. */
export type DmarcReportSummaries = Map<string, DmarcReportSummary> & {
  /**
   * Set when the reports mailbox held more messages in the period than a run reads: "read the newest N of M+
   * messages; older reports not read" (M is Gmail's estimate). The summaries then miss the older reports, and a
   * domain without one may have had some.
   */
  unread?: string;
};

/** What `readDmarcReports` needs: the stack's reports mailbox and Google credentials, and the period. */
export interface ReadDmarcReportsOptions {
  /** `mailinfra:dmarcReports.mailbox`. @example "dmarc-reports@acme-outreach.com" */
  mailbox: string;
  /** `mailinfra:google.serviceAccountKey`, revealed (the JSON key); never logged. */
  serviceAccountKey: string;
  /** `mailinfra:google.rootUrl`, for the emulator; Google's API otherwise. */
  rootUrl?: string;
  /** How many days back reports are read (by when they arrived). @default DEFAULT_DMARC_REPORT_DAYS (7) */
  days?: number;
  /** The clock, for tests. @default new Date() */
  now?: Date;
  /** Where a line per rejected report goes (malformed, oversized, deleted before it was read...). @default stderr */
  onRejected?: (rejected: RejectedReport) => void;
  /** The most messages read, newest first (tests use a small one). @default DMARC_REPORT_LIMITS.messages (2,000) */
  messageLimit?: number;
}

/**
 * The DMARC aggregate reports the stack's reports mailbox received in the period, per policy domain (lower case):
 * messages seen, SPF/DKIM/DMARC pass rates and the sources that failed (report-summary.ts says how each is
 * counted). A report that cannot be used (malformed, oversized, not a report, its message gone or refused by Gmail
 * between list and get) is left out with a line saying why; it never stops the run. Past `messageLimit` messages
 * the newest are read and the result's `unread` says so. Throws only when the mailbox cannot be read at all, with what to fix (the domain-wide
 * delegation scope, the mailbox, the Gmail API).
 */
export async function readDmarcReports(options: ReadDmarcReportsOptions): Promise<DmarcReportSummaries> {
  const key = parseServiceAccountKey(options.serviceAccountKey, "mailinfra:google.serviceAccountKey");
  const days = options.days ?? DEFAULT_DMARC_REPORT_DAYS;
  if (!Number.isInteger(days) || days < 1) {
    throw new Error(`the DMARC report period must be a whole number of days from 1, not ${days}`);
  }
  const now = options.now ?? new Date();
  const read = await gmailReports({
    mailbox: options.mailbox,
    key,
    ...(options.rootUrl ? { rootUrl: options.rootUrl } : {}),
    since: new Date(now.getTime() - days * 86_400_000),
    ...(options.messageLimit === undefined ? {} : { messageLimit: options.messageLimit }),
  });
  const report =
    options.onRejected ??
    ((r: RejectedReport) =>
      process.stderr.write(
        `DMARC report ${r.subject ? `"${r.subject}"` : `message ${r.messageId}`} left out: ${r.reason}\n`,
      ));
  for (const rejected of read.rejected) report(rejected);
  const summaries: DmarcReportSummaries = summarizeReports(read.reports);
  if (read.unread) {
    summaries.unread = `read the newest ${read.unread.read} of ${read.unread.listed}+ messages; older reports not read`;
  }
  return summaries;
}
