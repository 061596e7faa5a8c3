import { parseServiceAccountKey } from "../../providers/workspace/service-account-key";
import type { DmarcReportSummary } from "../signals";
import { gmailReports, type RejectedReport } from "./gmail-reports";
import { DEFAULT_DMARC_REPORT_DAYS } from "./report-limits";
import { summarizeReports } from "./report-summary";

export { type AggregateReport, DmarcReportError, parseAggregateReport } from "./aggregate-report";
export { GMAIL_READONLY_SCOPE, type RejectedReport } from "./gmail-reports";
export { reportPacking, reportXml } from "./report-attachment";
export { DEFAULT_DMARC_REPORT_DAYS, DMARC_REPORT_LIMITS } from "./report-limits";
export { summarizeReports } from "./report-summary";

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
  /** Where a line per rejected report goes (malformed, oversized...). @default stderr */
  onRejected?: (rejected: RejectedReport) => void;
}

/**
 * The DMARC aggregate reports the stack's reports mailbox received in the period, per policy domain (lower case):
 * messages seen, SPF/DKIM/DMARC pass rates and the sources that failed (report-summary.ts says how each is
 * counted). A report that cannot be used (malformed, oversized, not a report) is left out with a line saying why;
 * it never stops the run. Throws only when the mailbox cannot be read at all, with what to fix (the domain-wide
 * delegation scope, the mailbox, the Gmail API).
 */
export async function readDmarcReports(
  options: ReadDmarcReportsOptions,
): Promise<Map<string, DmarcReportSummary>> {
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
  });
  const report =
    options.onRejected ??
    ((r: RejectedReport) => process.stderr.write(`DMARC report "${r.subject}" left out: ${r.reason}\n`));
  for (const rejected of read.rejected) report(rejected);
  return summarizeReports(read.reports);
}
