import { describe, expect, it } from "vitest";
import { minimumRefreshCalls, minimumUpCalls, rateFloorMs, refreshBound, upBound } from "./lower-bound";
import { realWorld, scaleWorld } from "./world-spec";

const world = scaleWorld(realWorld, 1);

describe("rateFloorMs", () => {
  it("needs one window per `limit` calls after the first window", () => {
    expect(rateFloorMs(0, 60, 60_000, 80)).toBe(0);
    expect(rateFloorMs(1, 60, 60_000, 80)).toBe(80);
    expect(rateFloorMs(60, 60, 60_000, 80)).toBe(80);
    expect(rateFloorMs(61, 60, 60_000, 80)).toBe(60_080);
    expect(rateFloorMs(601, 60, 60_000, 80)).toBe(600_080);
  });
});

describe("minimum calls", () => {
  it("counts per domain, per mailbox and per campaign for up, and list pages for refresh", () => {
    expect(minimumUpCalls({ domains: 200, mailboxes: 600, campaigns: 1 })).toEqual({
      "google.oauth": 1,
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

  it("scales with the world's time factor", () => {
    const scaled = scaleWorld(realWorld, 0.1);
    expect(upBound(scaled, { domains: 200, mailboxes: 600, campaigns: 1 }).boundMs).toBeCloseTo(
      (30_000 + 45_000 + 4 * 80 + 600_000 + 80) * 0.1,
      5,
    );
  });
});
