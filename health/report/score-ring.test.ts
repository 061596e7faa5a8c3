import { describe, expect, it } from "vitest";
import { STATUS_COLOURS } from "./html-palette";
import { renderScoreRing, ringFill } from "./score-ring";

describe("the score ring", () => {
  it("fills the score's share of the ring, whatever the number", () => {
    expect([100, 80, 20, 0, -5, 140, Number.NaN].map(ringFill)).toEqual([1, 0.8, 0.2, 0, 0, 1, 0]);
  });

  it("draws the arc and the score in the status colour, and no arc at 0", () => {
    const critical = renderScoreRing(20, "critical").toString();
    expect(critical.match(new RegExp(`stroke="${STATUS_COLOURS.critical}"`, "g"))).toHaveLength(1);
    expect(critical).toContain(`fill="${STATUS_COLOURS.critical}">20<`);
    const zero = renderScoreRing(0, "critical").toString();
    expect(zero).not.toContain("score-ring-arc");
    expect(zero).toContain(`fill="${STATUS_COLOURS.critical}">0<`);
    expect(renderScoreRing(95, "healthy").toString()).toContain('aria-label="score 95 of 100, healthy"');
  });
});
