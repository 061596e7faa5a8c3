import * as fs from "node:fs";

/**
 * What `MAILINFRA_TRACE=<file>` makes providers/shim.ts write: one line per provider operation, timed in the
 * engine's provider process. From these lines the benchmark splits a run's wall time into "some mailinfra
 * provider operation was in flight" (mailinfra's code, including the API and DNS waits it decides on) and
 * "none was" (the engine: start-up, planning, program evaluation, state writes, scheduling between steps).
 */
export interface ProviderOperation {
  op: "check" | "diff" | "create" | "read" | "update" | "delete";
  /** The provider module, e.g. `providers/readiness/readiness.provider`. */
  type: string;
  start: number;
  end: number;
  ok: boolean;
}

export function readTrace(file: string): ProviderOperation[] {
  if (!fs.existsSync(file)) return [];
  return fs
    .readFileSync(file, "utf8")
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => JSON.parse(line) as ProviderOperation);
}

/** Total length of the union of [start, end] intervals, clipped to [from, to]. */
export function unionLengthMs(intervals: { start: number; end: number }[], from: number, to: number): number {
  const clipped = intervals
    .map((i) => ({ start: Math.max(from, i.start), end: Math.min(to, i.end) }))
    .filter((i) => i.end > i.start)
    .sort((a, b) => a.start - b.start);
  let total = 0;
  let open: { start: number; end: number } | undefined;
  for (const interval of clipped) {
    if (open && interval.start <= open.end) {
      open.end = Math.max(open.end, interval.end);
      continue;
    }
    if (open) total += open.end - open.start;
    open = { ...interval };
  }
  if (open) total += open.end - open.start;
  return total;
}

export interface TimeSplit {
  wallMs: number;
  /** Some provider operation in flight. */
  providersBusyMs: number;
  /** No provider operation in flight: the engine (and the program, which it hosts) alone. */
  engineOnlyMs: number;
  /** Per provider module and operation: count, summed duration, longest. */
  operations: Record<string, { count: number; totalMs: number; maxMs: number; failed: number }>;
}

export function splitTime(operations: ProviderOperation[], from: number, to: number): TimeSplit {
  const busy = unionLengthMs(operations, from, to);
  const byKind: TimeSplit["operations"] = {};
  for (const o of operations) {
    const key = `${o.type
      .split("/")
      .pop()
      ?.replace(/\.provider$/, "")} ${o.op}`;
    byKind[key] ??= { count: 0, totalMs: 0, maxMs: 0, failed: 0 };
    const entry = byKind[key];
    entry.count += 1;
    entry.totalMs += o.end - o.start;
    entry.maxMs = Math.max(entry.maxMs, o.end - o.start);
    if (!o.ok) entry.failed += 1;
  }
  return { wallMs: to - from, providersBusyMs: busy, engineOnlyMs: to - from - busy, operations: byKind };
}
