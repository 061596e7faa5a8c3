import { describe, expect, it } from "vitest";
import type { OperationMeasurement } from "../measurement";
import { checkTargets, chooseStackSize } from "./results";

/** A fleet run as fleet-run.ts records it; only what the targets read. */
function run(p: {
  domains: number;
  stackSize: number;
  operation?: "up" | "refresh";
  wallS: number;
  boundS?: number;
  ok?: boolean;
  error?: string;
  engineOnlyS?: number;
  realFloorS?: number;
  maxProcessMb?: number;
  rateLimited?: number;
}): OperationMeasurement {
  const operation = p.operation ?? "up";
  const boundMs = (p.boundS ?? 60) * 1000;
  const engineOnlyMs = (p.engineOnlyS ?? 10) * 1000;
  const realFloor = (p.realFloorS ?? 600) * 1000;
  return {
    system: `mailinfra fleet K=${p.stackSize}`,
    operation,
    fleet: { domains: p.domains, mailboxes: p.domains * 3, campaigns: 1 },
    wallMs: p.wallS * 1000,
    ok: p.ok ?? true,
    ...(p.error ? { error: p.error } : {}),
    time: { wallMs: p.wallS * 1000, providersBusyMs: 0, engineOnlyMs, operations: {} },
    calls: { total: {} as never, byEndpoint: {}, rateLimited: {} as never },
    callsPerDomain: {} as never,
    callsPerMailbox: {} as never,
    minimumCalls: {} as never,
    rateLimited: p.rateLimited ?? 0,
    memory: {
      benchProcessMb: 300,
      engineMb: 200,
      providersMb: 150,
      programMb: 250,
      maxProcessMb: p.maxProcessMb ?? 300,
      maxProcessRole: "program",
      treeSumMb: 1000,
      cpuSeconds: { bench: 1, engine: 1, providers: 1 },
    },
    bound: {
      criticalPathMs: 0,
      smartleadFloorMs: boundMs,
      googleFloorMs: 0,
      boundMs,
      limitedBy: "smartlead rate limit",
    },
    ratioToBound: (p.wallS * 1000) / boundMs,
    realClockFloorMs: realFloor,
    engineShareOfRealFloor: engineOnlyMs / realFloor,
    layout: {
      variant: "fleet",
      stacks: Math.ceil(p.domains / p.stackSize),
      stackSize: p.stackSize,
      commands: [],
    },
  };
}

describe("chooseStackSize", () => {
  it("takes the K whose up of the sweep's size converged fastest", () => {
    const runs = [
      run({ domains: 200, stackSize: 25, wallS: 90 }),
      run({ domains: 200, stackSize: 50, wallS: 80 }),
      run({ domains: 200, stackSize: 100, wallS: 120 }),
      run({ domains: 200, stackSize: 100, operation: "refresh", wallS: 1 }),
    ];
    expect(chooseStackSize(runs, 200)?.chosen).toBe(50);
  });

  it("prefers the larger K within 5 % of the fastest, and ignores runs that failed or are of another size", () => {
    const runs = [
      run({ domains: 200, stackSize: 25, wallS: 100 }),
      run({ domains: 200, stackSize: 50, wallS: 104 }),
      run({ domains: 200, stackSize: 100, wallS: 10, ok: false }),
      run({ domains: 500, stackSize: 100, wallS: 10 }),
    ];
    const choice = chooseStackSize(runs, 200);
    expect(choice?.chosen).toBe(50);
    expect(choice?.reason).toContain("K=25: 100.0 s");
    expect(chooseStackSize([run({ domains: 200, stackSize: 25, wallS: 9, ok: false })], 200)).toBeUndefined();
  });

  it("leaves out the run with a never-propagating domain (its gate's timeout is no property of K)", () => {
    const slow = {
      ...run({ domains: 200, stackSize: 100, wallS: 50 }),
      convergence: {
        neverPropagating: ["send001.bench.test"],
        expected: { domains: 199, mailboxes: 597, smartleadAccounts: 597 },
        converged: { domains: 199, mailboxes: 597, smartleadAccounts: 597 },
      },
    };
    expect(chooseStackSize([run({ domains: 200, stackSize: 50, wallS: 80 }), slow], 200)?.chosen).toBe(50);
  });
});

describe("checkTargets", () => {
  const met = (runs: OperationMeasurement[], target: RegExp) =>
    checkTargets(runs, []).find((t) => target.test(t.target))?.met;

  it("200 domains: up within 1.3 × the bound, per K", () => {
    expect(met([run({ domains: 200, stackSize: 50, wallS: 78, boundS: 60 })], /up of 200/)).toBe(true);
    expect(met([run({ domains: 200, stackSize: 50, wallS: 79, boundS: 60 })], /up of 200/)).toBe(false);
    const slow = {
      ...run({ domains: 200, stackSize: 50, wallS: 200, boundS: 60 }),
      convergence: {
        neverPropagating: ["send001.bench.test"],
        expected: { domains: 199, mailboxes: 597, smartleadAccounts: 597 },
        converged: { domains: 199, mailboxes: 597, smartleadAccounts: 597 },
      },
    };
    expect(met([slow], /up of 200/)).toBeUndefined();
  });

  it("500 × 3: engine-only within 10 % of the real-clock floor, refresh within 60 s, every process within 1 GB", () => {
    const up = run({ domains: 500, stackSize: 50, wallS: 500, engineOnlyS: 400, realFloorS: 4157 });
    const refresh = run({ domains: 500, stackSize: 50, operation: "refresh", wallS: 61, maxProcessMb: 1100 });
    expect(met([up, refresh], /engine-only time/)).toBe(true);
    expect(met([{ ...up, engineShareOfRealFloor: 0.11 }, refresh], /engine-only time/)).toBe(false);
    expect(met([up, refresh], /refresh ≤ 60 s/)).toBe(false);
    expect(met([up, { ...refresh, wallMs: 60_000 }], /refresh ≤ 60 s/)).toBe(true);
    expect(met([up, refresh], /every process/)).toBe(false);
  });

  it("counts an operation failed by a 429, and 429 answers received", () => {
    const up = run({ domains: 500, stackSize: 50, wallS: 500, ok: false, error: "Smartlead answered 429" });
    const check = checkTargets([up], []).find((t) => /429/.test(t.target));
    expect(check?.met).toBe(false);
    expect(check?.measured).toContain("1 failed by 429");
  });

  it("with a never-propagating domain, met only when every other domain, mailbox and Smartlead account converged", () => {
    const up = run({ domains: 200, stackSize: 50, wallS: 100 });
    const expected = { domains: 199, mailboxes: 597, smartleadAccounts: 597 };
    const converged = (smartleadAccounts: number) => ({
      ...up,
      convergence: {
        neverPropagating: ["send001.bench.test"],
        expected,
        converged: { ...expected, smartleadAccounts },
      },
    });
    expect(met([converged(597)], /the rest converge/)).toBe(true);
    expect(met([converged(585)], /the rest converge/)).toBe(false);
  });
});
