import type { WarmupDay } from "../signals";
import { html, type Markup } from "./html-markup";
import { CHART_COLOURS } from "./html-palette";

const WIDTH = 360;
const HEIGHT = 190;
const PLOT = { left: 44, right: 8, top: 12, bottom: 46 };
/** A day with a non-zero count keeps a visible bar (at least two pixels on a phone) however small its share. */
const MIN_BAR = 3;

/** The smallest 1, 2 or 5 × 10ⁿ at or above `value` (at least 1): the y axis's top. */
export function axisTop(value: number): number {
  if (!(value > 1)) return 1;
  const magnitude = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 5, 10]) if (step * magnitude >= value) return step * magnitude;
  return 10 * magnitude;
}

/** Height in SVG units of a bar for `value` on an axis ending at `top`. */
export function barHeight(value: number, top: number, plotHeight: number): number {
  if (!(value > 0)) return 0;
  return Math.max(MIN_BAR, (Math.min(value, top) / top) * plotHeight);
}

/** "2026-11-27" (or a timestamp on that day) → "11-27": the year is in the report's header; anything else as given. */
function dayLabel(date: string): string {
  return /^\d{4}-(\d{2}-\d{2})/.exec(date)?.[1] ?? date;
}

/**
 * A mailbox's warmup over its last seven days as an inline SVG bar chart: per day a bar of warmup emails sent
 * and beside it a bar of those that landed in spam, y axis "emails" with 0, half and top ticks, x axis the
 * days. Without days, an explicit "no warmup data" box instead of an empty chart.
 * @param days Oldest first (MailboxSignals.warmup.days).
 * @param address The mailbox, for the chart's accessible name.
 */
export function renderWarmupChart(days: readonly WarmupDay[], address: string): Markup {
  if (days.length === 0) {
    return html`<div class="warmup-chart warmup-chart-empty" role="img" aria-label="no warmup data for ${address}">No warmup data for the last 7 days</div>`;
  }
  const plotWidth = WIDTH - PLOT.left - PLOT.right;
  const plotHeight = HEIGHT - PLOT.top - PLOT.bottom;
  const baseline = PLOT.top + plotHeight;
  const top = axisTop(Math.max(...days.map((d) => Math.max(d.sent, d.spam))));
  const slot = plotWidth / days.length;
  const barWidth = Math.min(16, slot * 0.34);
  const ticks = [0, top / 2, top].filter((t, i, all) => Number.isInteger(t) && all.indexOf(t) === i);
  const sent = days.reduce((n, d) => n + d.sent, 0);
  const spam = days.reduce((n, d) => n + d.spam, 0);
  const bars = days.map((day, i) => {
    const x = PLOT.left + slot * i + slot / 2;
    const sentHeight = barHeight(day.sent, top, plotHeight);
    const spamHeight = barHeight(day.spam, top, plotHeight);
    return html`<g><title>${day.date}: ${day.sent} sent, ${day.spam} in spam</title>
<rect class="bar-sent" x="${(x - barWidth - 1).toFixed(1)}" y="${(baseline - sentHeight).toFixed(1)}" width="${barWidth.toFixed(1)}" height="${sentHeight.toFixed(1)}" fill="${CHART_COLOURS.sent}"/>
<rect class="bar-spam" x="${(x + 1).toFixed(1)}" y="${(baseline - spamHeight).toFixed(1)}" width="${barWidth.toFixed(1)}" height="${spamHeight.toFixed(1)}" fill="${CHART_COLOURS.spam}"/>
<text x="${x.toFixed(1)}" y="${baseline + 14}" text-anchor="middle" font-size="10" fill="${CHART_COLOURS.axis}">${dayLabel(day.date)}</text></g>`;
  });
  const gridLines = ticks.map((t) => {
    const y = baseline - (t / top) * plotHeight;
    return html`<line x1="${PLOT.left}" x2="${WIDTH - PLOT.right}" y1="${y.toFixed(1)}" y2="${y.toFixed(1)}" stroke="${t === 0 ? CHART_COLOURS.axis : CHART_COLOURS.grid}" stroke-width="1"/>
<text x="${PLOT.left - 4}" y="${(y + 3).toFixed(1)}" text-anchor="end" font-size="10" fill="${CHART_COLOURS.axis}">${t}</text>`;
  });
  return html`<figure class="warmup-chart">
<svg viewBox="0 0 ${WIDTH} ${HEIGHT}" role="img" aria-label="warmup of ${address} over ${days.length} days: ${sent} sent, ${spam} in spam">
${gridLines}
<line x1="${PLOT.left}" x2="${PLOT.left}" y1="${PLOT.top}" y2="${baseline}" stroke="${CHART_COLOURS.axis}" stroke-width="1"/>
<text transform="translate(12 ${PLOT.top + plotHeight / 2}) rotate(-90)" text-anchor="middle" font-size="10" fill="${CHART_COLOURS.axis}">emails</text>
${bars}
<text x="${PLOT.left + plotWidth / 2}" y="${HEIGHT - 16}" text-anchor="middle" font-size="10" fill="${CHART_COLOURS.axis}">day</text>
<rect x="${PLOT.left}" y="${HEIGHT - 9}" width="8" height="8" fill="${CHART_COLOURS.sent}"/>
<text x="${PLOT.left + 11}" y="${HEIGHT - 2}" font-size="10" fill="#374151">sent</text>
<rect x="${PLOT.left + 50}" y="${HEIGHT - 9}" width="8" height="8" fill="${CHART_COLOURS.spam}"/>
<text x="${PLOT.left + 61}" y="${HEIGHT - 2}" font-size="10" fill="#374151">landed in spam</text>
</svg>
<figcaption>${days.length} day${days.length === 1 ? "" : "s"}: ${sent} warmup emails sent, ${spam} in spam</figcaption>
</figure>`;
}
