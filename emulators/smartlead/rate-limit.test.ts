import { afterEach, describe, expect, it } from "vitest";
import { SMARTLEAD_RATE_LIMITS } from "../../providers/smartlead/limits";
import { type SmartleadEmulator, start } from "./index";
import { RateLimiter } from "./rate-limit";

/** A clock the test moves: the hour is tested without waiting for one. */
function fakeClock(start = 1_700_000_000_000) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

describe("Smartlead's hourly limit (https://api.smartlead.ai/guides/rate-limits)", () => {
  it("refuses the 1,001st request of an hour, though every minute stayed under 60, until the hour ends", () => {
    const clock = fakeClock();
    const limiter = new RateLimiter({}, clock.now);
    const opened = clock.now();
    // One request every 1.1 s: 55 a minute, never the minute's limit; 1,000 take 1,100 s of the hour.
    for (let i = 0; i < SMARTLEAD_RATE_LIMITS.hour.requests; i++) {
      expect(limiter.take("key").allowed).toBe(true);
      clock.advance(1_100);
    }
    const refused = limiter.take("key");
    expect(refused).toMatchObject({ allowed: false, window: "hour", limit: 1000, remaining: 0 });
    expect(refused.resetAt).toBe(opened + 3_600_000);
    expect(refused.retryAfterSeconds).toBe(Math.ceil((opened + 3_600_000 - clock.now()) / 1000));
    // Another key has its own hour.
    expect(limiter.take("other").allowed).toBe(true);
    clock.advance(refused.resetAt - clock.now() - 1);
    expect(limiter.take("key")).toMatchObject({ allowed: false, window: "hour" });
    clock.advance(1);
    expect(limiter.take("key")).toMatchObject({ allowed: true, limit: 60, remaining: 59 });
  });

  it("answers with the hour when both the hour and the minute are spent: its reset is the one to wait for", () => {
    const clock = fakeClock();
    const limiter = new RateLimiter({ limit: 5, hour: 5 }, clock.now);
    for (let i = 0; i < 5; i++) expect(limiter.take("key").allowed).toBe(true);
    expect(limiter.take("key")).toMatchObject({ allowed: false, window: "hour", limit: 5 });
    clock.advance(60_000);
    expect(limiter.take("key")).toMatchObject({ allowed: false, window: "hour", retryAfterSeconds: 3_540 });
  });

  it("scales the hour with timeScale, as the minute", () => {
    const clock = fakeClock();
    const limiter = new RateLimiter({ hour: 2, timeScale: 0.01 }, clock.now); // a 36 s hour
    expect(limiter.hourWindowMs).toBe(36_000);
    limiter.take("key");
    clock.advance(700); // past the scaled minute
    limiter.take("key");
    clock.advance(700);
    const refused = limiter.take("key");
    expect(refused).toMatchObject({ allowed: false, window: "hour" });
    expect(refused.retryAfterSeconds).toBeCloseTo(34.6, 3);
    clock.advance(34_600);
    expect(limiter.take("key").allowed).toBe(true);
  });

  describe("over HTTP", () => {
    let emulator: SmartleadEmulator | undefined;
    afterEach(async () => {
      await emulator?.stop();
      emulator = undefined;
    });

    it("answers the request over the hour with Smartlead's documented 429 body, Retry-After and X-RateLimit-* of the hour", async () => {
      emulator = await start();
      expect(emulator.rateLimiter.hour).toBe(SMARTLEAD_RATE_LIMITS.hour.requests);
      emulator.rateLimiter.hour = 3;
      const get = () => fetch(`${emulator!.baseUrl}/campaigns/?api_key=${emulator!.apiKey}`);
      const sentAt = Date.now();
      for (let i = 0; i < 3; i++) expect((await get()).status).toBe(200);
      const refused = await get();
      expect(refused.status).toBe(429);
      const retryAfter = Number(refused.headers.get("retry-after"));
      expect(retryAfter).toBeGreaterThan(3_590);
      expect(retryAfter).toBeLessThanOrEqual(3_600);
      expect(await refused.json()).toEqual({
        error: {
          code: "RATE_LIMIT_EXCEEDED",
          message: `Too many requests. Please retry after ${retryAfter} seconds.`,
          retry_after: retryAfter,
        },
      });
      expect(refused.headers.get("x-ratelimit-limit")).toBe("3");
      expect(refused.headers.get("x-ratelimit-remaining")).toBe("0");
      expect(Number(refused.headers.get("x-ratelimit-reset")) * 1000).toBeGreaterThanOrEqual(
        sentAt + 3_599_000,
      );
      expect(emulator.state.calls.at(-1)).toMatchObject({ status: 429, fault: "rateLimit" });
    });
  });
});
