import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { UpResult } from "@pulumi/pulumi/automation";
import { authorizePending } from "../emulators/mailbox-sign-in";
import { defaultDirectoryBudget, directoryBudgetVariable } from "../providers/workspace/directory-budget";
import { repoRoot } from "../scripts/engine/index";
import { summarizeCalls } from "./api-calls";
import type { BenchWorld } from "./bench-world";
import { stateDirectory, stateFileBytes, watchCheckpoints } from "./checkpoint-writes";
import { receiveEngineEvents } from "./engine-events";
import { benchFleet, domainName, mailboxesPerDomain } from "./fleet";
import { createFleetStacks, type FleetStacks, splitIntoStacks } from "./fleet-stacks";
import {
  type Bound,
  type FleetSize,
  minimumRefreshCalls,
  minimumUpCalls,
  realClockFloorMs,
  refreshBound,
  upBound,
} from "./lower-bound";
import type { ConvergedCounts, FleetLayout, OperationMeasurement } from "./measurement";
import { perUnit, totalOf } from "./measurement";
import { type MemoryPeaks, sampleMemory } from "./process-memory";
import { readTrace, splitTime, type TimeSplit } from "./provider-trace";
import { type GateOpening, readinessLatencies, summarizeLatencies } from "./readiness-latency";
import { benchRegistrar } from "./registrar";
import { visibleOnQuorumAt } from "./world-spec";

/**
 * How mailinfra runs a fleet in the bench, as a user runs it: child processes of the commands the README gives,
 * on stacks created in this repository's `stacks/` on one shared file backend (checkpoints ON: the engine's
 * defaults as `npm run pulumi` sets them).
 *  - `single`: one stack holding every domain, `npm run pulumi -- up --stack S --yes --skip-preview`.
 *  - `fleet`: stacks of `stackSize` domains, `npm run fleet -- up --stacks '<glob>' --yes --skip-preview
 *    --continue-on-error`, every stack with the same Smartlead key and Google service account.
 */
export interface FleetRunOptions {
  variant: "single" | "fleet";
  domains: number;
  /** Domains per stack (`single`: all of them). */
  stackSize: number;
  /** Domains whose registrar never publishes: their gates time out after `gateTimeoutMinutes`. */
  neverPropagating: string[];
  /** mailinfra:readiness.timeoutMinutes for every stack when some domain never propagates. */
  gateTimeoutMinutes: number;
  /** `npm run fleet --max-parallel`; the command's default (one stack per CPU) when undefined. */
  maxParallel?: number;
  /** Also preview the fresh stacks before `up` (`npm run fleet -- preview`). */
  preview: boolean;
  timeCapMs: number;
  /** Where each command's output goes (one file per command). */
  logDir: string;
}

export interface FleetPreviewMeasurement {
  system: string;
  domains: number;
  mailboxesPerDomain: number;
  layout: FleetLayout;
  wallMs: number;
  ok: boolean;
  error?: string;
  time: TimeSplit;
  memory: MemoryPeaks;
}

export interface FleetRunResult {
  runs: OperationMeasurement[];
  preview?: FleetPreviewMeasurement;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function systemName(variant: FleetRunOptions["variant"], stackSize: number): string {
  return variant === "single" ? "mailinfra single stack" : `mailinfra fleet K=${stackSize}`;
}

export async function runFleet(bw: BenchWorld, options: FleetRunOptions): Promise<FleetRunResult> {
  const { domains } = options;
  const system = systemName(options.variant, options.stackSize);
  const fleet: FleetSize = { domains, mailboxes: domains * mailboxesPerDomain, campaigns: 1 };
  const groups = splitIntoStacks(benchFleet(domains, bw.campaignId), options.stackSize);
  const configs = groups.map((group) => {
    const config = bw.stackConfig(group);
    if (options.neverPropagating.length === 0) return config;
    const readiness = JSON.parse(config["mailinfra:readiness"]!.value);
    return {
      ...config,
      "mailinfra:readiness": {
        value: JSON.stringify({ ...readiness, timeoutMinutes: options.gateTimeoutMinutes }),
      },
    };
  });
  const traceDir = fs.mkdtempSync(path.join(os.tmpdir(), "mailinfra-bench-trace-"));
  const trace = path.join(traceDir, "operations.jsonl");
  const registrar = benchRegistrar(bw.world, bw.spec.registrarLagMs, options.neverPropagating);
  const events = await receiveEngineEvents((e) => registrar.onEvent(e));
  let stacks: FleetStacks | undefined;
  const result: FleetRunResult = { runs: [] };
  try {
    stacks = await createFleetStacks(configs);
    const s = stacks;
    const stateDir = stateDirectory(s.backendDir, "mailinfra");
    const command = commandFor(options, s);
    // PULUMI_DEBUG_COMMANDS: the engine takes --event-log only with it (cmd/pulumi/operations/up.go), as Automation
    // API sets it for its own runs; it changes nothing else an update does.
    const env = {
      ...s.env,
      MAILINFRA_TRACE: trace,
      PULUMI_DEBUG_COMMANDS: "true",
      // The Google Directory budget on the scaled clock, as the Smartlead one is (through its config); and a
      // ledger directory of this run's own, so no earlier world's reservations on a reused port weigh on it.
      [directoryBudgetVariable]: JSON.stringify({
        requests: defaultDirectoryBudget.requests,
        intervalMs: Math.round(defaultDirectoryBudget.intervalMs * bw.spec.scale),
      }),
      MAILINFRA_RATE_BUDGET_DIR: path.join(traceDir, "rate-budget"),
    };
    const layout = (commands: string[]): FleetLayout => ({
      variant: options.variant,
      stacks: s.names.length,
      stackSize: options.stackSize,
      commands,
    });
    let runCount = 0;
    const run = async (args: string[]) => {
      const logFile = path.join(
        options.logDir,
        `${system.replace(/\W+/g, "-")}-${domains}-${++runCount}.log`,
      );
      return runCommand(args, env, options.timeCapMs, logFile);
    };

    if (options.preview) {
      const args = command("preview", []);
      const memory = sampleMemory();
      const start = Date.now();
      const done = await run(args);
      const end = Date.now();
      result.preview = {
        system,
        domains,
        mailboxesPerDomain,
        layout: layout([typed(args)]),
        wallMs: end - start,
        ok: done.code === 0,
        ...(done.code === 0 ? {} : { error: done.problem }),
        time: splitTime(readTrace(trace), start, end),
        memory: memory.stop(),
      };
    }

    // up: create (the mailboxes then sign in, as a person does), then up again to connect them to Smartlead.
    const upArgs = command("up", [
      "--yes",
      "--skip-preview",
      ...continueOnError(options),
      "--event-log",
      events.eventLog,
    ]);
    const checkpoints = watchCheckpoints(stateDir);
    const memory = sampleMemory();
    const start = Date.now();
    const first = await run(upArgs);
    const signInStart = Date.now();
    const signIn: Error | "signed in" | undefined = first.timedOut
      ? undefined
      : await signInEveryStack(s, bw).then(
          () => "signed in" as const,
          (e: Error) => e,
        );
    const signInEnd = Date.now();
    const signInMs = signInEnd - signInStart;
    const second = signIn === "signed in" ? await run(upArgs) : undefined;
    const end = Date.now();
    checkpoints.stop();
    const counts = checkpoints.counts();
    const converged = await convergedCounts(bw);
    const expectedDomains = domains - options.neverPropagating.length;
    const expected: ConvergedCounts = {
      domains: expectedDomains,
      mailboxes: expectedDomains * mailboxesPerDomain,
      smartleadAccounts: expectedDomains * mailboxesPerDomain,
    };
    const allConverged =
      converged.domains >= expected.domains &&
      converged.mailboxes >= expected.mailboxes &&
      converged.smartleadAccounts >= expected.smartleadAccounts;
    const problem =
      first.timedOut || second?.timedOut
        ? `stopped at the bench's time cap of ${options.timeCapMs / 1000} s`
        : signIn instanceof Error
          ? `signing the mailboxes in: ${signIn.message.slice(0, 300)}`
          : allConverged
            ? undefined
            : `not converged: ${JSON.stringify(converged)} of ${JSON.stringify(expected)}; ${second?.problem ?? first.problem ?? ""}`;
    const bytes = Object.values(stateFileBytes(stateDir, s.names)).reduce((a, b) => a + b, 0);
    const up = measurement(bw, {
      system,
      operation: "up",
      fleet,
      bound: upBound(bw.spec, fleet),
      start,
      end,
      paused: { start: signInStart, end: signInEnd },
      trace,
      memory: memory.stop(),
      ...(problem ? { error: problem } : {}),
    });
    up.layout = layout([typed(upArgs)]);
    up.signInMs = signInMs;
    up.checkpoints = {
      total: Object.values(counts).reduce((a, b) => a + b, 0),
      maxPerStack: Math.max(0, ...Object.values(counts)),
      perStack: counts,
    };
    up.stateBytesPerDomain = Math.round(bytes / domains);
    up.convergence = { neverPropagating: options.neverPropagating, expected, converged };
    if (!first.timedOut) {
      up.readiness = summarizeLatencies(
        readinessLatencies(gateOpenings(stateDir, s.names), (domain) => {
          const at = registrar.publishedAt.get(domain);
          return at === undefined ? undefined : visibleOnQuorumAt(bw.spec, at);
        }),
      );
    }
    result.runs.push(up);
    // A fleet that ran to the end is refreshed even when some domain did not converge (the never-propagating
    // domain's stack may hold less than the others): the drift check runs on what the state holds.
    if (first.timedOut || signIn !== "signed in" || second?.timedOut) return result;

    // A nightly drift check starts with a fresh Smartlead minute.
    await sleep(bw.spec.minuteMs);
    const refreshArgs = command("refresh", ["--yes", "--skip-preview"]);
    const refreshMemory = sampleMemory();
    const refreshStart = Date.now();
    const refreshed = await run(refreshArgs);
    const refreshEnd = Date.now();
    const refresh = measurement(bw, {
      system,
      operation: "refresh",
      fleet,
      bound: refreshBound(bw.spec, fleet),
      start: refreshStart,
      end: refreshEnd,
      paused: { start: refreshStart, end: refreshStart },
      trace,
      memory: refreshMemory.stop(),
      ...(refreshed.code === 0 ? {} : { error: refreshed.problem }),
    });
    refresh.layout = layout([typed(refreshArgs)]);
    result.runs.push(refresh);
    return result;
  } finally {
    registrar.stop();
    await events.stop();
    stacks?.dispose();
    fs.rmSync(traceDir, { recursive: true, force: true });
  }
}

function continueOnError(options: FleetRunOptions): string[] {
  return options.variant === "fleet" ? ["--continue-on-error"] : [];
}

/** The command line of `pulumiCommand` for the whole fleet: `npm run fleet` over the glob, or `npm run pulumi`. */
function commandFor(options: FleetRunOptions, stacks: FleetStacks) {
  return (pulumiCommand: string, args: string[]): string[] =>
    options.variant === "single"
      ? ["run", "pulumi", "--", pulumiCommand, "--stack", stacks.names[0]!, ...args]
      : [
          "run",
          "fleet",
          "--",
          pulumiCommand,
          "--stacks",
          stacks.glob,
          ...(options.maxParallel ? ["--max-parallel", String(options.maxParallel)] : []),
          ...args,
        ];
}

const typed = (args: string[]) => `npm ${args.map((a) => (/[*?' ]/.test(a) ? `'${a}'` : a)).join(" ")}`;

interface CommandRun {
  code: number;
  timedOut: boolean;
  /** The last lines of its output, when it failed. */
  problem?: string;
}

/** Runs `npm <args>` in the repository as a user would, its output to `logFile`; stops it at `capMs`. */
function runCommand(
  args: string[],
  env: Record<string, string>,
  capMs: number,
  logFile: string,
): Promise<CommandRun> {
  fs.mkdirSync(path.dirname(logFile), { recursive: true });
  const out = fs.openSync(logFile, "w");
  return new Promise((resolve) => {
    // Its own process group, so that stopping it at the cap stops every process of every stack.
    const child = spawn("npm", args, {
      cwd: repoRoot,
      env: { ...process.env, ...env },
      stdio: ["ignore", out, out],
      detached: true,
    });
    let timedOut = false;
    const stop = (signal: NodeJS.Signals) => {
      try {
        if (child.pid) process.kill(-child.pid, signal);
      } catch {}
    };
    const cap = setTimeout(() => {
      timedOut = true;
      stop("SIGINT");
      setTimeout(() => stop("SIGKILL"), 10_000).unref();
    }, capMs);
    child.on("close", (code) => {
      clearTimeout(cap);
      fs.closeSync(out);
      const text = fs.readFileSync(logFile, "utf8");
      resolve({
        code: code ?? 1,
        timedOut,
        ...(code === 0 ? {} : { problem: lastLines(text, 12) }),
      });
    });
  });
}

function lastLines(text: string, n: number): string {
  return text.trimEnd().split("\n").slice(-n).join("\n").slice(-2000);
}

/** What a person does between the two runs: every pending mailbox of every stack signs in once. */
async function signInEveryStack(stacks: FleetStacks, bw: BenchWorld): Promise<void> {
  const pending = [...stacks.stacks];
  // A few stacks at a time: each reads its outputs and writes its config through the CLI.
  await Promise.all(
    Array.from({ length: Math.min(4, pending.length) }, async () => {
      for (let stack = pending.shift(); stack; stack = pending.shift()) {
        const outputs = await stack.outputs();
        // authorizePending reads only the run's outputs.
        await authorizePending(stack, bw.world, { outputs } as UpResult);
      }
    }),
  );
}

/** What converged, counted where a user would look: Workspace and the Smartlead campaign. */
async function convergedCounts(bw: BenchWorld): Promise<ConvergedCounts> {
  const ours = (name: string) => name.endsWith(".bench.test");
  const google = bw.world.google.state;
  const campaign = bw.world.smartlead.state.campaigns.get(bw.campaignId);
  return {
    domains: [...google.domains.values()].filter((d) => ours(d.domainName) && d.verified).length,
    mailboxes: [...google.users.values()].filter((u) => ours(u.primaryEmail.split("@")[1] ?? "")).length,
    smartleadAccounts: campaign?.accountIds.size ?? 0,
  };
}

/** Each DnsReadiness' `readyAt`, from the stacks' state files (outputs of the gates, nothing secret). */
function gateOpenings(stateDir: string, stacks: string[]): GateOpening[] {
  return stacks.flatMap((stack) => {
    const file = path.join(stateDir, `${stack}.json`);
    if (!fs.existsSync(file)) return [];
    const state = JSON.parse(fs.readFileSync(file, "utf8")) as {
      checkpoint?: {
        latest?: { resources?: { type: string; outputs?: { domain?: string; readyAt?: string } }[] };
      };
    };
    return (state.checkpoint?.latest?.resources ?? [])
      .filter((r) => r.type.endsWith(":DnsReadiness") && r.outputs?.domain && r.outputs.readyAt)
      .map((r) => ({ domain: r.outputs!.domain!, readyAt: Date.parse(r.outputs!.readyAt!) }));
  });
}

function measurement(
  bw: BenchWorld,
  m: {
    system: string;
    operation: "up" | "refresh";
    fleet: FleetSize;
    bound: Bound;
    start: number;
    end: number;
    /**
     * Time inside [start, end] when no command ran (the person signing in): in neither wall nor engine time, and
     * the API calls of the sign-in (consent, code exchange) are not the run's.
     */
    paused: { start: number; end: number };
    trace: string;
    memory: MemoryPeaks;
    error?: string;
  },
): OperationMeasurement {
  const pausedMs = m.paused.end - m.paused.start;
  const calls = summarizeCalls(
    bw.calls().filter((c) => c.at < m.paused.start || c.at > m.paused.end),
    m.start,
    m.end,
  );
  const minimum = m.operation === "up" ? minimumUpCalls(m.fleet) : minimumRefreshCalls(m.fleet);
  const split = splitTime(
    readTrace(m.trace).filter((o) => o.start >= m.start && o.end <= m.end),
    m.start,
    m.end,
  );
  const time: TimeSplit = {
    ...split,
    wallMs: split.wallMs - pausedMs,
    engineOnlyMs: split.engineOnlyMs - pausedMs,
  };
  const wallMs = m.end - m.start - pausedMs;
  return {
    system: m.system,
    operation: m.operation,
    fleet: m.fleet,
    wallMs,
    ok: m.error === undefined,
    ...(m.error ? { error: m.error } : {}),
    time,
    calls,
    callsPerDomain: perUnit(calls.total, m.fleet.domains),
    callsPerMailbox: perUnit(calls.total, m.fleet.mailboxes),
    minimumCalls: minimum,
    rateLimited: totalOf(calls.rateLimited),
    memory: m.memory,
    bound: m.bound,
    ratioToBound: wallMs / m.bound.boundMs,
    realClockFloorMs: realClockFloorMs(m.bound, bw.spec.scale),
    engineShareOfRealFloor: time.engineOnlyMs / realClockFloorMs(m.bound, bw.spec.scale),
  };
}

/** The domain of a fleet that never propagates in the bench: the first, so it sits in the first stack. */
export const neverPropagatingDomain = domainName(0);
