/**
 * Smartlead's published limit: "60 requests per 60 seconds per API key", across all endpoints, with
 * x-ratelimit-limit / x-ratelimit-remaining / x-ratelimit-reset headers (https://api.smartlead.ai/reference/rate-limits)
 * and a 429 carrying Retry-After (https://api.smartlead.ai/guides/rate-limits). Modelled as a fixed window per key
 * that opens with the key's first request, since the headers name a reset time.
 *
 * `timeScale` shrinks the window so tests and benchmarks run in a fraction of real time (0.01 → a 600 ms
 * "minute"); Retry-After then carries fractional seconds, which real Smartlead never sends.
 */
export interface RateLimitOptions {
  /** Requests per window and key. @default 60 */
  limit?: number;
  /** Real-time window length = 60 s × timeScale. @default 1 */
  timeScale?: number;
  /** Turn the limit off entirely. @default true */
  enabled?: boolean;
}

export interface RateDecision {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Epoch ms when the window resets. */
  resetAt: number;
  retryAfterSeconds: number;
}

export class RateLimiter {
  private readonly windows = new Map<string, { start: number; count: number }>();
  limit: number;
  timeScale: number;
  enabled: boolean;

  constructor(
    options: RateLimitOptions = {},
    private readonly clock: () => number = Date.now,
  ) {
    this.limit = options.limit ?? 60;
    this.timeScale = options.timeScale ?? 1;
    this.enabled = options.enabled ?? true;
  }

  get windowMs(): number {
    return 60_000 * this.timeScale;
  }

  take(key: string): RateDecision {
    const now = this.clock();
    let window = this.windows.get(key);
    if (!window || now - window.start >= this.windowMs) {
      window = { start: now, count: 0 };
      this.windows.set(key, window);
    }
    const resetAt = window.start + this.windowMs;
    if (this.enabled && window.count >= this.limit) {
      const waitMs = Math.max(0, resetAt - now);
      const seconds =
        this.timeScale === 1 ? Math.max(1, Math.ceil(waitMs / 1000)) : Math.max(0.001, waitMs / 1000);
      return { allowed: false, limit: this.limit, remaining: 0, resetAt, retryAfterSeconds: seconds };
    }
    window.count += 1;
    return {
      allowed: true,
      limit: this.limit,
      remaining: Math.max(0, this.limit - window.count),
      resetAt,
      retryAfterSeconds: 0,
    };
  }

  reset(): void {
    this.windows.clear();
  }
}
