import { type EmailAccount, reputationPercent, type WarmupStats } from "../providers/smartlead/api-shapes";
import type { SmartleadClient } from "../providers/smartlead/smartlead-client";
import { SmartleadBudgetSpentError } from "../providers/smartlead/smartlead-error";
import type { CheckResult, ConnectionState, MailboxSignals, WarmupDay } from "./signals";
import { connectionState } from "./smartlead-connection";
import { WARMUP_SPAM_SHARE_LIMIT } from "./warmup-spam";
import {
  DEFAULT_WARMUP_STATS_PER_RUN,
  HEALTH_CALL_MAX_WAIT_MS,
  runsPerRound,
  utcDay,
  warmupStatsTurn,
} from "./warmup-stats-budget";

/**
 * Smartlead's view of each mailbox for `npm run health`: connection state per protocol, warmup status and
 * reputation, the last 7 days of warmup, the daily limit and the campaigns. Talks to Smartlead only through the
 * client, so every call is paced by the key's shared budget `pulumi up` uses; the budget of a run is
 * warmup-stats-budget.ts's.
 */

/** A mailbox of the stack, as its outputs name it. */
export interface SmartleadMailbox {
  address: string;
  /** The Smartlead email account id `up` recorded; undefined when the mailbox is not connected to Smartlead. */
  smartleadAccountId?: number;
}

export interface SmartleadMailboxOptions {
  /**
   * Fetch each mailbox's last 7 days of warmup (one call per mailbox, within `warmupStatsLimit`).
   * @default true
   */
  warmupStats?: boolean;
  /**
   * Warmup-stats calls this run may make; the other mailboxes' days are `unknown` ("not fetched this run") and
   * their turn comes on a later day (`--warmup-stats-limit`). @default DEFAULT_WARMUP_STATS_PER_RUN (250)
   */
  warmupStatsLimit?: number;
  /**
   * The longest one call waits for its rate-limit slot before the run gives up on Smartlead.
   * @default the client's minute window (61 s unless `mailinfra:smartlead.rateLimit` says otherwise)
   */
  maxWaitMs?: number;
  /** Warmup-stats calls in flight at once (the key's budget paces them anyway). @default 4 */
  concurrency?: number;
  /** When the run happens: picks the day's turn of mailboxes and ends the 7-day window. @default now */
  now?: Date;
  /** The key's account list when the caller has just read it (`up`'s campaign policy): not listed again. */
  accounts?: readonly EmailAccount[];
}

/** Smartlead's 7-day window: "aggregated for the last 7 days" (api-reference/email-accounts/warmup-stats). */
const WARMUP_DAYS = 7;

/**
 * Every mailbox's signals, in the order given. One listing of all accounts (`GET /email-accounts/`, 100 a call,
 * with campaigns) serves every mailbox; warmup stats cost one call per mailbox, at most `warmupStatsLimit` a run.
 * Never throws for Smartlead's answers: what it could not learn is `unknown` with the reason.
 */
export async function smartleadMailboxSignals(
  client: SmartleadClient,
  mailboxes: SmartleadMailbox[],
  options: SmartleadMailboxOptions = {},
): Promise<MailboxSignals[]> {
  const maxWaitMs = options.maxWaitMs ?? client.rateLimit?.intervalMs ?? HEALTH_CALL_MAX_WAIT_MS;
  const connected = mailboxes.filter((m) => m.smartleadAccountId !== undefined);
  if (connected.length === 0) return mailboxes.map(notConnected);

  let accounts: Map<number, EmailAccount>;
  try {
    const listed =
      options.accounts ?? (await client.listAllEmailAccounts({ fetchCampaigns: true, maxWaitMs }));
    accounts = new Map(listed.map((a) => [a.id, a]));
  } catch (error) {
    const reason = `Smartlead's account list could not be read: ${describe(error)}`;
    return mailboxes.map((m) => (m.smartleadAccountId === undefined ? notConnected(m) : unread(m, reason)));
  }

  const known = connected.map((m) => m.smartleadAccountId!).filter((id) => accounts.has(id));
  const stats = await fetchWarmupStats(client, known, {
    enabled: options.warmupStats ?? true,
    limit: options.warmupStatsLimit ?? DEFAULT_WARMUP_STATS_PER_RUN,
    maxWaitMs,
    concurrency: options.concurrency ?? 4,
    day: utcDay(options.now ?? new Date()),
  });

  return mailboxes.map((mailbox) => {
    if (mailbox.smartleadAccountId === undefined) return notConnected(mailbox);
    const account = accounts.get(mailbox.smartleadAccountId);
    if (!account) return missing(mailbox, mailbox.smartleadAccountId);
    return fromAccount(mailbox, account, stats.get(account.id) ?? notFetched("warmup stats were not asked"));
  });
}

/** What a warmup-stats call gave for one account. */
export type StatsOutcome = { ok: true; stats: WarmupStats } | { ok: false; reason: string };

const notFetched = (reason: string): StatsOutcome => ({ ok: false, reason });

async function fetchWarmupStats(
  client: SmartleadClient,
  accountIds: number[],
  plan: { enabled: boolean; limit: number; maxWaitMs: number; concurrency: number; day: number },
): Promise<Map<number, StatsOutcome>> {
  const outcomes = new Map<number, StatsOutcome>();
  if (!plan.enabled || plan.limit < 1) {
    for (const id of accountIds)
      outcomes.set(id, notFetched("not asked for in this run (warmup stats off, or --warmup-stats-limit 0)"));
    return outcomes;
  }
  const turn = warmupStatsTurn(accountIds, plan.limit, plan.day);
  const distinct = new Set(accountIds).size;
  const waitLine =
    `not fetched this run: budget (${Math.max(0, Math.floor(plan.limit))} warmup-stats calls a run for ` +
    `${distinct} mailboxes; each one's turn comes every ${runsPerRound(distinct, plan.limit)} days)`;
  for (const id of accountIds) if (!turn.has(id)) outcomes.set(id, notFetched(waitLine));

  const queue = [...turn];
  let spent: string | undefined;
  const worker = async (): Promise<void> => {
    for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
      if (spent) {
        outcomes.set(id, notFetched(spent));
        continue;
      }
      try {
        const stats = await client.getWarmupStats(id, { maxWaitMs: plan.maxWaitMs });
        outcomes.set(
          id,
          stats
            ? { ok: true, stats }
            : notFetched("Smartlead answered 404: no warmup stats for this account"),
        );
      } catch (error) {
        if (error instanceof SmartleadBudgetSpentError) {
          spent =
            "not fetched this run: budget (the API key's hourly Smartlead budget is spent by `pulumi up` or " +
            "another tool; the next run fetches it)";
          outcomes.set(id, notFetched(spent));
        } else {
          outcomes.set(id, notFetched(`warmup stats could not be read: ${describe(error)}`));
        }
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, plan.concurrency) }, worker));
  return outcomes;
}

function fromAccount(
  mailbox: SmartleadMailbox,
  account: EmailAccount,
  outcome: StatsOutcome,
): MailboxSignals {
  const details = account.warmup_details ?? undefined;
  const status = details?.status;
  const reputation =
    reputationPercent(details?.warmup_reputation) ?? (outcome.ok ? outcome.stats.reputation : undefined);
  const days = outcome.ok && outcome.stats.days ? lastWeek(outcome.stats.days) : [];
  return {
    address: mailbox.address,
    smartleadAccountId: account.id,
    smtp: connectionState("SMTP", account.is_smtp_success, account.smtp_failure_error),
    imap: connectionState("IMAP", account.is_imap_success, account.imap_failure_error),
    warmup: {
      ...warmupVerdict(status, details?.blocked_reason ?? undefined, reputation, days, outcome),
      ...(status ? { status } : {}),
      ...(reputation === undefined ? {} : { reputation }),
      days,
    },
    dailyLimit: account.message_per_day,
    campaignIds: account.campaign_ids ?? [],
  };
}

/** The warmup's verdict: blocked fails, off warns, a spam share over 2 % warns, days not read are unknown. */
export function warmupVerdict(
  status: string | undefined,
  blockedReason: string | undefined,
  reputation: number | undefined,
  days: WarmupDay[],
  outcome: StatsOutcome,
): CheckResult {
  const shown = `warmup ${status ?? "status not reported"}${reputation === undefined ? "" : `, reputation ${reputation}%`}`;
  if (blockedReason) return { verdict: "fail", detail: `${shown}; blocked by Smartlead: ${blockedReason}` };
  if (status && status !== "ACTIVE") {
    return {
      verdict: "warn",
      detail: `${shown}; warmup is off (turn it on in the mailbox's warmup settings)`,
    };
  }
  if (!outcome.ok) return { verdict: "unknown", detail: `${shown}; 7-day stats ${outcome.reason}` };
  if (!outcome.stats.days) {
    return { verdict: "unknown", detail: `${shown}; Smartlead's warmup stats carried no daily breakdown` };
  }
  const sent = days.reduce((sum, d) => sum + d.sent, 0);
  const spam = days.reduce((sum, d) => sum + d.spam, 0);
  const week = `${spam} of ${sent} warmup emails in spam over ${days.length} days`;
  if (sent > 0 && spam / sent > WARMUP_SPAM_SHARE_LIMIT) {
    return {
      verdict: "warn",
      detail: `${shown}; ${week} (over ${WARMUP_SPAM_SHARE_LIMIT * 100} %: lower warmup.perDay, check SPF/DKIM/DMARC)`,
    };
  }
  if (!status) return { verdict: "unknown", detail: `${shown}; ${week}` };
  return { verdict: "pass", detail: `${shown}; ${week}` };
}

/** The last seven days answered, oldest first, one entry per date. */
export function lastWeek(days: readonly WarmupDay[]): WarmupDay[] {
  const byDate = new Map<string, WarmupDay>();
  for (const day of days) byDate.set(day.date, { date: day.date, sent: day.sent, spam: day.spam });
  return [...byDate.values()].sort((a, b) => a.date.localeCompare(b.date)).slice(-WARMUP_DAYS);
}

function notConnected(mailbox: SmartleadMailbox): MailboxSignals {
  const reason = "not connected to Smartlead (no Smartlead account id in the stack's outputs)";
  return unknownMailbox(mailbox, reason);
}

function unread(mailbox: SmartleadMailbox, reason: string): MailboxSignals {
  return { ...unknownMailbox(mailbox, reason), smartleadAccountId: mailbox.smartleadAccountId };
}

function unknownMailbox(mailbox: SmartleadMailbox, reason: string): MailboxSignals {
  const state: ConnectionState = "unknown";
  return {
    address: mailbox.address,
    smtp: { state, verdict: "unknown", detail: reason },
    imap: { state, verdict: "unknown", detail: reason },
    warmup: { verdict: "unknown", detail: reason, days: [] },
    campaignIds: [],
  };
}

/** The stack names an account Smartlead no longer lists for this key (deleted in the app, or another key). */
function missing(mailbox: SmartleadMailbox, id: number): MailboxSignals {
  const detail = `Smartlead lists no account ${id} for this API key (deleted in Smartlead?); run pulumi up to connect the mailbox again`;
  return {
    address: mailbox.address,
    smartleadAccountId: id,
    smtp: { state: "failed", verdict: "fail", detail },
    imap: { state: "failed", verdict: "fail", detail },
    warmup: { verdict: "unknown", detail, days: [] },
    campaignIds: [],
  };
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
