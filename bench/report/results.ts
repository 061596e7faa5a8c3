import type { EngineVariant } from "../engine-variants";
import type { OperationMeasurement } from "../measurement";
import type { PreviewMeasurement } from "../preview-run";
import type { RealTimeGateMeasurement } from "../real-time-gate";
import type { RealWorld, ScaledWorld } from "../world-spec";

/** Everything one `npm run bench` measured: what bench/results/latest.json holds. */
export interface BenchResults {
  generatedAt: string;
  machine: { cpus: number; loadAverageAtStart: number[]; loadAverageAtEnd?: number[]; node: string };
  /** The whole `npm run bench`. */
  durationMs: number;
  /** The one factor every duration of the world was multiplied by. */
  scale: number;
  realWorld: RealWorld;
  scaledWorld: ScaledWorld;
  sizes: number[];
  /** How the engine ran mailinfra in each `system` other than the baseline. */
  engineVariants: (EngineVariant & { sizes: number[]; parallel: number })[];
  runs: OperationMeasurement[];
  comparisons: Comparison[];
  preview?: PreviewMeasurement;
  realTimeGate?: RealTimeGateMeasurement;
  targets: TargetCheck[];
  /** Phases that could not produce a measurement at all. */
  failures: { phase: string; error: string }[];
}

export interface Comparison {
  /** The mailinfra variant compared with the baseline. */
  system: string;
  domains: number;
  operation: "up" | "refresh";
  mailinfraMs: number;
  baselineMs: number;
  /** mailinfra / baseline: below 1 means mailinfra is faster. */
  ratio: number;
}

export interface TargetCheck {
  target: string;
  measured: string;
  met: boolean;
}

export function compare(runs: OperationMeasurement[]): Comparison[] {
  const found = (system: string, domains: number, operation: string) =>
    runs.find((r) => r.system === system && r.fleet.domains === domains && r.operation === operation && r.ok);
  const sizes = [...new Set(runs.map((r) => r.fleet.domains))].sort((a, b) => a - b);
  const variants = [...new Set(runs.map((r) => r.system).filter((s) => s !== "baseline"))];
  return variants.flatMap((system) =>
    sizes.flatMap((domains) =>
      (["up", "refresh"] as const).flatMap((operation) => {
        const m = found(system, domains, operation);
        const b = found("baseline", domains, operation);
        return m && b
          ? [
              {
                system,
                domains,
                operation,
                mailinfraMs: m.wallMs,
                baselineMs: b.wallMs,
                ratio: m.wallMs / b.wallMs,
              },
            ]
          : [];
      }),
    ),
  );
}

/**
 * The targets, per mailinfra variant, at the largest size run (200 domains in a full run). Reported,
 * never asserted.
 */
export function checkTargets(runs: OperationMeasurement[]): TargetCheck[] {
  const variants = [...new Set(runs.map((r) => r.system).filter((s) => s !== "baseline"))];
  return variants.flatMap((system) =>
    checkVariant(
      system,
      runs.filter((r) => r.system === system),
    ),
  );
}

function checkVariant(system: string, mailinfra: OperationMeasurement[]): TargetCheck[] {
  if (mailinfra.length === 0) return [];
  const largest = Math.max(...mailinfra.map((r) => r.fleet.domains));
  const at = (operation: string) =>
    mailinfra.find((r) => r.fleet.domains === largest && r.operation === operation);
  const checks: TargetCheck[] = [];
  for (const operation of ["up", "refresh"]) {
    const run = at(operation);
    if (!run) continue;
    checks.push({
      target: `${system}: ${operation} at ${largest} domains, measured/bound ≤ 1.3`,
      measured: run.ok ? run.ratioToBound.toFixed(2) : `failed: ${run.error?.slice(0, 120)}`,
      met: run.ok && run.ratioToBound <= 1.3,
    });
  }
  const p95s = mailinfra.filter((r) => r.readiness && r.readiness.samples > 0).map((r) => r.readiness!.p95Ms);
  if (p95s.length > 0) {
    checks.push({
      target: `${system}: readiness detection p95 ≤ 2 s (every size, scaled world)`,
      measured: `worst p95 ${Math.max(...p95s)} ms`,
      met: Math.max(...p95s) <= 2000,
    });
  }
  const failedBy429 = mailinfra.filter((r) => !r.ok && /429|rate.?limit/i.test(r.error ?? ""));
  checks.push({
    target: `${system}: no operation failed by a 429`,
    measured: `${failedBy429.length} failed by 429; ${mailinfra.reduce((n, r) => n + r.rateLimited, 0)} 429 answers received`,
    met: failedBy429.length === 0,
  });
  return checks;
}
