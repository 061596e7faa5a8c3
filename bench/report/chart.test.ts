import { describe, expect, it } from "vitest";
import { renderChart } from "./chart";

describe("renderChart", () => {
  it("draws one path per series on log axes, with a legend and escaped text", () => {
    const svg = renderChart(
      [
        {
          name: "mailinfra <up>",
          color: "#1f77b4",
          points: [
            { x: 1, y: 10 },
            { x: 10, y: 20 },
            { x: 100, y: 100 },
          ],
        },
        {
          name: "bound",
          color: "#2ca02c",
          dashed: true,
          points: [
            { x: 1, y: 9 },
            { x: 100, y: 60 },
          ],
        },
      ],
      { title: "Wall time", xLabel: "domains", yLabel: "seconds" },
    );
    expect(svg.startsWith("<svg")).toBe(true);
    expect(svg.match(/<path /g)).toHaveLength(2);
    expect(svg.match(/<circle /g)).toHaveLength(5);
    expect(svg).toContain("mailinfra &lt;up&gt;");
    expect(svg).toContain('stroke-dasharray="6 4"');
    // x from 1 to 100 on a log axis: 10 sits halfway between the plot's edges (70 and 70 + 500).
    expect(svg).toContain('cx="320.0"');
  });

  it("refuses an empty chart instead of drawing a blank one", () => {
    expect(() => renderChart([], { title: "", xLabel: "", yLabel: "" })).toThrow(/nothing to plot/);
  });
});
