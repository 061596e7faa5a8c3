import type { HealthStatus, Verdict } from "../signals";

/**
 * The report's colours, owned here: the stylesheet, the score ring and the warmup chart use them, and the
 * browser test reads them back from screenshots. Colour is never the only signal: every coloured mark has its
 * word next to it (status, verdict, axis labels).
 */

/** The score ring's stroke per status (the seeds' HealthScoreRing: green, yellow, red). */
export const STATUS_COLOURS: Record<HealthStatus, string> = {
  healthy: "#16a34a",
  "at-risk": "#eab308",
  critical: "#dc2626",
};

/** The words a person reads next to the colour. */
export const STATUS_LABELS: Record<HealthStatus, string> = {
  healthy: "healthy",
  "at-risk": "at risk",
  critical: "critical",
};

/** A check's badge colour (text on a light background). */
export const VERDICT_COLOURS: Record<Verdict, { text: string; background: string }> = {
  pass: { text: "#166534", background: "#dcfce7" },
  warn: { text: "#854d0e", background: "#fef9c3" },
  fail: { text: "#991b1b", background: "#fee2e2" },
  unknown: { text: "#374151", background: "#e5e7eb" },
};

/** The warmup chart's series and the ring's empty track. */
export const CHART_COLOURS = {
  sent: "#2563eb",
  spam: "#db2777",
  axis: "#6b7280",
  grid: "#e5e7eb",
  track: "#e5e7eb",
} as const;
