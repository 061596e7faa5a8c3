/**
 * Readiness detection latency: from the moment a domain's last record became visible on the resolver quorum
 * (the registrar published it, plus the slowest resolver's lag) to the moment the gate opened (DnsReadiness'
 * `readyAt`, stamped in the provider when the last answer came in).
 */
export interface GateOpening {
  domain: string;
  /** Epoch ms. */
  readyAt: number;
}

export interface LatencySummary {
  samples: number;
  p50Ms: number;
  p95Ms: number;
  maxMs: number;
}

/** Nearest-rank percentile of unsorted values. */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1];
}

export function summarizeLatencies(values: number[]): LatencySummary {
  return {
    samples: values.length,
    p50Ms: percentile(values, 50),
    p95Ms: percentile(values, 95),
    maxMs: values.length ? Math.max(...values) : Number.NaN,
  };
}

/** Latency per domain; domains whose records were never published, or whose gate never opened, are left out. */
export function readinessLatencies(
  openings: GateOpening[],
  visibleAt: (domain: string) => number | undefined,
): number[] {
  return openings.flatMap((o) => {
    const visible = visibleAt(o.domain);
    return visible === undefined ? [] : [o.readyAt - visible];
  });
}
