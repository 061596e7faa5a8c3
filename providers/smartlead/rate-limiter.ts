import { SMARTLEAD_RATE_LIMITS } from "./limits";

/**
 * One request budget per Smartlead API key and process, shared by every client, provider call and batch
 * that uses the key, so a bulk `pulumi up` trips neither of Smartlead's limits per API key: 60 requests a
 * minute and, on top, a burst limit of 10 a second (https://api.smartlead.ai/guides/rate-limits; the numbers
 * live in limits.ts).
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

const { minute, burst } = SMARTLEAD_RATE_LIMITS;

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

  constructor(private readonly windows: RateLimit[]) {
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
    const count = this.sent.length;
    let at = now;
    for (const window of this.windows) {
      if (count >= window.requests)
        at = Math.max(at, this.sent[count - window.requests]! + window.intervalMs);
    }
    return at;
  }
}

const limiters = new Map<string, SharedRateLimiter>();

export function sharedRateLimiter(identity: string, limit: RateLimit = defaultRateLimit): SharedRateLimiter {
  const key = `${identity}|${limit.requests}/${limit.intervalMs}`;
  let limiter = limiters.get(key);
  if (!limiter) {
    const gate = new SendGate([limit, burstSpacing(limit)]);
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
