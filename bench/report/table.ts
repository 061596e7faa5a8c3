import type { OperationMeasurement } from "../measurement";
import type { BenchResults } from "./results";

/** The results as Markdown tables: printed by `npm run bench` and saved as bench/results/latest.md. */
const s = (ms: number) => (ms < 1000 ? (ms / 1000).toFixed(3) : (ms / 1000).toFixed(1));
const dir = (o: OperationMeasurement) => o.calls.total["google.directory"];
const sv = (o: OperationMeasurement) => o.calls.total["google.siteVerification"];

function row(cells: (string | number)[]): string {
  return `| ${cells.join(" | ")} |`;
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)}`;

function runRow(r: OperationMeasurement): string {
  const m = r.minimumCalls;
  const google = `${r.calls.total["google.oauth"]}+${dir(r)}+${sv(r)} (${m["google.oauth"]}+${m["google.directory"]}+${m["google.siteVerification"]})`;
  const perDomain = `${((dir(r) + sv(r)) / r.fleet.domains).toFixed(2)} (${((m["google.directory"] + m["google.siteVerification"]) / r.fleet.domains).toFixed(2)})`;
  const perMailbox = `${(r.calls.total.smartlead / r.fleet.mailboxes).toFixed(2)} (${(m.smartlead / r.fleet.mailboxes).toFixed(2)})`;
  const readiness = r.readiness?.samples ? `${r.readiness.p50Ms} / ${r.readiness.p95Ms}` : "–";
  const time = r.time ? `${s(r.time.engineOnlyMs)} / ${s(r.time.providersBusyMs)}` : "–";
  const share =
    r.engineShareOfRealFloor === undefined || r.operation !== "up"
      ? "–"
      : `${(r.engineShareOfRealFloor * 100).toFixed(1)} % of ${s(r.realClockFloorMs ?? 0)}`;
  const layout = r.layout ? `${r.layout.stacks} × ${r.layout.stackSize}` : "–";
  const checkpoints = r.checkpoints ? `${r.checkpoints.total} (${r.checkpoints.maxPerStack})` : "–";
  const state = r.stateBytesPerDomain === undefined ? "–" : kb(r.stateBytesPerDomain);
  const mem = r.memory;
  const memory =
    mem.maxProcessMb === undefined
      ? `${mem.benchProcessMb} / ${mem.engineMb || "–"} / – / ${mem.providersMb || "–"}`
      : `${mem.maxProcessMb} (${mem.maxProcessRole}) / ${mem.engineMb || "–"} / ${mem.programMb || "–"} / ${mem.providersMb || "–"}`;
  const cpu = mem.cpuSeconds;
  const cpuText =
    r.system === "baseline"
      ? `${cpu.bench}`
      : `${cpu.bench} / ${cpu.engine} / ${cpu.program ?? "–"} / ${cpu.providers}`;
  const converged = r.convergence
    ? ` (${r.convergence.converged.domains}/${r.convergence.expected.domains} domains converged)`
    : "";
  return row([
    r.fleet.domains,
    r.system,
    r.operation,
    r.ok ? `${s(r.wallMs)}${converged}` : `FAILED after ${s(r.wallMs)}${converged}`,
    `${s(r.bound.boundMs)} (${r.bound.limitedBy})`,
    r.ok ? r.ratioToBound.toFixed(2) : `≥ ${r.ratioToBound.toFixed(2)}`,
    time,
    share,
    layout,
    checkpoints,
    state,
    google,
    `${r.calls.total.smartlead} (${m.smartlead})`,
    perDomain,
    perMailbox,
    r.rateLimited,
    readiness,
    memory,
    cpuText,
  ]);
}

export function renderTable(results: BenchResults): string {
  const lines: string[] = [];
  lines.push(
    `Scale factor ${results.scale}: every latency, rate-limit window and propagation lag ×${results.scale} ` +
      `(API latency ${results.scaledWorld.apiLatencyMs.map((v) => v.toFixed(0)).join("–")} ms, rate-limit minute ${s(results.scaledWorld.minuteMs)} s, ` +
      `registrar ${s(results.scaledWorld.registrarLagMs)} s + resolver lags ${results.scaledWorld.resolverLagsMs.map(s).join("/")} s, seed poll ${s(results.scaledWorld.seedPollMs)} s). ` +
      "All times below are on that scaled clock. " +
      `Machine: ${results.machine.cpus} CPUs shared with other work (load average ${results.machine.loadAverageAtStart.map((l) => l.toFixed(1)).join(" ")} at start` +
      `${results.machine.loadAverageAtEnd ? `, ${results.machine.loadAverageAtEnd.map((l) => l.toFixed(1)).join(" ")} at end` : ""}); whole run ${(results.durationMs / 60_000).toFixed(1)} min.`,
    "",
    ...(results.variants ?? []).map(
      (v) => `- ${v.name}: ${v.description}; sizes ${v.sizes.join(", ") || "none"}`,
    ),
    ...(results.stackSize
      ? [`- stack size K for fleets: ${results.stackSize.chosen} (${results.stackSize.reason})`]
      : []),
    "",
    row([
      "domains",
      "system",
      "op",
      "wall s",
      "bound s (limited by)",
      "×bound",
      "engine-only / providers-busy s",
      "engine-only ÷ real-clock API floor",
      "stacks × domains",
      "checkpoints (most in one stack)",
      "state KB / domain",
      "Google calls oauth+dir+sv (min)",
      "Smartlead calls (min)",
      "Google calls/domain (min)",
      "Smartlead calls/mailbox (min)",
      "429s",
      "readiness p50 / p95 ms",
      "peak MB largest process (role) / engine / program / providers",
      "CPU s bench / engines / programs / providers",
    ]),
    row(Array(19).fill("---")),
    ...[...results.runs]
      .sort(
        (a, b) =>
          a.fleet.domains - b.fleet.domains ||
          b.operation.localeCompare(a.operation) ||
          a.system.localeCompare(b.system),
      )
      .map(runRow),
  );
  if (results.comparisons.length > 0) {
    lines.push(
      "",
      row(["mailinfra variant", "domains", "op", "mailinfra s", "baseline s", "mailinfra / baseline"]),
      row(Array(6).fill("---")),
    );
    for (const c of results.comparisons) {
      lines.push(
        row([c.system, c.domains, c.operation, s(c.mailinfraMs), s(c.baselineMs), c.ratio.toFixed(2)]),
      );
    }
  }
  for (const p of results.previews ?? []) {
    const fleet = `${p.domains} domains × ${p.mailboxesPerDomain} mailboxes in ${p.layout.stacks} stack(s)`;
    lines.push(
      "",
      p.ok
        ? `Preview (${p.system}) of ${fleet}: ${s(p.wallMs)} s (engine-only ${s(p.time.engineOnlyMs)} s), ` +
            `peak memory largest process ${p.memory.maxProcessMb} MB (${p.memory.maxProcessRole}), engine ${p.memory.engineMb} MB, ` +
            `program ${p.memory.programMb} MB, providers ${p.memory.providersMb} MB; command: ${p.layout.commands.join("; ")}`
        : `Preview (${p.system}) of ${fleet} FAILED after ${s(p.wallMs)} s: ${p.error?.slice(0, 300)}`,
    );
  }
  const commands = [...new Set(results.runs.flatMap((r) => r.layout?.commands ?? []))];
  if (commands.length > 0) lines.push("", "Commands run (as typed):", ...commands.map((c) => `- \`${c}\``));
  const g = results.realTimeGate;
  if (g) {
    lines.push(
      "",
      `Readiness gate on the real clock (${g.domains} gates, registrar ${s(g.registrarLagMs)} s, resolver lags ${g.resolverLagsMs.map(s).join("/")} s): ` +
        `detection latency p50 ${g.readiness.p50Ms} ms, p95 ${g.readiness.p95Ms} ms, max ${g.readiness.maxMs} ms.`,
    );
  }
  if (results.targets.length > 0) {
    lines.push("", row(["target", "measured", "met"]), row(["---", "---", "---"]));
    for (const t of results.targets) lines.push(row([t.target, t.measured, t.met ? "yes" : "NO"]));
  }
  for (const f of results.failures) lines.push("", `${f.phase} could not run: ${f.error}`);
  const failures = results.runs.filter((r) => !r.ok);
  for (const f of failures) {
    lines.push(
      "",
      `${f.system} ${f.operation} of ${f.fleet.domains} domains failed: ${f.error?.slice(0, 600)}`,
    );
  }
  return `${lines.join("\n")}\n`;
}
