import * as fs from "node:fs";

/**
 * Peak resident memory and CPU time of this process (the emulators, the baseline, and the Pulumi program when
 * it runs in-process) and of every process it starts, sampled from /proc while a run lasts: with a fleet, each
 * stack's `npm run pulumi` (npm, tsx, the Node process hosting the program), its engine and the engine's
 * dynamic-provider process. Each child's VmHWM is its own peak and its CPU time only grows, so a sample shortly
 * before it exits is enough.
 */
export type ProcessRole = "engine" | "providers" | "program" | "other";

/** One process seen during a run. */
export interface ProcessPeak {
  pid: number;
  role: ProcessRole;
  /** The stack it works for: `--stack <S>` on its command line or on an ancestor's (the fleet's children). */
  stack?: string;
  /** Its own peak resident memory (VmHWM), kB. */
  peakKb: number;
  /** CPU seconds (user + system) it used during the run. */
  cpuSeconds: number;
}

export interface MemoryPeaks {
  /** This process, peak VmRSS seen during the run. */
  benchProcessMb: number;
  /** Largest peak of one process, per role. */
  engineMb: number;
  providersMb: number;
  /** The Node process hosting the program (`npm run pulumi`'s in-process language runtime); 0 when in-process. */
  programMb?: number;
  /** Largest peak of any one process, this one included: what a 1 GB-per-process target is checked against. */
  maxProcessMb?: number;
  /** Which role that process had (`bench` for this process). */
  maxProcessRole?: ProcessRole | "bench";
  /** Processes started during the run, this one excluded. */
  processes?: number;
  /** Every process of the tree, own peaks summed (an upper bound of the tree's peak). */
  treeSumMb: number;
  /** CPU seconds (user + system) during the run: this process, the engines, the provider processes, the programs. */
  cpuSeconds: { bench: number; engine: number; providers: number; program?: number };
}

const mb = (kb: number) => Math.round(kb / 102.4) / 10;
const tenths = (seconds: number) => Math.round(seconds * 10) / 10;

/** Pure: the report's figures from every process seen, this process's own peak and CPU time. */
export function summarizePeaks(
  processes: ProcessPeak[],
  self: { peakKb: number; cpuSeconds: number },
): MemoryPeaks {
  const of = (role: ProcessRole) => processes.filter((p) => p.role === role);
  const max = (role: ProcessRole) => Math.max(0, ...of(role).map((p) => p.peakKb));
  const cpu = (role: ProcessRole) => tenths(of(role).reduce((sum, p) => sum + p.cpuSeconds, 0));
  const largest = processes.reduce<ProcessPeak | undefined>(
    (a, p) => (a === undefined || p.peakKb > a.peakKb ? p : a),
    undefined,
  );
  const childIsLargest = largest !== undefined && largest.peakKb > self.peakKb;
  return {
    benchProcessMb: mb(self.peakKb),
    engineMb: mb(max("engine")),
    providersMb: mb(max("providers")),
    programMb: mb(max("program")),
    maxProcessMb: mb(childIsLargest ? largest.peakKb : self.peakKb),
    maxProcessRole: childIsLargest ? largest.role : "bench",
    processes: processes.length,
    treeSumMb: mb(processes.reduce((sum, p) => sum + p.peakKb, 0)),
    cpuSeconds: {
      bench: tenths(self.cpuSeconds),
      engine: cpu("engine"),
      providers: cpu("providers"),
      program: cpu("program"),
    },
  };
}

/** Pure: a process's role from its command line (arguments split at NUL). */
export function roleOf(cmdline: string[]): ProcessRole {
  if (cmdline.some((a) => a.includes("dynamic-provider") || a.includes("pulumi-resource-")))
    return "providers";
  if (cmdline[0]?.endsWith("/pulumi") || cmdline[0] === "pulumi") return "engine";
  // tsx runs scripts/pulumi.ts in a Node child that also hosts the program (scripts/engine/language-runtime.ts).
  if (cmdline.some((a) => a.endsWith("scripts/pulumi.ts")) && cmdline[0]?.endsWith("node")) return "program";
  return "other";
}

/** Pure: the value of `--stack` (or `--stack=`, `-s`) on a command line. */
export function stackArgument(cmdline: string[]): string | undefined {
  for (let i = 0; i < cmdline.length; i++) {
    const arg = cmdline[i]!;
    if (arg.startsWith("--stack=")) return arg.slice("--stack=".length);
    if (arg === "--stack" || arg === "-s") return cmdline[i + 1];
  }
  return undefined;
}

function readStatusKb(pid: number | "self", field: "VmHWM" | "VmRSS"): number | undefined {
  try {
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(
      fs.readFileSync(`/proc/${pid}/status`, "utf8"),
    );
    return match ? Number(match[1]) : undefined;
  } catch {
    return undefined;
  }
}

/** Fields of /proc/<pid>/stat after the command name (which is in parentheses and may hold spaces). */
function statFields(pid: number): string[] | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  } catch {
    return undefined;
  }
}

function parentOf(pid: number): number | undefined {
  const fields = statFields(pid);
  return fields ? Number(fields[1]) : undefined;
}

const ticksPerSecond = 100;

/** utime + stime, in seconds. */
function cpuSecondsOf(pid: number): number | undefined {
  const fields = statFields(pid);
  return fields ? (Number(fields[11]) + Number(fields[12])) / ticksPerSecond : undefined;
}

function cmdlineOf(pid: number): string[] {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0");
  } catch {
    return [];
  }
}

/** Every descendant of `root`, with its parent. */
function descendants(root: number): Map<number, number> {
  const children = new Map<number, number[]>();
  for (const entry of fs.readdirSync("/proc")) {
    const pid = Number(entry);
    if (!Number.isInteger(pid)) continue;
    const parent = parentOf(pid);
    if (parent === undefined) continue;
    children.set(parent, [...(children.get(parent) ?? []), pid]);
  }
  const found = new Map<number, number>();
  const queue = [root];
  while (queue.length > 0) {
    const parent = queue.shift()!;
    for (const pid of children.get(parent) ?? []) {
      found.set(pid, parent);
      queue.push(pid);
    }
  }
  return found;
}

export interface MemorySampler {
  stop(): MemoryPeaks;
  /** Every process seen so far (for a per-stack breakdown). */
  processes(): ProcessPeak[];
}

export function sampleMemory(everyMs = 250): MemorySampler {
  let selfPeakKb = readStatusKb("self", "VmRSS") ?? 0;
  const selfCpu = process.cpuUsage();
  // Children that exist already (none, normally) count only for what they use from now on.
  const cpuAtStart = new Map(
    [...descendants(process.pid).keys()].map((pid) => [pid, cpuSecondsOf(pid) ?? 0]),
  );
  const peaks = new Map<number, ProcessPeak>();
  const sample = () => {
    selfPeakKb = Math.max(selfPeakKb, readStatusKb("self", "VmRSS") ?? 0);
    const tree = descendants(process.pid);
    for (const [pid, parent] of tree) {
      const kb = readStatusKb(pid, "VmHWM");
      const cpu = cpuSecondsOf(pid);
      if (kb === undefined || cpu === undefined) continue;
      let known = peaks.get(pid);
      if (!known) {
        const cmdline = cmdlineOf(pid);
        known = {
          pid,
          role: roleOf(cmdline),
          peakKb: 0,
          cpuSeconds: 0,
          ...withStack(stackArgument(cmdline) ?? peaks.get(parent)?.stack),
        };
        peaks.set(pid, known);
      }
      known.peakKb = Math.max(kb, known.peakKb);
      known.cpuSeconds = cpu - (cpuAtStart.get(pid) ?? 0);
    }
  };
  sample();
  const timer = setInterval(sample, everyMs);
  return {
    processes: () => [...peaks.values()],
    stop() {
      clearInterval(timer);
      sample();
      const own = process.cpuUsage(selfCpu);
      return summarizePeaks([...peaks.values()], {
        peakKb: selfPeakKb,
        cpuSeconds: (own.user + own.system) / 1e6,
      });
    },
  };
}

function withStack(stack: string | undefined): { stack?: string } {
  return stack === undefined ? {} : { stack };
}
