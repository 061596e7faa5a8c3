/**
 * Gathers `DomainSignals` for every domain of a stack: DNS authentication per domain (bounded concurrency), then
 * one blocklist run, one Smartlead run and one DMARC-reports read for the whole stack (each batches its own
 * calls and keeps to its service's budget). The checks come in as functions, so this file only orders them.
 */
import pLimit from "p-limit";
import { blocklistTargets } from "../../health/blocklists/targets";
import type { DnsAuthenticationTarget } from "../../health/dns-authentication";
import type {
  BlocklistFinding,
  DmarcReportSummary,
  DnsAuthentication,
  DomainSignals,
  MailboxSignals,
} from "../../health/signals";

/** One domain as the stack's outputs and configuration describe it. */
export interface StackDomain extends DnsAuthenticationTarget {
  /** The tracking host (`records` purpose tracking), when the domain has one. */
  trackingHost?: string;
  /** Sending IPs to look up on IP blocklists (custom platforms' `spf.ip4`). */
  sendingIps: string[];
  mailboxes: { address: string; smartleadAccountId?: number }[];
}

/** A blocklist lookup, P2's `BlocklistTarget` plus which domain it belongs to. */
export interface BlocklistQuestion {
  target: string;
  kind: "domain" | "ip";
  role: BlocklistFinding["role"];
}

/** The checks a health run makes; the command wires the real ones, tests may pass others. */
export interface HealthChecks {
  dns(target: DnsAuthenticationTarget): Promise<DnsAuthentication>;
  blocklists(targets: BlocklistQuestion[]): Promise<BlocklistFinding[]>;
  smartlead(mailboxes: StackDomain["mailboxes"]): Promise<MailboxSignals[]>;
  /**
   * Undefined when the stack declares no reports mailbox. `unread` (health/dmarc-reports `DmarcReportSummaries`):
   * the read stopped at its message limit, said on every domain.
   */
  dmarcReports?: () => Promise<Map<string, DmarcReportSummary> & { unread?: string }>;
}

/** The blocklist questions of one domain (health/blocklists/targets.ts: the same as `up`'s campaign policy). */
export function blocklistQuestions(domain: StackDomain): BlocklistQuestion[] {
  return blocklistTargets(domain.domain, domain.trackingHost, domain.sendingIps);
}

const describe = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** A blocklist run that failed as a whole: every question unknown, with why. */
function unansweredLists(questions: BlocklistQuestion[], error: unknown): BlocklistFinding[] {
  return questions.map((q) => ({
    list: "blocklists",
    ...q,
    status: "unknown",
    detail: `the blocklist lookups failed: ${describe(error)}`,
  }));
}

/** A Smartlead run that failed as a whole: the mailbox's signals unknown, with why. */
function unreadMailbox(m: StackDomain["mailboxes"][number], error: unknown): MailboxSignals {
  const unknown = { verdict: "unknown" as const, detail: `Smartlead could not be read: ${describe(error)}` };
  return {
    address: m.address,
    ...(m.smartleadAccountId === undefined ? {} : { smartleadAccountId: m.smartleadAccountId }),
    smtp: { ...unknown, state: "unknown" },
    imap: { ...unknown, state: "unknown" },
    warmup: { ...unknown, days: [] },
    campaignIds: [],
  };
}

/** Every domain's signals, in the order given. */
export async function gatherStackSignals(
  domains: StackDomain[],
  checks: HealthChecks,
  options: { concurrency: number },
): Promise<DomainSignals[]> {
  const limit = pLimit(options.concurrency);
  const questions = domains.map(blocklistQuestions);
  const [dns, findings, mailboxes, reports] = await Promise.all([
    Promise.all(domains.map((d) => limit(() => checks.dns(d)))),
    checks.blocklists(questions.flat()).catch((error: unknown) => unansweredLists(questions.flat(), error)),
    checks
      .smartlead(domains.flatMap((d) => d.mailboxes))
      .catch((error: unknown) => domains.flatMap((d) => d.mailboxes).map((m) => unreadMailbox(m, error))),
    checks.dmarcReports
      ? checks.dmarcReports().then(
          (map) => ({ map }),
          (error: unknown) => ({ error: describe(error) }),
        )
      : undefined,
  ]);
  const byAddress = new Map(mailboxes.map((m) => [m.address.toLowerCase(), m]));
  return domains.map((domain, i) => {
    const targets = new Set(questions[i]!.map((q) => `${q.role} ${q.target}`));
    const summary = reports && "map" in reports ? reports.map.get(domain.domain) : undefined;
    const unread = reports && "map" in reports ? reports.map.unread : undefined;
    return {
      domain: domain.domain,
      dns: dns[i]!,
      blocklists: findings.filter((f) => targets.has(`${f.role} ${f.target}`)),
      mailboxes: domain.mailboxes.flatMap((m) => byAddress.get(m.address.toLowerCase()) ?? []),
      ...(summary ? { dmarcReports: summary } : {}),
      ...(reports === undefined
        ? {}
        : "error" in reports
          ? { dmarcReportsDetail: `could not be read: ${reports.error}` }
          : summary
            ? unread
              ? { dmarcReportsDetail: unread }
              : {}
            : {
                dmarcReportsDetail: unread
                  ? `no aggregate report for this domain in the messages read: ${unread}`
                  : "no aggregate report received for this domain in the period",
              }),
    };
  });
}
