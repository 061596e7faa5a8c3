import { SMARTLEAD_RATE_LIMITS } from "../providers/smartlead/limits";

/**
 * The world the benchmark runs in, in real-world terms, and the same world with time scaled by ONE factor.
 *
 * Every duration the world imposes (API latency, rate-limit minutes, propagation lags, the seed's 30 s
 * polling period, mailinfra's Smartlead client budget window) is multiplied by `scale`; counts (requests per
 * window, batch sizes, concurrency caps) are not. Ratios between two systems running in the same scaled
 * world are what the benchmark reports. What does not scale: the engine's own CPU time and mailinfra's fixed
 * timers (readiness polls every 200 ms–10 s, campaign batches settle for 300 ms, shared list caches live 15–20 s);
 * at scale 0.1 they weigh ten times more than they would against the real APIs.
 */
export interface RealWorld {
  /** Per-call latency of Google and Smartlead, uniformly random in [min, max]. */
  apiLatencyMs: [number, number];
  /** Smartlead, per API key (Standard tier, providers/smartlead/limits.ts): 60 requests a minute. */
  smartleadPerMinute: number;
  /** Smartlead: 1,000 requests an hour per API key, on top of the minute. */
  smartleadPerHour: number;
  /** Smartlead: 10 requests a second per API key (its burst limit). */
  smartleadPerSecond: number;
  /** Google Admin SDK Directory API: "2,400 queries per minute per user". */
  googleDirectoryPerMinute: number;
  /** How long after the gate starts the registrar serves the records (a person or script adding them). */
  registrarLagMs: number;
  /**
   * Propagation lag of each resolver the gate asks (quorum: all of them). With the registrar's lag, records
   * are visible on the quorum 75 s after they were handed out: half-way between two of the seeds' 30 s polls,
   * the average a poll period costs when propagation is not in step with it (a multiple of 30 s would hand
   * the baseline a zero-latency detection).
   */
  resolverLagsMs: number[];
  /** The seeds' DNS status polling period. */
  seedPollMs: number;
  /** mailinfra's default Smartlead client budget (providers/smartlead/rate-limiter.ts). */
  smartleadClientBudget: { requests: number; intervalMs: number };
}

export const realWorld: RealWorld = {
  apiLatencyMs: [80, 250],
  smartleadPerMinute: SMARTLEAD_RATE_LIMITS.minute.requests,
  smartleadPerHour: SMARTLEAD_RATE_LIMITS.hour.requests,
  smartleadPerSecond: SMARTLEAD_RATE_LIMITS.burst.requests,
  googleDirectoryPerMinute: 2400,
  registrarLagMs: 30_000,
  resolverLagsMs: [0, 15_000, 45_000],
  seedPollMs: 30_000,
  smartleadClientBudget: { requests: 55, intervalMs: 61_000 },
};

export interface ScaledWorld extends RealWorld {
  scale: number;
  /** Length of a rate-limit "minute" in this world. */
  minuteMs: number;
  /** Length of Smartlead's rate-limit "hour" and "second" in this world (the emulator scales them alike). */
  hourMs: number;
  secondMs: number;
}

export function scaleWorld(world: RealWorld, scale: number): ScaledWorld {
  if (!(scale > 0 && scale <= 1)) throw new Error(`--scale must be in (0, 1], got ${scale}`);
  const t = (ms: number) => Math.round(ms * scale);
  return {
    ...world,
    scale,
    minuteMs: t(SMARTLEAD_RATE_LIMITS.minute.windowMs),
    hourMs: t(SMARTLEAD_RATE_LIMITS.hour.windowMs),
    secondMs: SMARTLEAD_RATE_LIMITS.burst.windowMs * scale,
    apiLatencyMs: [world.apiLatencyMs[0] * scale, world.apiLatencyMs[1] * scale],
    registrarLagMs: t(world.registrarLagMs),
    resolverLagsMs: world.resolverLagsMs.map(t),
    seedPollMs: t(world.seedPollMs),
    smartleadClientBudget: {
      requests: world.smartleadClientBudget.requests,
      intervalMs: t(world.smartleadClientBudget.intervalMs),
    },
  };
}

/** When a record published at `publishedAt` is served by every resolver (quorum "all"). */
export function visibleOnQuorumAt(world: ScaledWorld, publishedAt: number): number {
  return publishedAt + Math.max(...world.resolverLagsMs);
}
