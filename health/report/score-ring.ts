import type { HealthStatus } from "../signals";
import { html, type Markup } from "./html-markup";
import { CHART_COLOURS, STATUS_COLOURS, STATUS_LABELS } from "./html-palette";

const SIZE = 120;
const STROKE = 12;
const RADIUS = (SIZE - STROKE) / 2;
const CIRCUMFERENCE = 2 * Math.PI * RADIUS;

/** The share of the ring a score fills: 0–1, whatever the number (NaN draws an empty ring). */
export function ringFill(score: number): number {
  if (!Number.isFinite(score)) return 0;
  return Math.min(100, Math.max(0, score)) / 100;
}

/**
 * The seeds' HealthScoreRing: a circular progress of `score` out of 100 in the status colour, the score in the
 * middle and the status written under it. Inline SVG, no script; scales with its container.
 * @param score 0–100.
 * @param status Picks the colour (green healthy, yellow at risk, red critical) and the label.
 */
export function renderScoreRing(score: number, status: HealthStatus): Markup {
  const colour = STATUS_COLOURS[status];
  const filled = ringFill(score) * CIRCUMFERENCE;
  const shown = Number.isFinite(score) ? Math.round(score) : "?";
  const centre = SIZE / 2;
  return html`<svg class="score-ring" viewBox="0 0 ${SIZE} ${SIZE}" width="${SIZE}" height="${SIZE}" role="img" aria-label="score ${shown} of 100, ${STATUS_LABELS[status]}" data-status="${status}">
<circle cx="${centre}" cy="${centre}" r="${RADIUS.toFixed(2)}" fill="none" stroke="${CHART_COLOURS.track}" stroke-width="${STROKE}"/>
${filled > 0 ? html`<circle class="score-ring-arc" cx="${centre}" cy="${centre}" r="${RADIUS.toFixed(2)}" fill="none" stroke="${colour}" stroke-width="${STROKE}" stroke-dasharray="${filled.toFixed(2)} ${CIRCUMFERENCE.toFixed(2)}" transform="rotate(-90 ${centre} ${centre})"/>` : ""}
<text x="${centre}" y="${centre + 4}" text-anchor="middle" font-size="34" font-weight="700" fill="${colour}">${shown}</text>
<text x="${centre}" y="${centre + 24}" text-anchor="middle" font-size="12" fill="#374151">${STATUS_LABELS[status]}</text>
</svg>`;
}
