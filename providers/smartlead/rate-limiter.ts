import pThrottle from "p-throttle";

/**
 * One request budget per Smartlead API key and process, shared by every client, provider call and batch
 * that uses the key, so a bulk `pulumi up` never trips Smartlead's "60 requests per 60 seconds per API key".
 *
 * p-throttle in strict mode is a sliding window: never more than `requests` calls in ANY `intervalMs` span.
 * That stays under Smartlead's fixed window whatever its phase; a token bucket or a fixed window of our own
 * (Bottleneck's reservoir) can put up to twice the limit into one of Smartlead's windows when the two are
 * out of phase. Request k+limit leaves at least `intervalMs` after request k; an interval a little longer
 * than Smartlead's minute absorbs latency jitter (a request that travels slower than the one `limit` places
 * later), and a limit under 60 leaves room for other tools using the same key.
 */
export interface RateLimit {
  requests: number;
  intervalMs: number;
}

export const defaultRateLimit: RateLimit = { requests: 55, intervalMs: 61_000 };

export interface SharedRateLimiter {
  run<T>(task: () => Promise<T>): Promise<T>;
  /** Calls waiting for a slot or in flight. */
  readonly pending: number;
}

const limiters = new Map<string, SharedRateLimiter>();

export function sharedRateLimiter(identity: string, limit: RateLimit = defaultRateLimit): SharedRateLimiter {
  const key = `${identity}|${limit.requests}/${limit.intervalMs}`;
  let limiter = limiters.get(key);
  if (!limiter) {
    const throttled = pThrottle({ limit: limit.requests, interval: limit.intervalMs, strict: true })(
      (task: () => Promise<unknown>) => task(),
    );
    let pending = 0;
    limiter = {
      async run<T>(task: () => Promise<T>): Promise<T> {
        pending += 1;
        try {
          return (await throttled(task)) as T;
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
