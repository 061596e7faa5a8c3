import { join } from "node:path";
import type { BudgetWindow } from "../rate-budget/ledger";
import {
  budgetDirectory,
  fileLedgerStore,
  type LedgerStore,
  ledgerFileName,
} from "../rate-budget/ledger-store";
import { SharedBudget } from "../rate-budget/shared-budget";
import { SMARTLEAD_RATE_LIMITS } from "./limits";
import { SmartleadBudgetSpentError } from "./smartlead-error";

/**
 * One request budget per Smartlead API key, shared by every client, provider call and batch that uses the key
 * in every process on the machine (each stack's provider process of a parallel `fleet` run: the ledger in
 * providers/rate-budget/), so a bulk `pulumi up` trips none of Smartlead's limits per API key: 60 requests a
 * minute, 1,000 an hour and, on top, a burst limit of 10 a second (https://api.smartlead.ai/guides/rate-limits;
 * the numbers live in limits.ts). A fleet of 500 domains × 5 mailboxes needs several thousand calls: past the
 * hour's budget the calls wait for the hour, with one line saying so and until when, instead of collecting 429s.
 *
 * Each window is sliding: never more than `requests` calls in ANY `intervalMs` span. That stays under
 * Smartlead's windows whatever their phase, fixed or sliding (its pages do not say); a token bucket or a fixed
 * window of our own can put up to twice the limit into one of Smartlead's windows when the two are out of
 * phase. All windows are checked by ONE reservation: two throttles in a row let the second release a queue that
 * built up behind the first all at once (a minute that reopens releases dozens of calls in the same second).
 * Request k+limit leaves at least `intervalMs` after request k; an interval a little longer than Smartlead's
 * absorbs latency jitter (a request that travels slower than the one `limit` places later), and a limit under
 * Smartlead's leaves room for other tools using the same key. Machines do not share the ledger: jobs of a CI
 * matrix on one key each take a share (`mailinfra:smartlead.rateLimit`), and a 429's Retry-After pauses every
 * process of the machine that got it (pauseUntil).
 */
export type RateLimit = BudgetWindow;

const { minute, burst, hour } = SMARTLEAD_RATE_LIMITS;

/** 55 requests per 61 s: 5 under Smartlead's minute, one second longer. */
export const defaultRateLimit: RateLimit = {
  requests: minute.requests - 5,
  intervalMs: minute.windowMs + 1_000,
};

/**
 * How the burst limit is kept: one request at a time, spaced so that nine fit into Smartlead's second, in the
 * budget's own time scale (61 s → one every 113 ms; a test's 1.35 s "minute" → one every 2.5 ms), so a budget
 * scaled down for tests and benchmarks paces to the emulator's scaled second. Even spacing rather than "nine
 * per second" in groups: groups a second apart leave no room for latency jitter (against the emulator, a cold
 * connection's request arrived 30 ms late and the next group's first requests fell into the same second);
 * spaced, a request may arrive 130 ms late before an eleventh lands in one second.
 */
export function burstSpacing(limit: RateLimit): RateLimit {
  const second = (limit.intervalMs * burst.windowMs) / minute.windowMs;
  return { requests: 1, intervalMs: second / (burst.requests - 1) };
}

/**
 * How the hourly limit is kept: the hour in the budget's own time scale (61 s → 3,660 s; a test's 1.35 s
 * "minute" → an 81 s "hour"), with the minute's share of Smartlead's number (55 of 60 → 916 of 1,000), so the
 * same headroom is left for other tools using the key.
 */
export function hourBudget(limit: RateLimit): RateLimit {
  return {
    requests: Math.max(1, Math.floor((limit.requests * hour.requests) / minute.requests)),
    intervalMs: (limit.intervalMs * hour.windowMs) / minute.windowMs,
  };
}

/** The line shown while calls wait for the hour: what blocks, until when, and that nothing is wrong. */
export function hourlyWaitLine(budget: RateLimit, until: number, queued: number): string {
  const minutes = Math.max(1, Math.round((until - Date.now()) / 60_000));
  return (
    `Smartlead: ${budget.requests} requests sent with this API key in the last hour, mailinfra's share of Smartlead's ` +
    `hourly limit (${hour.requests.toLocaleString("en-US")} an hour on the Standard plan); waiting for Smartlead's ` +
    `hourly limit until ${isoSeconds(until)} (about ${minutes} min), ` +
    `${queued} call${queued === 1 ? "" : "s"} queued. Nothing to do: the run continues by itself.`
  );
}

/** The line shown while calls wait out a long Retry-After: Smartlead said the key's budget is spent elsewhere. */
function pausedWaitLine(until: number, queued: number): string {
  const minutes = Math.max(1, Math.round((until - Date.now()) / 60_000));
  return (
    `Smartlead: answered 429 with a Retry-After for this API key, whose limits are also spent by another machine ` +
    `or tool; every call with the key on this machine waits until ${isoSeconds(until)} (about ${minutes} min), ` +
    `${queued} call${queued === 1 ? "" : "s"} queued. The run continues by itself. If it repeats, give each ` +
    "machine a share of the key's budget with mailinfra:smartlead.rateLimit (e.g. two CI jobs: 27 requests a minute each)."
  );
}

function isoSeconds(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
}

/** Receives the lines meant for a person: stderr of the provider process, which the engine shows. */
export type RateLimitReport = (line: string) => void;

const reportToStderr: RateLimitReport = (line) => {
  process.stderr.write(`${line}\n`);
};

export interface SharedRateLimiter {
  /**
   * Runs `task` in its turn. With `maxWaitMs`, a call whose slot would come later than that from now is not
   * sent and throws SmartleadBudgetSpentError, reserving nothing: for readers that must not wait for the hour.
   */
  run<T>(task: () => Promise<T>, options?: { maxWaitMs?: number }): Promise<T>;
  /** Calls of this process waiting for a slot or in flight. */
  readonly pending: number;
  /**
   * Holds every call with this key, in every process on the machine, until `until` (epoch ms): Smartlead answered
   * 429 with a Retry-After, so another machine (a CI job) or another tool spends the same key's budget.
   */
  pauseUntil(until: number): Promise<void>;
}

/** One ledger per key in this process, so every limiter of the key takes the same file lock. */
const ledgers = new Map<string, LedgerStore>();

function keyLedger(identity: string, report: RateLimitReport): LedgerStore {
  let ledger = ledgers.get(identity);
  if (!ledger) {
    ledger = fileLedgerStore(join(budgetDirectory(), ledgerFileName("smartlead", identity)), { report });
    ledgers.set(identity, ledger);
  }
  return ledger;
}

const limiters = new Map<string, SharedRateLimiter>();

/**
 * The key's limiter in this process: a client of the ledger every process using the key shares
 * (providers/rate-budget/), so N stacks' provider processes together stay within one key's minute, hour and burst.
 *
 * @param identity the key's identity (base URL + key fingerprint), never the key itself: it names the ledger file
 * @param report where the line about waiting for the hour goes; the first caller of a key decides (the key's
 *   limiter is shared). @default stderr of the provider process, which the engine shows
 * @param ledger where reservations are kept. @default the key's file under MAILINFRA_RATE_BUDGET_DIR (or the
 *   system's temporary directory), shared by every process on the machine
 */
export function sharedRateLimiter(
  identity: string,
  limit: RateLimit = defaultRateLimit,
  report: RateLimitReport = reportToStderr,
  ledger?: LedgerStore,
): SharedRateLimiter {
  const key = `${identity}|${limit.requests}/${limit.intervalMs}`;
  let limiter = limiters.get(key);
  if (!limiter) {
    const hourly = hourBudget(limit);
    /** The hour's end last reported, so one wait is reported once. */
    let reportedUntil: number | undefined;
    const budget = new SharedBudget({
      service: "Smartlead",
      windows: [limit, burstSpacing(limit), hourly],
      ledger: ledger ?? keyLedger(identity, report),
      report,
      // Once the hour is full every call waits on it a little, as on the minute; only the long waits are news.
      onWait: (slot, queued) => {
        if (slot.heldBy !== hourly && slot.heldBy !== "pause") return;
        if (slot.at - Date.now() <= limit.intervalMs || reportedUntil === slot.at) return;
        reportedUntil = slot.at;
        report(
          slot.heldBy === "pause" ? pausedWaitLine(slot.at, queued) : hourlyWaitLine(hourly, slot.at, queued),
        );
      },
    });
    let pending = 0;
    limiter = {
      async run<T>(task: () => Promise<T>, options: { maxWaitMs?: number } = {}): Promise<T> {
        pending += 1;
        try {
          const latest = options.maxWaitMs === undefined ? undefined : Date.now() + options.maxWaitMs;
          if (!(await budget.turn(latest))) throw new SmartleadBudgetSpentError(options.maxWaitMs ?? 0);
          return await task();
        } finally {
          pending -= 1;
        }
      },
      get pending() {
        return pending;
      },
      pauseUntil: (until) => budget.pauseUntil(until),
    };
    limiters.set(key, limiter);
  }
  return limiter;
}
