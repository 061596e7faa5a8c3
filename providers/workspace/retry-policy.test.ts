import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { defaultRetryPolicy, isRetryableFailure, parseRetryAfter, retryDelayMs } from "./retry-policy";

describe("isRetryableFailure", () => {
  it.each([
    [undefined, [], true],
    [429, ["rateLimitExceeded"], true],
    [403, ["userRateLimitExceeded"], true],
    [403, ["quotaExceeded"], true],
    [403, ["dailyLimitExceeded"], false],
    [403, ["forbidden"], false],
    [403, ["insufficientPermissions"], false],
    [500, [], true],
    [503, ["backendError"], true],
    [408, [], true],
    [409, ["duplicate"], false],
    [404, ["notFound"], false],
    [400, ["invalid"], false],
  ])("status %s %j → %s", (status, reasons, expected) => {
    expect(isRetryableFailure(status, reasons)).toBe(expected);
  });

  it("retries Google's 'User creation is not complete.' (a user created seconds ago), not other 412s", () => {
    expect(isRetryableFailure(412, ["conditionNotMet"], "User creation is not complete.")).toBe(true);
    expect(isRetryableFailure(412, ["conditionNotMet"], "Precondition check failed.")).toBe(false);
  });
});

describe("retryDelayMs", () => {
  const now = Date.parse("2026-01-01T00:00:00Z");

  it("follows Retry-After in seconds or as an HTTP date, capped", () => {
    expect(retryDelayMs(1, "3", defaultRetryPolicy, () => 0.5, now)).toBe(3000);
    expect(retryDelayMs(1, "Thu, 01 Jan 2026 00:00:05 GMT", defaultRetryPolicy, () => 0.5, now)).toBe(5000);
    expect(retryDelayMs(1, "86400", defaultRetryPolicy, () => 0.5, now)).toBe(
      defaultRetryPolicy.maxRetryAfterMs,
    );
    expect(parseRetryAfter("soon", now)).toBeUndefined();
  });

  it("without Retry-After: full jitter under an exponentially growing, capped ceiling", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 30 }),
        fc.double({ min: 0, max: 0.999999, noNaN: true }),
        (attempt, r) => {
          const delay = retryDelayMs(attempt, null, defaultRetryPolicy, () => r, now);
          const ceiling = Math.min(
            defaultRetryPolicy.maxDelayMs,
            defaultRetryPolicy.baseDelayMs * 2 ** (attempt - 1),
          );
          return delay >= 0 && delay < ceiling;
        },
      ),
    );
    expect(retryDelayMs(3, null, defaultRetryPolicy, () => 0.999, now)).toBe(Math.floor(0.999 * 2000));
  });
});
