import type { DmarcReportSummary, DmarcSource } from "../signals";
import type { AggregateReport } from "./aggregate-report";

/** A report, with when its message reached the mailbox when that is known (gmail-reports.ts). */
export type SummarizedReport = AggregateReport & { receivedAt?: Date };

/**
 * Per policy domain, what its aggregate reports say (pure):
 * - `messages`: the sum of `row/count`;
 * - `spfPassRate` / `dkimPassRate`: the share of messages whose `policy_evaluated` SPF / DKIM passed, i.e. passed
 *   *and aligned* with the From domain (RFC 7489 §3.1) — an SPF pass for a bounce domain that is not yours does not
 *   count, as it does not count for DMARC;
 * - `dmarcPassRate`: the share that passed DMARC, aligned DKIM or aligned SPF (RFC 7489 §4.2);
 * - `failingSources`: per source IP, the messages that failed DMARC, most first;
 * - a report delivered twice (same reporter and report id) counts once, and the one kept is the first received
 *   (oldest `receivedAt`; the first listed when not known): anyone can mail the reports address, and a later copy
 *   with a known report id must not replace what the reporter sent;
 * - rates are 0 when the reports list no message.
 */
export function summarizeReports(reports: readonly SummarizedReport[]): Map<string, DmarcReportSummary> {
  const unique = new Map<string, AggregateReport>();
  const received = (r: SummarizedReport) => r.receivedAt?.getTime() ?? Number.MAX_SAFE_INTEGER;
  // A stable sort: reports received at the same time (or at no known time) stay in the order given.
  for (const report of [...reports].sort((a, b) => received(a) - received(b))) {
    const key = `${report.reporter}\u0000${report.reportId}`;
    if (!unique.has(key)) unique.set(key, report);
  }
  const byDomain = new Map<string, AggregateReport[]>();
  for (const report of unique.values())
    byDomain.set(report.domain, [...(byDomain.get(report.domain) ?? []), report]);
  const summaries = new Map<string, DmarcReportSummary>();
  for (const [domain, list] of [...byDomain].sort(([a], [b]) => a.localeCompare(b))) {
    summaries.set(domain, summarize(list));
  }
  return summaries;
}

function summarize(reports: AggregateReport[]): DmarcReportSummary {
  let messages = 0;
  let spf = 0;
  let dkim = 0;
  let dmarc = 0;
  const failing = new Map<string, number>();
  for (const record of reports.flatMap((r) => r.records)) {
    messages += record.count;
    if (record.spfAligned) spf += record.count;
    if (record.dkimAligned) dkim += record.count;
    if (record.spfAligned || record.dkimAligned) dmarc += record.count;
    else if (record.count > 0)
      failing.set(record.sourceIp, (failing.get(record.sourceIp) ?? 0) + record.count);
  }
  const rate = (n: number) => (messages === 0 ? 0 : n / messages);
  const begin = Math.min(...reports.map((r) => r.begin.getTime()));
  const end = Math.max(...reports.map((r) => r.end.getTime()));
  const failingSources: DmarcSource[] = [...failing]
    .map(([sourceIp, count]) => ({ sourceIp, messages: count, dmarcPass: false }))
    .sort((a, b) => b.messages - a.messages || a.sourceIp.localeCompare(b.sourceIp));
  return {
    reports: reports.length,
    reporters: [...new Set(reports.map((r) => r.reporter))].sort(),
    period: { begin: new Date(begin).toISOString(), end: new Date(end).toISOString() },
    messages,
    spfPassRate: rate(spf),
    dkimPassRate: rate(dkim),
    dmarcPassRate: rate(dmarc),
    failingSources,
  };
}
