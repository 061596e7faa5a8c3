import { describe, expect, it } from "vitest";
import {
  earliestStartMs,
  minimumRefreshCalls,
  minimumUpCalls,
  rateFloorMs,
  realClockFloorMs,
  refreshBound,
  smartleadWindows,
  upBound,
} from "./lower-bound";
import { realWorld, scaleWorld } from "./world-spec";

const world = scaleWorld(realWorld, 1);

const minute = [{ limit: 60, windowMs: 60_000 }];

describe("rateFloorMs", () => {
  it("needs one window per `limit` calls after the first window", () => {
    expect(rateFloorMs(0, minute, 80)).toBe(0);
    expect(rateFloorMs(1, minute, 80)).toBe(80);
    expect(rateFloorMs(60, minute, 80)).toBe(80);
    expect(rateFloorMs(61, minute, 80)).toBe(60_080);
    expect(rateFloorMs(601, minute, 80)).toBe(600_080);
  });
});

describe("Smartlead's hour, minute and second together", () => {
  const windows = smartleadWindows(world);

  it("are Smartlead's published Standard limits", () => {
    expect(windows).toEqual([
      { limit: 1000, windowMs: 3_600_000 },
      { limit: 60, windowMs: 60_000 },
      { limit: 10, windowMs: 1_000 },
    ]);
  });

  it("the burst second spaces the calls inside a minute: the 60th call starts 5 s into it", () => {
    expect(earliestStartMs(9, windows)).toBe(0);
    expect(earliestStartMs(10, windows)).toBe(1_000);
    expect(earliestStartMs(59, windows)).toBe(5_000);
    expect(earliestStartMs(60, windows)).toBe(60_000);
  });

  it("the 1,001st call waits for the next hour though the minute would allow it", () => {
    // Call 1,000 (from 1) is the 40th of minute 16; call 1,001 the first of hour 2.
    expect(earliestStartMs(999, windows)).toBe(16 * 60_000 + 3_000);
    expect(earliestStartMs(1000, windows)).toBe(3_600_000);
    // The minute alone would have let it start in minute 16.
    expect(earliestStartMs(1000, minute)).toBe(16 * 60_000);
  });

  it("500 domains × 3 mailboxes (1,501 calls) need the second hour: 68 minutes, not the minute's 25", () => {
    expect(rateFloorMs(1501, windows, 80)).toBe(3_600_000 + 8 * 60_000 + 2_000 + 80);
    expect(rateFloorMs(1501, minute, 80)).toBe(25 * 60_000 + 80);
  });
});

describe("minimum calls", () => {
  it("counts per domain, per mailbox and per campaign for up, and list pages for refresh", () => {
    expect(minimumUpCalls({ domains: 200, mailboxes: 600, campaigns: 1 })).toEqual({
      "google.oauth": 601,
      "google.directory": 800,
      "google.siteVerification": 400,
      smartlead: 601,
    });
    expect(minimumRefreshCalls({ domains: 200, mailboxes: 600, campaigns: 1 })).toEqual({
      "google.oauth": 1,
      "google.directory": 3,
      "google.siteVerification": 0,
      smartlead: 6,
    });
  });
});

describe("bounds in the real world", () => {
  it("one domain is bound by propagation plus six dependent calls", () => {
    const bound = upBound(world, { domains: 1, mailboxes: 3, campaigns: 1 });
    expect(bound.limitedBy).toBe("critical path");
    expect(bound.boundMs).toBe(30_000 + 45_000 + 6 * 80);
  });

  it("200 domains are bound by Smartlead's 60 calls a minute: 601 calls need ten more minutes", () => {
    const bound = upBound(world, { domains: 200, mailboxes: 600, campaigns: 1 });
    expect(bound.limitedBy).toBe("smartlead rate limit");
    expect(bound.boundMs).toBe(30_000 + 45_000 + 4 * 80 + 600_000 + 80);
  });

  it("a refresh of 200 domains is a handful of list calls, far from any limit", () => {
    const bound = refreshBound(world, { domains: 200, mailboxes: 600, campaigns: 1 });
    expect(bound.boundMs).toBe(160);
  });

  it("500 domains × 3 mailboxes are bound by Smartlead's hour: propagation, then 1,501 calls over two hours' budgets", () => {
    const bound = upBound(world, { domains: 500, mailboxes: 1500, campaigns: 1 });
    expect(bound.limitedBy).toBe("smartlead rate limit");
    expect(bound.boundMs).toBe(30_000 + 45_000 + 4 * 80 + 3_600_000 + 8 * 60_000 + 2_000 + 80);
  });

  it("on the real clock, a scaled bound is the scaled one divided by the scale", () => {
    const scaled = scaleWorld(realWorld, 0.1);
    const fleet = { domains: 500, mailboxes: 1500, campaigns: 1 };
    expect(realClockFloorMs(upBound(scaled, fleet), 0.1)).toBeCloseTo(upBound(world, fleet).boundMs, 3);
  });

  it("scales with the world's time factor", () => {
    const scaled = scaleWorld(realWorld, 0.1);
    expect(upBound(scaled, { domains: 200, mailboxes: 600, campaigns: 1 }).boundMs).toBeCloseTo(
      (30_000 + 45_000 + 4 * 80 + 600_000 + 80) * 0.1,
      5,
    );
  });
});
