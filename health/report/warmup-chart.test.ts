import { describe, expect, it } from "vitest";
import { warmupDays } from "./html-fixtures";
import { axisTop, barHeight, renderWarmupChart } from "./warmup-chart";

describe("the warmup chart's scale", () => {
  it("tops the axis at the next 1, 2 or 5 × 10ⁿ", () => {
    expect([0, 1, 3, 7, 10, 11, 40, 50, 51, 220, 1000].map(axisTop)).toEqual([
      1, 1, 5, 10, 10, 20, 50, 50, 100, 500, 1000,
    ]);
    expect(axisTop(Number.NaN)).toBe(1);
  });

  it("keeps a day with one email visible and draws nothing for zero", () => {
    expect(barHeight(0, 50, 132)).toBe(0);
    expect(barHeight(1, 500, 132)).toBe(3);
    expect(barHeight(25, 50, 132)).toBe(66);
    expect(barHeight(Number.NaN, 50, 132)).toBe(0);
  });
});

describe("renderWarmupChart", () => {
  it("draws one sent and one spam bar per day, labelled with the day", () => {
    const svg = renderWarmupChart(
      warmupDays([10, 20, 0, 0, 0, 0, 40], [1, 0, 0, 0, 0, 0, 3]),
      "a@b.test",
    ).toString();
    expect(svg.match(/class="bar-sent"/g)).toHaveLength(7);
    expect(svg.match(/class="bar-spam"/g)).toHaveLength(7);
    expect(svg).toContain(">11-21<");
    expect(svg).toContain(">11-27<");
    expect(svg).toContain("70 warmup emails sent, 4 in spam");
    expect(svg).toContain(">emails<");
    const stamped = renderWarmupChart([{ date: "2026-11-27T00:00:00.000Z", sent: 1, spam: 0 }], "a@b.test");
    expect(stamped.toString()).toContain(">11-27<");
  });

  it("says there is no data instead of drawing an empty chart", () => {
    const out = renderWarmupChart([], "a@b.test").toString();
    expect(out).toContain("No warmup data");
    expect(out).not.toContain("<svg");
  });
});
