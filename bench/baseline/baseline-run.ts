import type { DomainConfig } from "../../components/config/schema";
import { parsedConfig } from "../../test/support/config";
import { summarizeCalls } from "../api-calls";
import type { BenchWorld } from "../bench-world";
import { benchFleet, mailboxesPerDomain } from "../fleet";
import {
  type Bound,
  type FleetSize,
  minimumRefreshCalls,
  minimumUpCalls,
  refreshBound,
  upBound,
} from "../lower-bound";
import { type OperationMeasurement, perUnit, totalOf } from "../measurement";
import { sampleMemory } from "../process-memory";
import { type GateOpening, readinessLatencies, summarizeLatencies } from "../readiness-latency";
import { benchRegistrar } from "../registrar";
import { visibleOnQuorumAt } from "../world-spec";
import { type SeedDatabase, seedContext, seedDriftCheck, seedOnboard } from "./seed-algorithm";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The same fleet as mailinfra's run, parsed by the same configuration code (records, mailbox defaults). */
function fleetConfig(bw: BenchWorld, domains: number): DomainConfig[] {
  return parsedConfig({ domains: benchFleet(domains, bw.campaignId) }).domains;
}

/** The seeds' algorithm on a fresh bench world: onboarding, then (one rate-limit window later) a drift check. */
export async function runBaseline(bw: BenchWorld, domains: number): Promise<OperationMeasurement[]> {
  const fleet: FleetSize = { domains, mailboxes: domains * mailboxesPerDomain, campaigns: 1 };
  const config = fleetConfig(bw, domains);
  const registrar = benchRegistrar(bw.world, bw.spec.registrarLagMs);
  const ctx = seedContext(bw, registrar);
  try {
    let database: SeedDatabase | undefined;
    let openings: GateOpening[] = [];
    const up = await measure(bw, "up", fleet, upBound(bw.spec, fleet), async () => {
      ({ database, openings } = await seedOnboard(ctx, config));
    });
    up.readiness = summarizeLatencies(
      readinessLatencies(openings, (domain) => {
        const at = registrar.publishedAt.get(domain);
        return at === undefined ? undefined : visibleOnQuorumAt(bw.spec, at);
      }),
    );
    if (!up.ok || !database) return [up];
    await sleep(bw.spec.minuteMs);
    const seeded = database;
    const refresh = await measure(bw, "refresh", fleet, refreshBound(bw.spec, fleet), () =>
      seedDriftCheck(ctx, config, seeded),
    );
    return [up, refresh];
  } finally {
    registrar.stop();
  }
}

async function measure(
  bw: BenchWorld,
  operation: "up" | "refresh",
  fleet: FleetSize,
  bound: Bound,
  run: () => Promise<void>,
): Promise<OperationMeasurement> {
  const memory = sampleMemory();
  const start = Date.now();
  let error: string | undefined;
  try {
    await run();
  } catch (e) {
    error = e instanceof Error ? e.message : String(e);
  }
  const end = Date.now();
  const calls = summarizeCalls(bw.calls(), start, end);
  return {
    system: "baseline",
    operation,
    fleet,
    wallMs: end - start,
    ok: error === undefined,
    ...(error ? { error } : {}),
    calls,
    callsPerDomain: perUnit(calls.total, fleet.domains),
    callsPerMailbox: perUnit(calls.total, fleet.mailboxes),
    minimumCalls: operation === "up" ? minimumUpCalls(fleet) : minimumRefreshCalls(fleet),
    rateLimited: totalOf(calls.rateLimited),
    memory: memory.stop(),
    bound,
    ratioToBound: (end - start) / bound.boundMs,
  };
}
