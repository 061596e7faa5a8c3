import { describe, expect, it } from "vitest";
import { splitTime, unionLengthMs } from "./provider-trace";

describe("unionLengthMs", () => {
  it("counts overlapping and touching intervals once, gaps not at all, and clips to the run", () => {
    const intervals = [
      { start: 10, end: 20 },
      { start: 15, end: 30 },
      { start: 30, end: 35 },
      { start: 50, end: 60 },
      { start: 90, end: 200 },
    ];
    expect(unionLengthMs(intervals, 0, 100)).toBe(25 + 10 + 10);
    expect(unionLengthMs(intervals, 55, 95)).toBe(5 + 5);
    expect(unionLengthMs([], 0, 100)).toBe(0);
  });
});

describe("splitTime", () => {
  it("gives the engine the time no provider operation was in flight, and sums operations per kind", () => {
    const split = splitTime(
      [
        { op: "create", type: "providers/readiness/readiness.provider", start: 100, end: 400, ok: true },
        { op: "create", type: "providers/readiness/readiness.provider", start: 200, end: 300, ok: false },
        { op: "check", type: "providers/workspace/workspace-user.provider", start: 500, end: 510, ok: true },
      ],
      0,
      1000,
    );
    expect(split.providersBusyMs).toBe(310);
    expect(split.engineOnlyMs).toBe(690);
    expect(split.operations["readiness create"]).toEqual({ count: 2, totalMs: 400, maxMs: 300, failed: 1 });
    expect(split.operations["workspace-user check"]).toEqual({ count: 1, totalMs: 10, maxMs: 10, failed: 0 });
  });
});
