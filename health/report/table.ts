import { warmupSpamShare } from "../score";
import type { CheckResult, DomainHealth, HealthReport, MailboxSignals } from "../signals";

/**
 * The terminal table of `npm run health`: per domain one row (score, status, the deductions in short), the
 * reason of each deduction and each check that could not answer, then one line per mailbox (SMTP and IMAP
 * state, warmup status, 7-day warmup sent and spam, daily limit, campaigns). Plain text, no colour, so it reads
 * the same in a terminal, a CI log and a file.
 */
export function renderHealthTable(report: HealthReport): string {
  const lines = [`Health of stack ${report.stack} at ${report.generatedAt}`, ""];
  const width = Math.max(6, ...report.domains.map((d) => d.domain.length));
  lines.push(`${"DOMAIN".padEnd(width)}  SCORE  STATUS    DEDUCTIONS`);
  for (const health of report.domains) lines.push(...domainLines(health, width));
  lines.push("", summaryLine(report));
  return `${lines.join("\n")}\n`;
}

/** "−40 blocklist, −25 dkim", or "none". */
export function shortDeductions(health: DomainHealth): string {
  if (health.deductions.length === 0) return "none";
  return health.deductions.map((d) => `-${d.points} ${d.check}`).join(", ");
}

function domainLines(health: DomainHealth, width: number): string[] {
  const lines = [
    `${health.domain.padEnd(width)}  ${String(health.score).padStart(5)}  ${health.status.padEnd(8)}  ${shortDeductions(health)}`,
  ];
  for (const d of health.deductions) lines.push(`  -${d.points} ${d.check}: ${d.reason}`);
  for (const [name, check] of unanswered(health)) lines.push(`  unknown ${name}: ${check.detail}`);
  for (const m of health.signals.mailboxes) lines.push(`  ${mailboxLine(m)}`);
  if (health.signals.dmarcReportsDetail) lines.push(`  DMARC reports: ${health.signals.dmarcReportsDetail}`);
  return lines;
}

/** The checks of a domain that could not answer: they cost nothing, and a person must see them. */
function unanswered(health: DomainHealth): [string, CheckResult][] {
  const { dns, blocklists } = health.signals;
  const checks: [string, CheckResult | undefined][] = [
    ["spf", dns.spf],
    ["dkim", dns.dkim],
    ["dmarc", dns.dmarc],
    ["mx", dns.mx],
    ["tracking", dns.tracking],
    ...blocklists.map((f): [string, CheckResult] => [
      `${f.list} (${f.target})`,
      { verdict: f.status === "unknown" ? "unknown" : "pass", detail: f.detail },
    ]),
  ];
  return checks.filter((c): c is [string, CheckResult] => c[1]?.verdict === "unknown");
}

function mailboxLine(m: MailboxSignals): string {
  const days = m.warmup.days;
  const sent = days.reduce((n, d) => n + d.sent, 0);
  const spam = days.reduce((n, d) => n + d.spam, 0);
  const share = warmupSpamShare(m);
  const week =
    days.length > 0
      ? `7d sent ${sent} spam ${spam}${share === undefined ? "" : ` (${Math.round(share * 100)} %)`}`
      : "7d unknown";
  return [
    m.address,
    `SMTP ${m.smtp.state}`,
    `IMAP ${m.imap.state}`,
    `warmup ${m.warmup.status ?? m.warmup.verdict}`,
    week,
    `limit ${m.dailyLimit === undefined ? "?" : `${m.dailyLimit}/day`}`,
    `campaigns ${m.campaignIds.length > 0 ? m.campaignIds.join(",") : "none"}`,
  ].join("  ");
}

function summaryLine(report: HealthReport): string {
  const count = (status: DomainHealth["status"]) => report.domains.filter((d) => d.status === status).length;
  return `${report.domains.length} domain${report.domains.length === 1 ? "" : "s"}: ${count("healthy")} healthy, ${count("at-risk")} at risk, ${count("critical")} critical`;
}
