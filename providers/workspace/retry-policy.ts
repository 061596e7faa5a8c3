/**
 * When and how long to wait before retrying a Google API call. Pure: no timers, no I/O.
 *
 * Google's Directory API "Limits and quotas" page asks for exponential backoff on 403
 * `userRateLimitExceeded`, 403 `quotaExceeded` and 429 `rateLimitExceeded`; 5xx (`backendError`) and
 * lost connections are transient too. A `Retry-After` header, when sent, wins over the computed delay.
 * The computed delay is "full jitter" backoff (random in [0, min(cap, base·2^(attempt-1))]) so many
 * provider processes retrying at once do not stampede together.
 */

export interface RetryPolicy {
  /** Retries after the first attempt. */
  retries: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** Upper bound on how long a Retry-After header may make us wait. */
  maxRetryAfterMs: number;
}

export const defaultRetryPolicy: RetryPolicy = {
  retries: 6,
  baseDelayMs: 500,
  maxDelayMs: 32_000,
  maxRetryAfterMs: 120_000,
};

const retryableQuotaReasons = new Set(["userRateLimitExceeded", "quotaExceeded", "rateLimitExceeded"]);

/**
 * Google's words for a user created seconds ago that is not usable yet. users.insert reference
 * (https://developers.google.com/workspace/admin/directory/reference/rest/v1/users/insert): "Mutate calls
 * immediately following user creation might sometimes fail [...] Check the error details for the 'User creation
 * is not complete' message [...] Retrying the calls after some time can help". The reference gives no status;
 * clients of the live API see it with 412, so the message, not the status, decides.
 */
export const userCreationIncomplete = /user creation is not complete/i;

/** `status` undefined means no HTTP answer at all (refused, reset, timed out). */
export function isRetryableFailure(
  status: number | undefined,
  reasons: readonly string[],
  message = "",
): boolean {
  if (status === undefined) return true;
  if (status === 408 || status === 429 || status >= 500) return true;
  if (userCreationIncomplete.test(message)) return true;
  if (status === 403) return reasons.some((reason) => retryableQuotaReasons.has(reason));
  return false;
}

/** Parses `Retry-After` as delta-seconds or an HTTP date; returns milliseconds, or undefined. */
export function parseRetryAfter(header: string | null | undefined, nowMs: number): number | undefined {
  if (!header) return undefined;
  const trimmed = header.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - nowMs);
}

/** Delay before retry number `attempt` (1 = first retry). */
export function retryDelayMs(
  attempt: number,
  retryAfterHeader: string | null | undefined,
  policy: RetryPolicy,
  random: () => number = Math.random,
  nowMs: number = Date.now(),
): number {
  const retryAfter = parseRetryAfter(retryAfterHeader, nowMs);
  if (retryAfter !== undefined) return Math.min(retryAfter, policy.maxRetryAfterMs);
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempt - 1));
  return Math.floor(random() * ceiling);
}
