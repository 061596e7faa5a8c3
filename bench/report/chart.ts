/**
 * A small hand-rendered SVG line chart with logarithmic axes: wall time (s) against domain count. Pure: data in,
 * SVG text out.
 */
export interface Series {
  name: string;
  color: string;
  dashed?: boolean;
  /** Hollow markers and no line: values that are only lower bounds (runs stopped at a time cap). */
  hollow?: boolean;
  points: { x: number; y: number }[];
}

export interface ChartOptions {
  title: string;
  xLabel: string;
  yLabel: string;
  width?: number;
  height?: number;
}

const xmlText = (text: string) =>
  text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/** 1, 2, 5 × 10^k between lo and hi. */
function logTicks(lo: number, hi: number): number[] {
  const ticks: number[] = [];
  for (let k = Math.floor(Math.log10(lo)); k <= Math.ceil(Math.log10(hi)); k++) {
    for (const m of [1, 2, 5]) {
      const v = m * 10 ** k;
      if (v >= lo * 0.999 && v <= hi * 1.001) ticks.push(v);
    }
  }
  return ticks;
}

/** The smallest 1, 2 or 5 × 10^k at or above v, and the largest at or below it. */
function niceUp(v: number): number {
  const k = 10 ** Math.floor(Math.log10(v));
  return [1, 2, 5, 10].map((m) => m * k).find((n) => n >= v * 0.999) ?? 10 * k;
}
function niceDown(v: number): number {
  const k = 10 ** Math.floor(Math.log10(v));
  return [5, 2, 1].map((m) => m * k).find((n) => n <= v * 1.001) ?? k;
}

const label = (v: number) => (v >= 1 ? String(Math.round(v * 100) / 100) : v.toPrecision(1));

export function renderChart(series: Series[], options: ChartOptions): string {
  const width = options.width ?? 860;
  const height = options.height ?? 460;
  const margin = { left: 70, right: 290, top: 40, bottom: 50 };
  const points = series.flatMap((s) => s.points).filter((p) => p.x > 0 && p.y > 0);
  if (points.length === 0) throw new Error("renderChart: nothing to plot");
  const xs = points.map((p) => p.x);
  const ys = points.map((p) => p.y);
  const xLo = niceDown(Math.min(...xs));
  const xHi = Math.max(niceUp(Math.max(...xs)), xLo * 10);
  const yLo = niceDown(Math.min(...ys));
  const yHi = Math.max(niceUp(Math.max(...ys)), yLo * 10);
  const plotW = width - margin.left - margin.right;
  const plotH = height - margin.top - margin.bottom;
  const sx = (x: number) =>
    margin.left + ((Math.log10(x) - Math.log10(xLo)) / (Math.log10(xHi) - Math.log10(xLo))) * plotW;
  const sy = (y: number) =>
    margin.top + plotH - ((Math.log10(y) - Math.log10(yLo)) / (Math.log10(yHi) - Math.log10(yLo))) * plotH;
  const f = (n: number) => n.toFixed(1);

  const parts: string[] = [];
  parts.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12">`,
    `<rect width="${width}" height="${height}" fill="white"/>`,
    `<text x="${width / 2 - margin.right / 2}" y="22" text-anchor="middle" font-size="15">${xmlText(options.title)}</text>`,
  );
  for (const t of logTicks(xLo, xHi)) {
    parts.push(
      `<line x1="${f(sx(t))}" y1="${margin.top}" x2="${f(sx(t))}" y2="${margin.top + plotH}" stroke="#e5e5e5"/>`,
      `<text x="${f(sx(t))}" y="${margin.top + plotH + 16}" text-anchor="middle">${label(t)}</text>`,
    );
  }
  for (const t of logTicks(yLo, yHi)) {
    parts.push(
      `<line x1="${margin.left}" y1="${f(sy(t))}" x2="${margin.left + plotW}" y2="${f(sy(t))}" stroke="#e5e5e5"/>`,
      `<text x="${margin.left - 6}" y="${f(sy(t) + 4)}" text-anchor="end">${label(t)}</text>`,
    );
  }
  parts.push(
    `<rect x="${margin.left}" y="${margin.top}" width="${plotW}" height="${plotH}" fill="none" stroke="#888"/>`,
    `<text x="${margin.left + plotW / 2}" y="${height - 12}" text-anchor="middle">${xmlText(options.xLabel)}</text>`,
    `<text transform="translate(18 ${margin.top + plotH / 2}) rotate(-90)" text-anchor="middle">${xmlText(options.yLabel)}</text>`,
  );
  series.forEach((s, i) => {
    const visible = s.points.filter((p) => p.x > 0 && p.y > 0).sort((a, b) => a.x - b.x);
    const dash = s.dashed ? ` stroke-dasharray="6 4"` : "";
    if (visible.length > 1 && !s.hollow) {
      const d = visible.map((p, j) => `${j === 0 ? "M" : "L"}${f(sx(p.x))},${f(sy(p.y))}`).join(" ");
      parts.push(`<path d="${d}" fill="none" stroke="${s.color}" stroke-width="2"${dash}/>`);
    }
    for (const p of visible) {
      parts.push(
        s.hollow
          ? `<circle cx="${f(sx(p.x))}" cy="${f(sy(p.y))}" r="4.5" fill="white" stroke="${s.color}" stroke-width="2"/>`
          : `<circle cx="${f(sx(p.x))}" cy="${f(sy(p.y))}" r="3.5" fill="${s.color}"/>`,
      );
    }
    const ly = margin.top + 10 + i * 20;
    const lx = margin.left + plotW + 16;
    parts.push(
      s.hollow
        ? `<circle cx="${lx + 12}" cy="${ly}" r="4.5" fill="white" stroke="${s.color}" stroke-width="2"/>`
        : `<line x1="${lx}" y1="${ly}" x2="${lx + 24}" y2="${ly}" stroke="${s.color}" stroke-width="2"${dash}/>`,
      `<text x="${lx + 30}" y="${ly + 4}">${xmlText(s.name)}</text>`,
    );
  });
  parts.push("</svg>");
  return `${parts.join("\n")}\n`;
}
