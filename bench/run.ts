/**
 * `npm run bench [-- --sizes 1,10,50,200 --scale 0.1 --shipped-sizes … --parallel-sizes 50 --tuned-sizes …
 *                    --time-cap-s 240 --preview-domains 500 --preview-mailboxes 5 --gate-domains 20
 *                    --no-baseline --no-preview --no-gate --out bench/results]`
 * `npm run bench -- --render bench/results/latest.json`: only re-render the table and chart of a finished run.
 *
 * mailinfra runs under the engine variants of bench/engine-variants.ts: `shipped` (engine defaults, as
 * `npm run pulumi`), `parallel` (PULUMI_PARALLEL=512) and `tuned` (also PULUMI_SKIP_CHECKPOINTS); each at the
 * sizes its flag lists (default: shipped and tuned at every size, parallel at 50). An operation longer than
 * --time-cap-s is stopped and reported as such.
 *
 * Converges fleets of sending domains (3 mailboxes each) with mailinfra under the real Pulumi engine and with
 * the seeds' algorithm (bench/baseline), each on a fresh local world with realistic API latency and the
 * published rate limits enforced by the emulators, all on one scaled clock (bench/world-spec.ts); then
 * refreshes each converged fleet; then previews a large fleet (500 domains × 5 mailboxes); then runs the readiness gate on the real clock.
 * Writes <out>/latest.json, <out>/latest.md (the table, also printed) and <out>/wall-time.svg.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { runBaseline } from "./baseline/baseline-run";
import { startBenchWorld } from "./bench-world";
import { type EngineVariant, engineParallel, engineVariants } from "./engine-variants";
import { runMailinfra } from "./mailinfra-run";
import type { OperationMeasurement } from "./measurement";
import { runPreview } from "./preview-run";
import { runRealTimeGate } from "./real-time-gate";
import { renderChart } from "./report/chart";
import { type BenchResults, checkTargets, compare } from "./report/results";
import { renderTable } from "./report/table";
import { realWorld, type ScaledWorld, scaleWorld } from "./world-spec";

interface Options {
  sizes: number[];
  /** Sizes per engine variant. */
  variantSizes: Record<EngineVariant["key"], number[]>;
  timeCapMs: number;
  /** Only re-render the report of this results JSON. */
  render?: string;
  scale: number;
  previewDomains: number;
  /** Mailboxes per domain of the previewed fleet: 5, the usual most per domain (components/validation). */
  previewMailboxes: number;
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
    sizes: [1, 10, 50, 200],
    variantSizes: { shipped: [1, 10, 50, 200], parallel: [50], tuned: [1, 10, 50, 200] },
    // Engine defaults at 200 domains would take far longer than the whole run is meant to (O(n²) checkpoints).
    timeCapMs: 240_000,
    scale: 0.1,
    previewDomains: 500,
    previewMailboxes: 5,
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
    else if (arg === "--scale") options.scale = Number(value());
    else if (arg === "--shipped-sizes") options.variantSizes.shipped = sizes(value());
    else if (arg === "--parallel-sizes") options.variantSizes.parallel = sizes(value());
    else if (arg === "--tuned-sizes") options.variantSizes.tuned = sizes(value());
    else if (arg === "--time-cap-s") options.timeCapMs = Number(value()) * 1000;
    else if (arg === "--render") options.render = path.resolve(value());
    else if (arg === "--preview-domains") options.previewDomains = Number(value());
    else if (arg === "--preview-mailboxes") options.previewMailboxes = Number(value());
    else if (arg === "--gate-domains") options.gateDomains = Number(value());
    else if (arg === "--no-baseline") options.baseline = false;
    else if (arg === "--no-preview") options.preview = false;
    else if (arg === "--no-gate") options.gate = false;
    else if (arg === "--out") options.out = path.resolve(value());
    else throw new Error(`unknown option ${arg} (see the header of bench/run.ts)`);
  }
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
  return `${r.system} ${r.operation} ${r.fleet.domains} domains: ${r.ok ? "" : "FAILED "}${(r.wallMs / 1000).toFixed(1)} s (bound ${(r.bound.boundMs / 1000).toFixed(1)} s), ${r.rateLimited} × 429`;
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
  const results: BenchResults = {
    generatedAt: new Date().toISOString(),
    machine: { cpus: os.cpus().length, loadAverageAtStart: os.loadavg(), node: process.version },
    durationMs: 0,
    scale: options.scale,
    realWorld,
    scaledWorld: spec,
    sizes: options.sizes,
    engineVariants: engineVariants.map((v) => ({
      ...v,
      sizes: options.variantSizes[v.key].filter((n) => options.sizes.includes(n)),
      parallel: engineParallel(v.env),
    })),
    runs: [],
    comparisons: [],
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
  for (const size of options.sizes) {
    for (const variant of engineVariants.filter((v) => options.variantSizes[v.key].includes(size))) {
      const name = `${variant.name} ${size} domains`;
      await phase(name, async () => {
        log(`${variant.name} (${variant.description}): ${size} domains × 3 mailboxes (up, then refresh)`);
        for (const r of await inWorld(spec, (bw) => runMailinfra(bw, size, variant, options.timeCapMs))) {
          results.runs.push(r);
          log(describe(r));
        }
      });
    }
    if (options.baseline) {
      await phase(`baseline ${size} domains`, async () => {
        log(`baseline (seeds' algorithm): ${size} domains × 3 mailboxes`);
        for (const r of await inWorld(spec, (bw) => runBaseline(bw, size))) {
          results.runs.push(r);
          log(describe(r));
        }
      });
    }
  }
  if (options.preview) {
    const fleet = `${options.previewDomains} domains × ${options.previewMailboxes} mailboxes`;
    await phase(`preview of ${fleet}`, async () => {
      log(`preview of ${fleet}`);
      const preview = await inWorld(spec, (bw) =>
        runPreview(bw, options.previewDomains, options.previewMailboxes),
      );
      results.preview = preview;
      log(`preview: ${(preview.wallMs / 1000).toFixed(1)} s${preview.ok ? "" : ` FAILED: ${preview.error}`}`);
    });
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
  results.targets = checkTargets(results.runs);

  fs.mkdirSync(options.out, { recursive: true });
  fs.writeFileSync(path.join(options.out, "latest.json"), `${JSON.stringify(results, null, 2)}\n`);
  const table = renderTable(results);
  fs.writeFileSync(path.join(options.out, "latest.md"), table);
  const up = (system: string) =>
    results.runs
      .filter((r) => r.system === system && r.operation === "up" && r.ok)
      .map((r) => ({ x: r.fleet.domains, y: r.wallMs / 1000 }));
  const colors = ["#1f77b4", "#9467bd", "#17becf", "#ff7f0e"];
  const variants = [...new Set(results.runs.map((r) => r.system).filter((s) => s !== "baseline"))];
  const bound = results.runs
    .filter((r) => r.system === variants[0] && r.operation === "up")
    .map((r) => ({ x: r.fleet.domains, y: r.bound.boundMs / 1000 }));
  const series = [
    ...variants.map((system, i) => ({
      name: `${system === "mailinfra" ? `mailinfra (-p${engineParallel({})})` : system} up`,
      color: colors[i % colors.length],
      points: up(system),
    })),
    ...variants.map((system, i) => ({
      name: `${system === "mailinfra" ? `mailinfra (-p${engineParallel({})})` : system}: stopped at cap (≥)`,
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
