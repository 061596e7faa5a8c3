import { type CallSummary, type Service, services } from "./api-calls";
import type { Bound, Calls, FleetSize } from "./lower-bound";
import type { MemoryPeaks } from "./process-memory";
import type { TimeSplit } from "./provider-trace";
import type { LatencySummary } from "./readiness-latency";

/** One `up` or `refresh` (or the baseline's equivalent) of one fleet size, as the report shows it. */
export interface OperationMeasurement {
  /** `baseline`, `mailinfra` (the engine's default --parallel) or `mailinfra -p<N>`. */
  system: string;
  /** mailinfra: how many resource operations the engine ran at once (its --parallel). */
  engineParallel?: number;
  operation: "up" | "refresh";
  fleet: FleetSize;
  wallMs: number;
  ok: boolean;
  error?: string;
  /** mailinfra only: wall time split between the engine and mailinfra's providers. */
  time?: TimeSplit;
  calls: CallSummary;
  /** Per service: calls made / the fewest the APIs allow. */
  callsPerDomain: Record<Service, number>;
  callsPerMailbox: Record<Service, number>;
  minimumCalls: Calls;
  /** 429 answers received, all services. */
  rateLimited: number;
  memory: MemoryPeaks;
  readiness?: LatencySummary;
  bound: Bound;
  /** wallMs / bound.boundMs */
  ratioToBound: number;
  /** What the engine reported (mailinfra). */
  resourceChanges?: Record<string, number>;
}

export function perUnit(total: Record<Service, number>, units: number): Record<Service, number> {
  return Object.fromEntries(
    services.map((s) => [s, units > 0 ? Math.round((total[s] / units) * 100) / 100 : 0]),
  ) as Record<Service, number>;
}

export function totalOf(record: Record<Service, number>): number {
  return services.reduce((sum, s) => sum + record[s], 0);
}
