import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { mostWithin } from "../../test/support/sliding-window";
import { memoryLedgerStore } from "../rate-budget/ledger-store";
import { SMARTLEAD_RATE_LIMITS } from "./limits";
import { defaultRateLimit, hourBudget, sharedRateLimiter } from "./rate-limiter";

const { minute, hour } = SMARTLEAD_RATE_LIMITS;

describe("the client's pacing of Smartlead's hourly limit (fake clock, a ledger in memory, no real waiting)", () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: new Date("2026-03-02T09:00:00Z") });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("keeps the default budget's hour to 916 calls, under Smartlead's 1,000", () => {
    expect(hourBudget(defaultRateLimit)).toEqual({ requests: 916, intervalMs: 3_660_000 });
  });

  it("never sends more than Smartlead's 1,000 calls in any hour, waits for the hour instead, and says until when", async () => {
    const lines: string[] = [];
    const limiter = sharedRateLimiter(
      "https://smartlead.test#hour-pacing",
      defaultRateLimit,
      (line) => lines.push(line),
      memoryLedgerStore(),
    );
    const sentAt: number[] = [];
    const calls = 2_000; // 500 domains × 5 mailboxes need more than this
    const done = Promise.all(
      Array.from({ length: calls }, () =>
        limiter.run(async () => {
          sentAt.push(Date.now());
        }),
      ),
    );
    await vi.advanceTimersByTimeAsync(3 * 3_660_000);
    await done;

    expect(sentAt).toHaveLength(calls);
    expect(mostWithin(sentAt, hour.windowMs)).toBeLessThanOrEqual(hour.requests);
    expect(mostWithin(sentAt, minute.windowMs)).toBeLessThanOrEqual(minute.requests);
    // The 917th call waited for the first call's hour (plus a second) to pass.
    expect(sentAt[916]! - sentAt[0]!).toBeGreaterThanOrEqual(3_660_000);

    const start = Date.parse("2026-03-02T09:00:00Z");
    expect(lines).toEqual([
      expect.stringContaining(`waiting for Smartlead's hourly limit until ${iso(start + 3_660_000)}`),
      expect.stringContaining(`waiting for Smartlead's hourly limit until ${iso(sentAt[916]! + 3_660_000)}`),
    ]);
    expect(lines[0]).toContain("916 requests sent with this API key in the last hour");
    expect(lines[0]).toContain("1,000 an hour on the Standard plan");
    expect(lines[0]).toMatch(/about 4\d min\), 1084 calls queued/);
  });

  it("after a long Retry-After (the key's hour spent on another machine), holds every call until then and says so once", async () => {
    const lines: string[] = [];
    const limiter = sharedRateLimiter(
      "https://smartlead.test#paused",
      defaultRateLimit,
      (line) => lines.push(line),
      memoryLedgerStore(),
    );
    const start = Date.now();
    await limiter.pauseUntil(start + 40 * 60_000);
    const sentAt: number[] = [];
    const done = Promise.all(
      Array.from({ length: 5 }, () =>
        limiter.run(async () => {
          sentAt.push(Date.now());
        }),
      ),
    );
    await vi.advanceTimersByTimeAsync(41 * 60_000);
    await done;
    expect(sentAt).toHaveLength(5);
    expect(Math.min(...sentAt)).toBeGreaterThanOrEqual(start + 40 * 60_000);
    expect(lines).toEqual([
      `Smartlead: answered 429 with a Retry-After for this API key, whose limits are also spent by another machine or tool; every call with the key on this machine waits until ${iso(start + 40 * 60_000)} (about 40 min), 5 calls queued. The run continues by itself. If it repeats, give each machine a share of the key's budget with mailinfra:smartlead.rateLimit (e.g. two CI jobs: 27 requests a minute each).`,
    ]);
  });

  it("says nothing while only the minute holds calls back", async () => {
    const lines: string[] = [];
    const limiter = sharedRateLimiter(
      "https://smartlead.test#minute-only",
      defaultRateLimit,
      (line) => lines.push(line),
      memoryLedgerStore(),
    );
    const done = Promise.all(Array.from({ length: 200 }, () => limiter.run(async () => {})));
    await vi.advanceTimersByTimeAsync(5 * 61_000);
    await done;
    expect(lines).toEqual([]);
  });
});

function iso(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
}
