import { describe, expect, it } from "vitest";
import { percentile, readinessLatencies, summarizeLatencies } from "./readiness-latency";

describe("percentile", () => {
  it("takes the nearest rank, whatever the order", () => {
    const values = [5, 1, 4, 2, 3, 10, 9, 8, 7, 6];
    expect(percentile(values, 50)).toBe(5);
    expect(percentile(values, 95)).toBe(10);
    expect(percentile([42], 95)).toBe(42);
    expect(percentile([], 50)).toBeNaN();
  });
});

describe("readinessLatencies", () => {
  it("measures from visibility on the quorum to the gate opening, skipping domains never published", () => {
    const visible = new Map([
      ["a.test", 1_000],
      ["b.test", 2_000],
    ]);
    const latencies = readinessLatencies(
      [
        { domain: "a.test", readyAt: 1_300 },
        { domain: "b.test", readyAt: 2_050 },
        { domain: "c.test", readyAt: 9_999 },
      ],
      (d) => visible.get(d),
    );
    expect(latencies).toEqual([300, 50]);
    expect(summarizeLatencies(latencies)).toEqual({ samples: 2, p50Ms: 50, p95Ms: 300, maxMs: 300 });
  });
});
