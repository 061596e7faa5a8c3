import type {
  BlocklistFinding,
  Deduction,
  DomainHealth,
  DomainSignals,
  HealthStatus,
  MailboxSignals,
} from "./signals";
import { WARMUP_SPAM_SHARE_LIMIT } from "./warmup-spam";

/**
 * The health formula, owned here: what each finding costs out of 100. The README and the HTML report print
 * this table; `scoreDomain` applies it. A check that could not answer (`unknown`) costs nothing and shows.
 */
export const HEALTH_DEDUCTIONS = {
  /** SPF missing, invalid, or more than 10 DNS lookups (RFC 7208 §4.6.4). */
  spfFail: 20,
  /** SPF valid but weak (e.g. `+all`/`?all`, or close to the lookup limit). */
  spfWarn: 5,
  /** DKIM key missing or different from the key the platform signs with. */
  dkimFail: 25,
  /** DMARC missing or invalid (`p=none` is a warning and costs nothing). */
  dmarcFail: 15,
  /** MX missing or not the platform's. */
  mxFail: 10,
  /** Tracking CNAME missing or pointing elsewhere. */
  trackingFail: 5,
  /** Per blocklist that lists the sending domain. */
  domainListed: 40,
  /**
   * Per blocklist that lists the tracking domain. A tracking host under the sending domain, on a list that lists
   * the domain itself, is the same listing: it costs nothing more.
   */
  trackingListed: 20,
  /** Per blocklist that lists a sending IP. */
  sendingIpListed: 30,
  /** Per mailbox whose SMTP or IMAP connection is not `connected` (`unknown` excepted)… */
  connectionBroken: 15,
  /** …at most this much per domain. */
  connectionBrokenMax: 30,
  /** Per mailbox whose warmup emails landed in spam more than `warmupSpamShare` of the time over 7 days… */
  warmupSpam: 10,
  /** …at most this much per domain. */
  warmupSpamMax: 20,
  /**
   * The 7-day spam share above which a mailbox costs `warmupSpam`: Smartlead's own advice (health/warmup-spam.ts),
   * so a warmup the report warns about is the warmup the score charges.
   */
  warmupSpamShare: WARMUP_SPAM_SHARE_LIMIT,
  /** Per mailbox whose warmup is not active (status not ACTIVE, or blocked)… */
  warmupInactive: 5,
  /** …at most this much per domain. */
  warmupInactiveMax: 10,
  /** When DMARC aggregate reports show a pass rate below `dmarcReportsPassRate`… */
  dmarcReportsFailing: 10,
  /** …over at least this many messages. */
  dmarcReportsMinMessages: 20,
  dmarcReportsPassRate: 0.9,
  /** Status thresholds: `healthy` from this score… */
  healthyFrom: 90,
  /** …`at-risk` from this one, `critical` below it or when anything is listed. */
  atRiskFrom: 70,
} as const;

const D = HEALTH_DEDUCTIONS;

/** A check's verdict turned into at most one deduction. */
function dnsDeductions(signals: DomainSignals): Deduction[] {
  const { dns, domain } = signals;
  const out: Deduction[] = [];
  if (dns.spf.verdict === "fail")
    out.push({ points: D.spfFail, check: "spf", reason: `SPF of ${domain}: ${dns.spf.detail}` });
  if (dns.spf.verdict === "warn")
    out.push({ points: D.spfWarn, check: "spf", reason: `SPF of ${domain}: ${dns.spf.detail}` });
  if (dns.dkim.verdict === "fail")
    out.push({ points: D.dkimFail, check: "dkim", reason: `DKIM ${dns.dkim.name}: ${dns.dkim.detail}` });
  if (dns.dmarc.verdict === "fail")
    out.push({ points: D.dmarcFail, check: "dmarc", reason: `DMARC of ${domain}: ${dns.dmarc.detail}` });
  if (dns.mx.verdict === "fail")
    out.push({ points: D.mxFail, check: "mx", reason: `MX of ${domain}: ${dns.mx.detail}` });
  if (dns.tracking?.verdict === "fail")
    out.push({
      points: D.trackingFail,
      check: "tracking",
      reason: `tracking ${dns.tracking.name}: ${dns.tracking.detail}`,
    });
  return out;
}

const LISTING_COST: Record<BlocklistFinding["role"], number> = {
  domain: D.domainListed,
  tracking: D.trackingListed,
  "sending-ip": D.sendingIpListed,
};

/** "acme.test is listed on Spamhaus DBL (127.0.1.2: spam domain)", from the list's own words when it gives them. */
function listingReason(f: BlocklistFinding): string {
  if (f.detail.startsWith(`listed on ${f.list}`)) return `${f.target} is ${f.detail}`;
  return `${f.target} is listed on ${f.list}${f.answer ? ` (${f.answer}: ${f.detail})` : ` (${f.detail})`}`;
}

/**
 * One deduction per listing. A tracking host under the domain, listed on a list that lists the domain itself, is
 * the same listing seen twice (DBL and SURBL answer for every name under a listed domain): it is named in the
 * domain's deduction and costs nothing more. A tracking domain listed on its own costs `trackingListed`.
 */
function blocklistDeductions(domain: string, findings: BlocklistFinding[]): Deduction[] {
  const listed = findings.filter((f) => f.status === "listed");
  const domainLists = new Set(listed.filter((f) => f.role === "domain").map((f) => f.list));
  const under = (f: BlocklistFinding) =>
    f.role === "tracking" && f.target.endsWith(`.${domain}`) && domainLists.has(f.list);
  return listed
    .filter((f) => !under(f))
    .map((f) => {
      const alsoTracking = listed.filter((t) => under(t) && f.role === "domain" && t.list === f.list);
      return {
        points: LISTING_COST[f.role],
        check: "blocklist" as const,
        reason: `${listingReason(f)}${alsoTracking.map((t) => `, and so is its tracking host ${t.target}`).join("")}`,
      };
    });
}

/** `per` points for each mailbox `matches` picks, the sum capped at `max`; one deduction naming them. */
function cappedDeduction(
  mailboxes: MailboxSignals[],
  matches: (m: MailboxSignals) => string | undefined,
  per: number,
  max: number,
  check: Deduction["check"],
): Deduction[] {
  const reasons = mailboxes.flatMap((m) => {
    const reason = matches(m);
    return reason === undefined ? [] : [`${m.address}: ${reason}`];
  });
  if (reasons.length === 0) return [];
  return [{ points: Math.min(per * reasons.length, max), check, reason: reasons.join("; ") }];
}

const isBroken = (state: MailboxSignals["smtp"]["state"]) => state !== "connected" && state !== "unknown";

function connectionReason(m: MailboxSignals): string | undefined {
  const broken = [
    ...(isBroken(m.smtp.state) ? [`SMTP ${m.smtp.state}`] : []),
    ...(isBroken(m.imap.state) ? [`IMAP ${m.imap.state}`] : []),
  ];
  return broken.length > 0 ? broken.join(", ") : undefined;
}

/** The 7-day share of warmup emails in spam; undefined when nothing was sent. */
export function warmupSpamShare(m: MailboxSignals): number | undefined {
  const sent = m.warmup.days.reduce((n, d) => n + d.sent, 0);
  if (sent === 0) return undefined;
  return m.warmup.days.reduce((n, d) => n + d.spam, 0) / sent;
}

function spamReason(m: MailboxSignals): string | undefined {
  const share = warmupSpamShare(m);
  if (share === undefined || share <= D.warmupSpamShare) return undefined;
  return `${Math.round(share * 100)} % of warmup emails in spam over 7 days`;
}

function inactiveReason(m: MailboxSignals): string | undefined {
  // Smartlead blocked the warmup (health/smartlead-mailboxes.ts fails only that), whatever its status says.
  if (m.warmup.verdict === "fail") return `warmup blocked (${m.warmup.detail})`;
  // Unknown (no status read, or the check could not answer) costs nothing.
  if (m.warmup.verdict === "unknown" || m.warmup.status === undefined) return undefined;
  const status = m.warmup.status.toUpperCase();
  return status === "ACTIVE" ? undefined : `warmup ${status}`;
}

function dmarcReportDeductions(signals: DomainSignals): Deduction[] {
  const r = signals.dmarcReports;
  if (!r || r.messages < D.dmarcReportsMinMessages || r.dmarcPassRate >= D.dmarcReportsPassRate) return [];
  return [
    {
      points: D.dmarcReportsFailing,
      check: "dmarc-reports",
      reason: `DMARC pass rate ${Math.round(r.dmarcPassRate * 100)} % over ${r.messages} messages in aggregate reports`,
    },
  ];
}

/** What a score and its listings mean at a glance. */
export function healthStatus(score: number, listed: boolean): HealthStatus {
  if (listed || score < D.atRiskFrom) return "critical";
  return score >= D.healthyFrom ? "healthy" : "at-risk";
}

/** One domain's score (100 minus the deductions of `HEALTH_DEDUCTIONS`, floor 0) and status. */
export function scoreDomain(signals: DomainSignals): DomainHealth {
  const deductions: Deduction[] = [
    ...dnsDeductions(signals),
    ...blocklistDeductions(signals.domain, signals.blocklists),
    ...cappedDeduction(
      signals.mailboxes,
      connectionReason,
      D.connectionBroken,
      D.connectionBrokenMax,
      "connection",
    ),
    ...cappedDeduction(signals.mailboxes, spamReason, D.warmupSpam, D.warmupSpamMax, "warmup"),
    ...cappedDeduction(signals.mailboxes, inactiveReason, D.warmupInactive, D.warmupInactiveMax, "warmup"),
    ...dmarcReportDeductions(signals),
  ];
  const score = Math.max(0, 100 - deductions.reduce((n, d) => n + d.points, 0));
  const listed = signals.blocklists.some((f) => f.status === "listed");
  return { domain: signals.domain, score, status: healthStatus(score, listed), deductions, signals };
}
