/**
 * What `npm run health` learns about a domain and its mailboxes, then its score: one type per source of
 * signal. Each check module fills its own part (dns-authentication.ts, blocklists/, smartlead-mailboxes.ts,
 * dmarc-reports/); score.ts turns a whole `DomainSignals` into points; report/ renders it.
 *
 * A check that could not get an answer says `unknown` with the reason: never `pass`, never `fail`. A blocked
 * resolver, a refused blocklist query, a Smartlead 5xx are things a person must see, not a clean bill.
 */

/** The outcome of one check, as a person reads it. */
export type Verdict = "pass" | "warn" | "fail" | "unknown";

/** One check's outcome with a one-line reason a person can act on. */
export interface CheckResult {
  verdict: Verdict;
  /** @example "published key differs from the key Google Workspace signs with" */
  detail: string;
}

// ---------------------------------------------------------------- DNS authentication

/** Mail DNS as receivers see it, asked through the stack's readiness resolvers. */
export interface DnsAuthentication {
  spf: CheckResult & {
    /** The record found at the domain's apex. */
    record?: string;
    /** DNS lookups an evaluation costs (RFC 7208 §4.6.4: more than 10 is a permerror). */
    lookups?: number;
  };
  dkim: CheckResult & {
    /** `<selector>._domainkey.<domain>`. */
    name: string;
  };
  dmarc: CheckResult & {
    record?: string;
    /** `p=` of the published record. */
    policy?: "none" | "quarantine" | "reject";
    /** `adkim` / `aspf`, "r" when not published (RFC 7489 §6.3). */
    alignment?: { dkim: "r" | "s"; spf: "r" | "s" };
    /** The aggregate report addresses (`rua`) published. */
    rua?: string[];
  };
  mx: CheckResult & { hosts?: string[] };
  /** Undefined when the domain declares no tracking domain. */
  tracking?: CheckResult & { name: string; target?: string };
}

// ---------------------------------------------------------------- blocklists

/** How a blocklist answered for one name or address. */
export type ListingStatus = "listed" | "clean" | "unknown";

/** One blocklist's answer for one target. */
export interface BlocklistFinding {
  /** @example "Spamhaus DBL" */
  list: string;
  /** Domain lists take names; IP lists take sending addresses. */
  kind: "domain" | "ip";
  /** The name or address looked up. @example "emailtracking.acme-outreach.test" */
  target: string;
  /** What the target is to this domain. */
  role: "domain" | "tracking" | "sending-ip";
  status: ListingStatus;
  /** The A record the list answered, when it answered one. @example "127.0.1.2" */
  answer?: string;
  /** What the answer means, from the list's own documentation, or why the status is unknown. */
  detail: string;
  /** Where the owner of a listed target asks for removal. */
  delistUrl?: string;
}

// ---------------------------------------------------------------- Smartlead

/** Whether Smartlead could sign in to a mailbox, told apart as the seeds' domains page does. */
export type ConnectionState = "connected" | "authentication-failed" | "timeout" | "failed" | "unknown";

/** One day of Smartlead warmup for one mailbox. */
export interface WarmupDay {
  /** @example "2026-11-27" */
  date: string;
  sent: number;
  /** Warmup emails that landed in spam. */
  spam: number;
}

/** One mailbox as Smartlead sees it. */
export interface MailboxSignals {
  address: string;
  /** Undefined when the mailbox is not connected to Smartlead. */
  smartleadAccountId?: number;
  smtp: CheckResult & { state: ConnectionState };
  imap: CheckResult & { state: ConnectionState };
  warmup: CheckResult & {
    /** Smartlead's warmup_details.status. @example "ACTIVE" */
    status?: string;
    /** Smartlead's warmup reputation in percent, when it gives one. */
    reputation?: number;
    /** The last seven days, oldest first. */
    days: WarmupDay[];
  };
  /** Emails per day Smartlead may send from this account. */
  dailyLimit?: number;
  campaignIds: number[];
}

// ---------------------------------------------------------------- DMARC aggregate reports

/** One source that sent as the domain, from aggregate reports (RFC 7489 appendix C). */
export interface DmarcSource {
  sourceIp: string;
  messages: number;
  /** DMARC result after alignment: at least one of SPF and DKIM aligned and passed. */
  dmarcPass: boolean;
}

/** What the domain's aggregate reports said over the period read. */
export interface DmarcReportSummary {
  /** Reports read, and the reporters that sent them. */
  reports: number;
  reporters: string[];
  /** ISO dates of the oldest report's begin and the newest report's end. */
  period?: { begin: string; end: string };
  messages: number;
  /** Shares of messages, 0–1. */
  spfPassRate: number;
  dkimPassRate: number;
  dmarcPassRate: number;
  /** Sources with messages that failed DMARC, most messages first. */
  failingSources: DmarcSource[];
}

// ---------------------------------------------------------------- one domain

/** Everything the checks learned about one domain. */
export interface DomainSignals {
  domain: string;
  dns: DnsAuthentication;
  blocklists: BlocklistFinding[];
  mailboxes: MailboxSignals[];
  /** Undefined when the stack declares no reports mailbox or reports could not be read (see `dmarcReportsDetail`). */
  dmarcReports?: DmarcReportSummary;
  dmarcReportsDetail?: string;
}

// ---------------------------------------------------------------- scored (health/score.ts)

/** One thing that cost points, and why. */
export interface Deduction {
  /** Points taken off 100. */
  points: number;
  /** The check that cost them. @example "blocklist" */
  check:
    | "spf"
    | "dkim"
    | "dmarc"
    | "mx"
    | "tracking"
    | "blocklist"
    | "connection"
    | "warmup"
    | "dmarc-reports";
  /** @example "acme-outreach.test is listed on Spamhaus DBL (127.0.1.2: spam domain)" */
  reason: string;
}

/** At a glance: healthy ≥ 90, at risk 70–89, critical below 70 or listed on any blocklist. */
export type HealthStatus = "healthy" | "at-risk" | "critical";

/** One domain's score with what it was computed from. */
export interface DomainHealth {
  domain: string;
  /** 0–100. */
  score: number;
  status: HealthStatus;
  deductions: Deduction[];
  signals: DomainSignals;
}

/** What `npm run health` reports for one stack. */
export interface HealthReport {
  stack: string;
  /** ISO time the checks ran. */
  generatedAt: string;
  domains: DomainHealth[];
}
