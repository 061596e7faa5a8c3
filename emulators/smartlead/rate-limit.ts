import { SMARTLEAD_RATE_LIMITS } from "../../providers/smartlead/limits";
import { type CountWindow, fixedWindow } from "../http/fixed-window";

/**
 * Smartlead's published limits per API key, across all endpoints (https://api.smartlead.ai/guides/rate-limits):
 * 60 requests a minute, 1,000 an hour and, on top, a burst limit of 10 requests a second (Standard tier). Answers carry
 * x-ratelimit-limit / x-ratelimit-remaining / x-ratelimit-reset (https://api.smartlead.ai/reference/rate-limits);
 * a 429 carries Retry-After and `error.retry_after` (guides/rate-limits, "Detecting Rate Limits").
 *
 * The minute and the hour are fixed windows per key that open with the key's first request, since the headers name a
 * reset time. Neither page says how the burst second is counted; it is modelled as a sliding window (never more than
 * `burst` requests in ANY second), the strictest reading, so a client that passes here passes either way. Nor do
 * they say which window the headers describe on a burst or hourly 429: here they describe the window that refused
 * (burst: limit 10, remaining 0, reset when a slot frees; hour: limit 1000, remaining 0, reset when the hour ends);
 * on every other answer, the minute, as the reference shows ("will show 60 requests"). When the hour and the minute
 * are both spent, the hour answers: its reset is the one a client must wait for. A refused request counts in no
 * window.
 *
 * `timeScale` shrinks every window so tests and benchmarks run in a fraction of real time (0.01 → a 36 s "hour",
 * a 600 ms "minute", a 10 ms "second"); Retry-After then carries fractional seconds, which real Smartlead never
 * sends.
 */
export interface RateLimitOptions {
  /** Requests per minute window and key. @default 60 */
  limit?: number;
  /**
   * Requests per (scaled) second and key, Smartlead's burst limit; off when undefined, so that callers that
   * fire dozens of requests at once keep working until they pace themselves.
   * @default undefined (off)
   * @example 10 // Smartlead Standard, SMARTLEAD_RATE_LIMITS.burst.requests
   */
  burst?: number;
  /**
   * Requests per (scaled) hour and key, Smartlead's hourly limit. On by default: no unit test comes near it, and
   * a fleet that does (500 domains × 5 mailboxes) must meet it here as it would live.
   * @default 1000 (Smartlead Standard, SMARTLEAD_RATE_LIMITS.hour.requests)
   */
  hour?: number;
  /** Real-time window length = 60 s × timeScale (burst: 1 s × timeScale, hour: 3,600 s × timeScale). @default 1 */
  timeScale?: number;
  /** Turn the limits off entirely. @default true */
  enabled?: boolean;
}

export interface RateDecision {
  allowed: boolean;
  /** Which window refused; undefined when allowed. */
  window?: "minute" | "burst" | "hour";
  limit: number;
  remaining: number;
  /** Epoch ms when the window resets (burst: when its oldest request leaves the window). */
  resetAt: number;
  retryAfterSeconds: number;
}

export class RateLimiter {
  private readonly windows = new Map<string, CountWindow>();
  private readonly hours = new Map<string, CountWindow>();
  /** Per key, the times of the last `burst` allowed requests, oldest first. */
  private readonly recent = new Map<string, number[]>();
  limit: number;
  burst: number | undefined;
  hour: number;
  timeScale: number;
  enabled: boolean;

  constructor(
    options: RateLimitOptions = {},
    private readonly clock: () => number = Date.now,
  ) {
    this.limit = options.limit ?? SMARTLEAD_RATE_LIMITS.minute.requests;
    this.burst = options.burst;
    this.hour = options.hour ?? SMARTLEAD_RATE_LIMITS.hour.requests;
    this.timeScale = options.timeScale ?? 1;
    this.enabled = options.enabled ?? true;
  }

  get windowMs(): number {
    return SMARTLEAD_RATE_LIMITS.minute.windowMs * this.timeScale;
  }

  get burstWindowMs(): number {
    return SMARTLEAD_RATE_LIMITS.burst.windowMs * this.timeScale;
  }

  get hourWindowMs(): number {
    return SMARTLEAD_RATE_LIMITS.hour.windowMs * this.timeScale;
  }

  take(key: string): RateDecision {
    const now = this.clock();
    const hour = fixedWindow(this.hours, key, now, this.hourWindowMs);
    const window = fixedWindow(this.windows, key, now, this.windowMs);
    const resetAt = window.start + this.windowMs;
    if (this.enabled && hour.count >= this.hour) {
      return this.refuse("hour", this.hour, hour.start + this.hourWindowMs, now);
    }
    if (this.enabled && window.count >= this.limit) {
      return this.refuse("minute", this.limit, resetAt, now);
    }
    const recent = (this.recent.get(key) ?? []).filter((at) => now - at < this.burstWindowMs);
    this.recent.set(key, recent);
    if (this.enabled && this.burst !== undefined && recent.length >= this.burst) {
      return this.refuse("burst", this.burst, recent[recent.length - this.burst]! + this.burstWindowMs, now);
    }
    window.count += 1;
    hour.count += 1;
    if (this.burst !== undefined) {
      recent.push(now);
      if (recent.length > this.burst) recent.shift();
    }
    return {
      allowed: true,
      limit: this.limit,
      remaining: Math.max(0, this.limit - window.count),
      resetAt,
      retryAfterSeconds: 0,
    };
  }

  private refuse(
    window: "minute" | "burst" | "hour",
    limit: number,
    resetAt: number,
    now: number,
  ): RateDecision {
    const waitMs = Math.max(0, resetAt - now);
    const seconds =
      this.timeScale === 1 ? Math.max(1, Math.ceil(waitMs / 1000)) : Math.max(0.001, waitMs / 1000);
    return { allowed: false, window, limit, remaining: 0, resetAt, retryAfterSeconds: seconds };
  }

  reset(): void {
    this.windows.clear();
    this.hours.clear();
    this.recent.clear();
  }
}
