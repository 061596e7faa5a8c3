import { SMARTLEAD_RATE_LIMITS } from "./limits";

/**
 * One request budget per Smartlead API key and process, shared by every client, provider call and batch
 * that uses the key, so a bulk `pulumi up` trips none of Smartlead's limits per API key: 60 requests a
 * minute, 1,000 an hour and, on top, a burst limit of 10 a second (https://api.smartlead.ai/guides/rate-limits;
 * the numbers live in limits.ts). A fleet of 500 domains × 5 mailboxes needs several thousand calls: past the
 * hour's budget the calls wait for the hour, with one line saying so and until when, instead of collecting 429s.
 *
 * Each window is sliding: never more than `requests` calls in ANY `intervalMs` span. That stays under
 * Smartlead's windows whatever their phase, fixed or sliding (its pages do not say); a token bucket or a fixed
 * window of our own can put up to twice the limit into one of Smartlead's windows when the two are out of
 * phase. Both windows are checked by ONE gate: two throttles in a row let the second release a queue that
 * built up behind the first all at once (a minute that reopens releases dozens of calls in the same second).
 * Request k+limit leaves at least `intervalMs` after request k; an interval a little longer than Smartlead's
 * absorbs latency jitter (a request that travels slower than the one `limit` places later), and a limit under
 * Smartlead's leaves room for other tools using the same key.
 */
export interface RateLimit {
  requests: number;
  intervalMs: number;
}

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
    `hourly limit until ${new Date(until).toISOString().replace(/\.\d{3}Z$/, "Z")} (about ${minutes} min), ` +
    `${queued} call${queued === 1 ? "" : "s"} queued. Nothing to do: the run continues by itself.`
  );
}

/** Receives the lines meant for a person: stderr of the provider process, which the engine shows. */
export type RateLimitReport = (line: string) => void;

const reportToStderr: RateLimitReport = (line) => {
  process.stderr.write(`${line}\n`);
};

export interface SharedRateLimiter {
  run<T>(task: () => Promise<T>): Promise<T>;
  /** Calls waiting for a slot or in flight. */
  readonly pending: number;
}

/**
 * Lets calls go in arrival order, each as soon as every window allows it. Decided at the moment a call goes,
 * from the times earlier calls really went, so a timer that fires late never squeezes later calls closer.
 */
class SendGate {
  /** When the last calls went, ascending; as many as the largest window needs. */
  private readonly sent: number[] = [];
  private readonly waiting: (() => void)[] = [];
  private readonly keep: number;
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** The hour's end last reported, so one wait is reported once. */
  private reportedUntil: number | undefined;

  constructor(
    private readonly windows: RateLimit[],
    /**
     * The window whose waits a person is told about (the hour), where to tell, and from how long a wait on: once
     * the hour is full, every call waits on it a little, as on the minute; only the long waits are news.
     */
    private readonly announced: { window: RateLimit; report: RateLimitReport; longerThanMs: number },
  ) {
    this.keep = Math.max(...windows.map((w) => w.requests));
  }

  /** Resolves when the caller may send. */
  turn(): Promise<void> {
    return new Promise((resolve) => {
      this.waiting.push(resolve);
      this.release();
    });
  }

  private release(): void {
    if (this.timer) return;
    while (this.waiting.length > 0) {
      const now = Date.now();
      const at = this.earliest(now);
      if (at > now) {
        this.announce(now, at);
        this.timer = setTimeout(
          () => {
            this.timer = undefined;
            this.release();
          },
          Math.ceil(at - now),
        );
        return;
      }
      this.sent.push(now);
      if (this.sent.length > this.keep) this.sent.shift();
      this.waiting.shift()!();
    }
  }

  private earliest(now: number): number {
    let at = now;
    for (const window of this.windows) at = Math.max(at, this.freeAt(window));
    return at;
  }

  /** When `window` lets the next call go (-Infinity: now). */
  private freeAt(window: RateLimit): number {
    const count = this.sent.length;
    return count >= window.requests ? this.sent[count - window.requests]! + window.intervalMs : -Infinity;
  }

  /** Tells once per wait when the announced window is what holds the calls back. */
  private announce(now: number, at: number): void {
    const { window, report, longerThanMs } = this.announced;
    const until = this.freeAt(window);
    if (until - now <= longerThanMs || until < at || this.reportedUntil === until) return;
    this.reportedUntil = until;
    report(hourlyWaitLine(window, until, this.waiting.length));
  }
}

const limiters = new Map<string, SharedRateLimiter>();

/**
 * @param report where the line about waiting for the hour goes; the first caller of a key decides (the key's
 *   limiter is shared). @default stderr of the provider process, which the engine shows
 */
export function sharedRateLimiter(
  identity: string,
  limit: RateLimit = defaultRateLimit,
  report: RateLimitReport = reportToStderr,
): SharedRateLimiter {
  const key = `${identity}|${limit.requests}/${limit.intervalMs}`;
  let limiter = limiters.get(key);
  if (!limiter) {
    const hourly = hourBudget(limit);
    const gate = new SendGate([limit, burstSpacing(limit), hourly], {
      window: hourly,
      report,
      longerThanMs: limit.intervalMs,
    });
    let pending = 0;
    limiter = {
      async run<T>(task: () => Promise<T>): Promise<T> {
        pending += 1;
        try {
          await gate.turn();
          return await task();
        } finally {
          pending -= 1;
        }
      },
      get pending() {
        return pending;
      },
    };
    limiters.set(key, limiter);
  }
  return limiter;
}
