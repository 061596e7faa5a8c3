import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { PulumiFn } from "@pulumi/pulumi/automation";
import { program as mailinfraProgram } from "../components/program";
import { authorizePending } from "../emulators/mailbox-sign-in";
import { summarizeCalls } from "./api-calls";
import type { BenchStack } from "./bench-stack";
import { benchStack } from "./bench-stack";
import type { BenchWorld } from "./bench-world";
import { type EngineVariant, engineParallel } from "./engine-variants";
import { benchFleet, mailboxesPerDomain } from "./fleet";
import {
  type Bound,
  type FleetSize,
  minimumRefreshCalls,
  minimumUpCalls,
  refreshBound,
  upBound,
} from "./lower-bound";
import { type OperationMeasurement, perUnit, totalOf } from "./measurement";
import { sampleMemory } from "./process-memory";
import { readTrace, splitTime } from "./provider-trace";
import { type GateOpening, readinessLatencies, summarizeLatencies } from "./readiness-latency";
import { benchRegistrar } from "./registrar";
import { visibleOnQuorumAt } from "./world-spec";

/** The real program, the function index.ts exports, inline so one process can run it for every operation. */
const program: PulumiFn = mailinfraProgram as PulumiFn;

/** The resource changes of two runs, added up by kind. */
function sumChanges(...runs: (Record<string, number> | undefined)[]): Record<string, number> {
  const total: Record<string, number> = {};
  for (const run of runs) for (const [op, n] of Object.entries(run ?? {})) total[op] = (total[op] ?? 0) + n;
  return total;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function errorText(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  // Engine errors carry the whole CLI transcript; the diagnostics are what a reader needs.
  const diagnostics = text.indexOf("Diagnostics:");
  return (diagnostics >= 0 ? text.slice(diagnostics) : text).slice(0, 4000);
}

/**
 * `pulumi up` of `domains` domains × 3 mailboxes on a fresh bench world (up, the mailboxes sign in, up), then, one rate-limit window later (so
 * the refresh starts with Smartlead's budget as a nightly run would), `pulumi refresh` of the converged fleet.
 * An operation still running after `timeCapMs` is stopped and reported as failed at that time.
 */
export async function runMailinfra(
  bw: BenchWorld,
  domains: number,
  variant: EngineVariant,
  timeCapMs: number,
): Promise<OperationMeasurement[]> {
  const system = variant.name;
  const parallel = engineParallel(variant.env);
  const fleet: FleetSize = { domains, mailboxes: domains * mailboxesPerDomain, campaigns: 1 };
  const traceDir = fs.mkdtempSync(path.join(os.tmpdir(), "mailinfra-bench-trace-"));
  const registrar = benchRegistrar(bw.world, bw.spec.registrarLagMs);
  // One file for both operations: each measurement keeps the lines inside its own time window.
  const trace = path.join(traceDir, "operations.jsonl");
  const env = { ...variant.env, MAILINFRA_TRACE: trace };
  let t: BenchStack | undefined;
  const results: OperationMeasurement[] = [];
  try {
    try {
      t = await benchStack({ program, config: bw.stackConfig(benchFleet(domains, bw.campaignId)), env });
    } catch (error) {
      throw new Error(`setting up the stack: ${(error as Error).message.split("\n")[0].slice(0, 200)}`);
    }
    const stack = t.stack;

    const up = await measure(
      bw,
      system,
      parallel,
      "up",
      fleet,
      upBound(bw.spec, fleet),
      trace,
      timeCapMs,
      async (signal) => {
        // up creates the mailboxes; each signs in once (the emulator's consent page, milliseconds each, where a
        // person takes a minute); the second up connects them to Smartlead. Both runs are measured.
        const created = await stack.up({ color: "never", onEvent: (e) => registrar.onEvent(e), signal });
        await authorizePending(stack, bw.world, created);
        const connected = await stack.up({ color: "never", signal });
        return sumChanges(created.summary.resourceChanges, connected.summary.resourceChanges);
      },
    );
    if (up.ok) {
      const openings = await gateOpenings(t);
      up.readiness = summarizeLatencies(
        readinessLatencies(openings, (domain) => {
          const at = registrar.publishedAt.get(domain);
          return at === undefined ? undefined : visibleOnQuorumAt(bw.spec, at);
        }),
      );
    }
    results.push(up);
    if (!up.ok) return results;

    await sleep(bw.spec.minuteMs);
    results.push(
      await measure(
        bw,
        system,
        parallel,
        "refresh",
        fleet,
        refreshBound(bw.spec, fleet),
        trace,
        timeCapMs,
        async (signal) => {
          const result = await stack.refresh({ color: "never", signal });
          return result.summary.resourceChanges;
        },
      ),
    );
    return results;
  } finally {
    registrar.stop();
    await t?.dispose().catch(() => {});
    fs.rmSync(traceDir, { recursive: true, force: true });
  }
}

async function measure(
  bw: BenchWorld,
  system: string,
  engineParallel: number,
  operation: "up" | "refresh",
  fleet: FleetSize,
  bound: Bound,
  trace: string,
  timeCapMs: number,
  run: (signal: AbortSignal) => Promise<Record<string, number> | undefined>,
): Promise<OperationMeasurement> {
  const signal = AbortSignal.timeout(timeCapMs);
  const memory = sampleMemory();
  const start = Date.now();
  let ok = true;
  let error: string | undefined;
  let resourceChanges: Record<string, number> | undefined;
  try {
    resourceChanges = await run(signal);
  } catch (e) {
    ok = false;
    error = signal.aborted ? `stopped at the bench's time cap of ${timeCapMs / 1000} s` : errorText(e);
  }
  const end = Date.now();
  const peaks = memory.stop();
  const calls = summarizeCalls(bw.calls(), start, end);
  const minimum = operation === "up" ? minimumUpCalls(fleet) : minimumRefreshCalls(fleet);
  return {
    system,
    engineParallel,
    operation,
    fleet,
    wallMs: end - start,
    ok,
    ...(error ? { error } : {}),
    time: splitTime(
      readTrace(trace).filter((o) => o.start >= start && o.end <= end),
      start,
      end,
    ),
    calls,
    callsPerDomain: perUnit(calls.total, fleet.domains),
    callsPerMailbox: perUnit(calls.total, fleet.mailboxes),
    minimumCalls: minimum,
    rateLimited: totalOf(calls.rateLimited),
    memory: peaks,
    bound,
    ratioToBound: (end - start) / bound.boundMs,
    ...(resourceChanges ? { resourceChanges } : {}),
  };
}

/** Each DnsReadiness' `readyAt`, from the stack's state. */
async function gateOpenings(t: BenchStack): Promise<GateOpening[]> {
  const state = await t.stack.exportStack();
  const resources = (state.deployment?.resources ?? []) as {
    type: string;
    outputs?: { domain?: string; readyAt?: string };
  }[];
  return resources
    .filter((r) => r.type.endsWith(":DnsReadiness") && r.outputs?.domain && r.outputs.readyAt)
    .map((r) => ({ domain: r.outputs!.domain!, readyAt: Date.parse(r.outputs!.readyAt!) }));
}
