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
  /** mailinfra: how the fleet was held and run (absent in results recorded before fleets). */
  layout?: FleetLayout;
  /** The bound on the real clock (bound ÷ scale): what the APIs alone would take for real. */
  realClockFloorMs?: number;
  /** engine-only time ÷ the bound on the real clock (bound ÷ scale): the engine's weight against the APIs' own. */
  engineShareOfRealFloor?: number;
  /** Checkpoints the engine wrote to the backend during the operation (bench/checkpoint-writes.ts). */
  checkpoints?: { total: number; maxPerStack: number; perStack: Record<string, number> };
  /** Size of the state files after the operation ÷ domains. */
  stateBytesPerDomain?: number;
  /** What converged, counted in the emulators, against what should have (all but the never-propagating). */
  convergence?: Convergence;
  /** Time a person spent signing the new mailboxes in between the two runs of `up`: not in wallMs. */
  signInMs?: number;
}

export interface FleetLayout {
  /** `single`: one stack with every domain (`npm run pulumi`); `fleet`: stacks of `stackSize` (`npm run fleet`). */
  variant: "single" | "fleet";
  stacks: number;
  stackSize: number;
  /** The commands as typed (with the bench's `--event-log`, through which its registrar reads the gates). */
  commands: string[];
}

export interface Convergence {
  neverPropagating: string[];
  expected: ConvergedCounts;
  converged: ConvergedCounts;
}

export interface ConvergedCounts {
  /** Verified in Google Workspace. */
  domains: number;
  /** Workspace users. */
  mailboxes: number;
  /** Smartlead accounts in the campaign. */
  smartleadAccounts: number;
}

export function perUnit(total: Record<Service, number>, units: number): Record<Service, number> {
  return Object.fromEntries(
    services.map((s) => [s, units > 0 ? Math.round((total[s] / units) * 100) / 100 : 0]),
  ) as Record<Service, number>;
}

export function totalOf(record: Record<Service, number>): number {
  return services.reduce((sum, s) => sum + record[s], 0);
}
