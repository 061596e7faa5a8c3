/**
 * `npm run bench [-- --sizes 1,10,200,500 --single-sizes 1,10 --fleet-sizes 200,500 --baseline-sizes 1,10
 *                    --stack-sizes 25,50 --sweep-size 200 --stack-size 25 --max-parallel <all|default|N>
 *                    --never-propagating-from 200 --gate-timeout-minutes 1 --preview-sizes 500 --scale 0.1
 *                    --time-cap-s 900 --gate-domains 20 --no-baseline --no-preview --no-gate --out bench/results]`
 * `npm run bench -- --render bench/results/latest.json`: only re-render the table and chart of a finished run.
 * `npm run bench -- --health [--health-sizes 200] [--health-runs 2]`: only the Smartlead part of `npm run health`
 *   (bench/health-run.ts): calls, wall time and 429s for domains × 3 mailboxes, consecutive runs in one key's hour.
 *
 * mailinfra runs as a user runs it, through the commands as typed, in child processes (bench/fleet-run.ts), with
 * checkpoints on (the engine's defaults as `npm run pulumi` sets them):
 *  - `single`: one stack holding every domain (`npm run pulumi -- up`), at small sizes for contrast;
 *  - `fleet`: the fleet split into stacks of K domains (`npm run fleet -- up --continue-on-error`), every stack on one
 *    Smartlead key and one Google service account. At --sweep-size each K of --stack-sizes runs; larger fleets use
 *    the K whose up was fastest there (bench/report/results.ts, chooseStackSize), smaller ones --stack-size.
 *    From --never-propagating-from domains on, one domain's registrar never publishes (its gate times out after
 *    --gate-timeout-minutes) and the report counts what else converged: at the sweep size in one more run with the
 *    chosen K (the sweep itself has none), above it in the run itself.
 * `--sizes` keeps only those sizes of every list. Each system gets a fresh world per size; `up`, then (one
 * rate-limit minute later) `refresh`; a fleet at --preview-sizes is previewed first; then the readiness gate on
 * the real clock. Writes <out>/latest.json, <out>/latest.md (the table, also printed) and <out>/wall-time.svg.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { runBaseline } from "./baseline/baseline-run";
import { startBenchWorld } from "./bench-world";
import { neverPropagatingDomain, runFleet, systemName } from "./fleet-run";
import { runHealthBench } from "./health-run";
import type { OperationMeasurement } from "./measurement";
import { runRealTimeGate } from "./real-time-gate";
import { renderChart } from "./report/chart";
import { type BenchResults, checkTargets, chooseStackSize, compare } from "./report/results";
import { renderTable } from "./report/table";
import { realWorld, type ScaledWorld, scaleWorld } from "./world-spec";

interface Options {
  /** Only these sizes of every list below, when given. */
  sizes?: number[];
  singleSizes: number[];
  fleetSizes: number[];
  baselineSizes: number[];
  /** Candidate stack sizes, each run at `sweepSize`. */
  stackSizes: number[];
  sweepSize: number;
  /** K before (or without) the sweep. */
  stackSize: number;
  /** `npm run fleet --max-parallel`: a number, `all` (every stack at once) or `default` (the command's: one per CPU). */
  maxParallel: number | "all" | "default";
  neverPropagatingFrom: number;
  gateTimeoutMinutes: number;
  previewSizes: number[];
  timeCapMs: number;
  /** Only re-render the report of this results JSON. */
  render?: string;
  /** Only the health bench (bench/health-run.ts), at these sizes, this many runs each. */
  health?: { sizes: number[]; runs: number };
  scale: number;
  gateDomains: number;
  baseline: boolean;
  preview: boolean;
  gate: boolean;
  out: string;
}

function sizes(list: string): number[] {
  const parsed = list === "" || list === "none" ? [] : list.split(",").map(Number);
  if (parsed.some((n) => !Number.isInteger(n) || n < 1))
    throw new Error(`sizes must be positive integers: ${list}`);
  return parsed;
}

function parseArgs(argv: string[]): Options {
  const options: Options = {
    singleSizes: [1, 10],
    fleetSizes: [200, 500],
    // The seeds' baseline at 50 (110 s in the last full run) and above is left out to keep the run near 25 min.
    baselineSizes: [1, 10],
    stackSizes: [25, 50],
    sweepSize: 200,
    stackSize: 25,
    maxParallel: "all",
    neverPropagatingFrom: 200,
    gateTimeoutMinutes: 1,
    previewSizes: [500],
    timeCapMs: 900_000,
    scale: 0.1,
    gateDomains: 20,
    baseline: true,
    preview: true,
    gate: true,
    out: path.join(__dirname, "results"),
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${arg} needs a value`);
      return v;
    };
    if (arg === "--sizes") options.sizes = sizes(value());
    else if (arg === "--single-sizes") options.singleSizes = sizes(value());
    else if (arg === "--fleet-sizes") options.fleetSizes = sizes(value());
    else if (arg === "--baseline-sizes") options.baselineSizes = sizes(value());
    else if (arg === "--stack-sizes") options.stackSizes = sizes(value());
    else if (arg === "--sweep-size") options.sweepSize = Number(value());
    else if (arg === "--stack-size") options.stackSize = sizes(value())[0] ?? options.stackSize;
    else if (arg === "--max-parallel") {
      const v = value();
      options.maxParallel = v === "all" || v === "default" ? v : sizes(v)[0]!;
    } else if (arg === "--never-propagating-from") options.neverPropagatingFrom = Number(value());
    else if (arg === "--gate-timeout-minutes") options.gateTimeoutMinutes = Number(value());
    else if (arg === "--preview-sizes") options.previewSizes = sizes(value());
    else if (arg === "--scale") options.scale = Number(value());
    else if (arg === "--time-cap-s") options.timeCapMs = Number(value()) * 1000;
    else if (arg === "--render") options.render = path.resolve(value());
    else if (arg === "--health") options.health = { sizes: [200], runs: 2, ...options.health };
    else if (arg === "--health-sizes") options.health = { runs: 2, ...options.health, sizes: sizes(value()) };
    else if (arg === "--health-runs")
      options.health = { sizes: [200], ...options.health, runs: Number(value()) };
    else if (arg === "--gate-domains") options.gateDomains = Number(value());
    else if (arg === "--no-baseline") options.baseline = false;
    else if (arg === "--no-preview") options.preview = false;
    else if (arg === "--no-gate") options.gate = false;
    else if (arg === "--out") options.out = path.resolve(value());
    else throw new Error(`unknown option ${arg} (see the header of bench/run.ts)`);
  }
  if (options.sizes) {
    const keep = (list: number[]) => list.filter((n) => options.sizes!.includes(n));
    options.singleSizes = keep(options.singleSizes);
    options.fleetSizes = keep(options.fleetSizes);
    options.baselineSizes = keep(options.baselineSizes);
  }
  if (!options.baseline) options.baselineSizes = [];
  return options;
}

const log = (line: string) => console.error(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}`);

async function inWorld<T>(
  spec: ScaledWorld,
  run: (bw: Awaited<ReturnType<typeof startBenchWorld>>) => Promise<T>,
) {
  const bw = await startBenchWorld(spec);
  try {
    return await run(bw);
  } finally {
    await bw.stop();
  }
}

function describe(r: OperationMeasurement): string {
  const extra = [
    r.checkpoints ? `${r.checkpoints.total} checkpoints` : "",
    r.stateBytesPerDomain ? `${(r.stateBytesPerDomain / 1024).toFixed(1)} KB state/domain` : "",
    r.memory.maxProcessMb ? `largest process ${r.memory.maxProcessMb} MB (${r.memory.maxProcessRole})` : "",
    r.convergence ? `converged ${JSON.stringify(r.convergence.converged)}` : "",
  ].filter(Boolean);
  return `${r.system} ${r.operation} ${r.fleet.domains} domains: ${r.ok ? "" : `FAILED (${r.error?.split("\n")[0]}) `}${(r.wallMs / 1000).toFixed(1)} s (bound ${(r.bound.boundMs / 1000).toFixed(1)} s), ${r.rateLimited} × 429${extra.length ? `; ${extra.join(", ")}` : ""}`;
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  if (options.render) {
    // Table and chart again from a finished run's JSON (after a change to the report, not to the data).
    const results = JSON.parse(fs.readFileSync(options.render, "utf8")) as BenchResults;
    console.log(publish(results, { out: options.out, scale: results.scale }));
    return;
  }
  const spec = scaleWorld(realWorld, options.scale);
  if (options.health) {
    await runHealthBench(spec, { ...options.health, out: options.out, log });
    return;
  }
  const allSizes = [
    ...new Set([...options.singleSizes, ...options.fleetSizes, ...options.baselineSizes]),
  ].sort((a, b) => a - b);
  const logDir = path.join(os.tmpdir(), `mailinfra-bench-logs-${process.pid}`);
  const results: BenchResults = {
    generatedAt: new Date().toISOString(),
    machine: { cpus: os.cpus().length, loadAverageAtStart: os.loadavg(), node: process.version },
    durationMs: 0,
    scale: options.scale,
    realWorld,
    scaledWorld: spec,
    sizes: allSizes,
    variants: [
      {
        name: systemName("single", 0),
        description:
          "one stack holding every domain, `npm run pulumi -- up --stack S --yes --skip-preview`, checkpoints on",
        sizes: options.singleSizes,
      },
      {
        name: "mailinfra fleet K=<K>",
        description: `stacks of K domains on one backend, one Smartlead key and one Google service account, \`npm run fleet -- up --stacks '<glob>' --yes --skip-preview --continue-on-error\`${options.maxParallel === "default" ? " (its default --max-parallel: one stack per CPU)" : options.maxParallel === "all" ? " --max-parallel <number of stacks>" : ` --max-parallel ${options.maxParallel}`}, checkpoints on; K ∈ {${options.stackSizes.join(", ")}} at ${options.sweepSize} domains; one domain never propagates from ${options.neverPropagatingFrom} domains on, at ${options.sweepSize} in a run of its own with the chosen K (gate timeout ${options.gateTimeoutMinutes} min)`,
        sizes: options.fleetSizes,
      },
      {
        name: "baseline",
        description:
          "the seeds' algorithm (bench/baseline), batches of 5 domains, DNS polled every 30 s (scaled)",
        sizes: options.baselineSizes,
      },
    ],
    runs: [],
    comparisons: [],
    previews: [],
    targets: [],
    failures: [],
  };
  /** A phase that fails is recorded and the run goes on; results are written after every phase. */
  const phase = async (name: string, work: () => Promise<void>) => {
    try {
      await work();
    } catch (error) {
      const message = (error instanceof Error ? error.message : String(error)).split("\n")[0].slice(0, 300);
      results.failures.push({ phase: name, error: message });
      log(`${name} FAILED: ${message}`);
    }
    results.machine.loadAverageAtEnd = os.loadavg();
    results.durationMs = Date.now() - Date.parse(results.generatedAt);
    publish(results, options);
  };
  const fleetRun = (variant: "single" | "fleet", size: number, stackSize: number, slowDomain = false) =>
    phase(
      `${systemName(variant, stackSize)} ${size} domains${slowDomain ? ", one never propagating" : ""}`,
      async () => {
        const neverPropagating = slowDomain ? [neverPropagatingDomain] : [];
        log(
          `${systemName(variant, stackSize)}: ${size} domains × 3 mailboxes in ${Math.ceil(size / stackSize)} stack(s)` +
            `${neverPropagating.length ? `, ${neverPropagating.join(", ")} never propagates` : ""} (up, then refresh)`,
        );
        const run = await inWorld(spec, (bw) =>
          runFleet(bw, {
            variant,
            domains: size,
            stackSize,
            neverPropagating,
            gateTimeoutMinutes: options.gateTimeoutMinutes,
            ...(options.maxParallel === "default"
              ? {}
              : {
                  maxParallel:
                    options.maxParallel === "all" ? Math.ceil(size / stackSize) : options.maxParallel,
                }),
            preview: options.preview && variant === "fleet" && options.previewSizes.includes(size),
            timeCapMs: options.timeCapMs,
            logDir,
          }),
        );
        if (run.preview) {
          results.previews.push(run.preview);
          log(
            `preview: ${(run.preview.wallMs / 1000).toFixed(1)} s${run.preview.ok ? "" : ` FAILED: ${run.preview.error}`}`,
          );
        }
        for (const r of run.runs) {
          results.runs.push(r);
          log(describe(r));
        }
      },
    );
  log(`commands' output: ${logDir}`);
  for (const size of allSizes) {
    if (options.singleSizes.includes(size)) await fleetRun("single", size, size);
    if (options.fleetSizes.includes(size)) {
      const slow = size >= options.neverPropagatingFrom;
      if (size === options.sweepSize && options.stackSizes.length > 0) {
        // K is compared, and the up target checked, on fleets that all converge; then the chosen K runs again
        // with a domain that never propagates (its gate's timeout, a real minute, would weigh on every K alike).
        for (const k of options.stackSizes.filter((k) => k < size)) await fleetRun("fleet", size, k);
        results.stackSize = chooseStackSize(results.runs, size);
        if (results.stackSize) log(`stack size: K=${results.stackSize.chosen} (${results.stackSize.reason})`);
        if (slow) await fleetRun("fleet", size, results.stackSize?.chosen ?? options.stackSize, true);
      } else {
        await fleetRun("fleet", size, results.stackSize?.chosen ?? options.stackSize, slow);
      }
    }
    if (options.baselineSizes.includes(size)) {
      await phase(`baseline ${size} domains`, async () => {
        log(`baseline (seeds' algorithm): ${size} domains × 3 mailboxes`);
        for (const r of await inWorld(spec, (bw) => runBaseline(bw, size))) {
          results.runs.push(r);
          log(describe(r));
        }
      });
    }
  }
  if (options.gate) {
    await phase("readiness gate on the real clock", async () => {
      log(
        `readiness gate on the real clock: ${options.gateDomains} gates, ~${(realWorld.registrarLagMs + Math.max(...realWorld.resolverLagsMs)) / 1000} s`,
      );
      results.realTimeGate = await runRealTimeGate(realWorld, options.gateDomains);
    });
  }
  results.machine.loadAverageAtEnd = os.loadavg();
  results.durationMs = Date.now() - Date.parse(results.generatedAt);
  console.log(publish(results, options));
}

/** Writes latest.json, latest.md and wall-time.svg from what has been measured so far; returns the table. */
function publish(results: BenchResults, options: Pick<Options, "out" | "scale">): string {
  results.comparisons = compare(results.runs);
  results.targets = checkTargets(results.runs, results.previews ?? []);

  fs.mkdirSync(options.out, { recursive: true });
  fs.writeFileSync(path.join(options.out, "latest.json"), `${JSON.stringify(results, null, 2)}\n`);
  const table = renderTable(results);
  fs.writeFileSync(path.join(options.out, "latest.md"), table);
  const up = (system: string) =>
    results.runs
      .filter((r) => r.system === system && r.operation === "up" && r.ok)
      .map((r) => ({ x: r.fleet.domains, y: r.wallMs / 1000 }));
  const colors = ["#1f77b4", "#9467bd", "#17becf", "#ff7f0e", "#8c564b", "#e377c2"];
  const variants = [...new Set(results.runs.map((r) => r.system).filter((s) => s !== "baseline"))];
  const bound = [
    ...new Map(
      results.runs.filter((r) => r.operation === "up").map((r) => [r.fleet.domains, r.bound.boundMs / 1000]),
    ),
  ]
    .sort(([a], [b]) => a - b)
    .map(([x, y]) => ({ x, y }));
  const series = [
    ...variants.map((system, i) => ({
      name: `${system} up`,
      color: colors[i % colors.length],
      points: up(system),
    })),
    ...variants.map((system, i) => ({
      name: `${system}: failed or stopped (≥)`,
      color: colors[i % colors.length],
      hollow: true,
      points: results.runs
        .filter((r) => r.system === system && r.operation === "up" && !r.ok)
        .map((r) => ({ x: r.fleet.domains, y: r.wallMs / 1000 })),
    })),
    { name: "baseline (seeds) up", color: "#d62728", points: up("baseline") },
    { name: "lower bound", color: "#2ca02c", dashed: true, points: bound },
  ].filter((s) => s.points.length > 0);
  if (series.length > 0) {
    fs.writeFileSync(
      path.join(options.out, "wall-time.svg"),
      renderChart(series, {
        title: `Time to converge N domains × 3 mailboxes (time scale ${options.scale})`,
        xLabel: "sending domains",
        yLabel: `wall time, s (scaled clock ×${options.scale})`,
      }),
    );
  }
  return table;
}

main().then(
  () => process.exit(0),
  (error) => {
    // Only the message: errors of the engine's CLI quote its command line.
    console.error(`bench: ${error instanceof Error ? error.message.split("\n")[0] : error}`);
    process.exit(1);
  },
);
