import * as fs from "node:fs";

/**
 * Peak resident memory and CPU time of this process (the Pulumi program host, the emulators and the baseline)
 * and of the processes it starts (the engine, and the engine's dynamic-provider process), sampled from /proc
 * while a run lasts. Each child's VmHWM is its own peak and its CPU time only grows, so a sample shortly
 * before it exits is enough.
 */
export type ProcessRole = "engine" | "providers" | "other";

export interface MemoryPeaks {
  /** This process, peak VmRSS seen during the run. */
  benchProcessMb: number;
  /** Largest peak of one process, per role. */
  engineMb: number;
  providersMb: number;
  /** Every process of the tree, own peaks summed (an upper bound of the tree's peak). */
  treeSumMb: number;
  /** CPU seconds (user + system) during the run: this process, the engine, the provider processes. */
  cpuSeconds: { bench: number; engine: number; providers: number };
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

function roleOf(pid: number): ProcessRole {
  try {
    const cmdline = fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0");
    if (cmdline.some((a) => a.includes("dynamic-provider") || a.includes("pulumi-resource-")))
      return "providers";
    if (cmdline[0]?.endsWith("/pulumi") || cmdline[0] === "pulumi") return "engine";
  } catch {}
  return "other";
}

function descendants(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of fs.readdirSync("/proc")) {
    const pid = Number(entry);
    if (!Number.isInteger(pid)) continue;
    const parent = parentOf(pid);
    if (parent === undefined) continue;
    children.set(parent, [...(children.get(parent) ?? []), pid]);
  }
  const found: number[] = [];
  const queue = [...(children.get(root) ?? [])];
  while (queue.length > 0) {
    const pid = queue.shift()!;
    found.push(pid);
    queue.push(...(children.get(pid) ?? []));
  }
  return found;
}

export interface MemorySampler {
  stop(): MemoryPeaks;
}

export function sampleMemory(everyMs = 250): MemorySampler {
  let selfPeakKb = readStatusKb("self", "VmRSS") ?? 0;
  const selfCpu = process.cpuUsage();
  // Children that exist already (none, normally) count only for what they use from now on.
  const cpuAtStart = new Map(descendants(process.pid).map((pid) => [pid, cpuSecondsOf(pid) ?? 0]));
  const peaks = new Map<number, { role: ProcessRole; kb: number; cpu: number }>();
  const sample = () => {
    selfPeakKb = Math.max(selfPeakKb, readStatusKb("self", "VmRSS") ?? 0);
    for (const pid of descendants(process.pid)) {
      const kb = readStatusKb(pid, "VmHWM");
      const cpu = cpuSecondsOf(pid);
      if (kb === undefined || cpu === undefined) continue;
      const known = peaks.get(pid);
      peaks.set(pid, {
        role: known?.role ?? roleOf(pid),
        kb: Math.max(kb, known?.kb ?? 0),
        cpu: cpu - (cpuAtStart.get(pid) ?? 0),
      });
    }
  };
  sample();
  const timer = setInterval(sample, everyMs);
  return {
    stop() {
      clearInterval(timer);
      sample();
      const max = (role: ProcessRole) =>
        Math.max(0, ...[...peaks.values()].filter((p) => p.role === role).map((p) => p.kb));
      const mb = (kb: number) => Math.round(kb / 102.4) / 10;
      const cpu = (role: ProcessRole) =>
        Math.round(
          [...peaks.values()].filter((p) => p.role === role).reduce((sum, p) => sum + p.cpu, 0) * 10,
        ) / 10;
      const own = process.cpuUsage(selfCpu);
      return {
        benchProcessMb: mb(selfPeakKb),
        engineMb: mb(max("engine")),
        providersMb: mb(max("providers")),
        treeSumMb: mb([...peaks.values()].reduce((sum, p) => sum + p.kb, 0)),
        cpuSeconds: {
          bench: Math.round((own.user + own.system) / 1e5) / 10,
          engine: cpu("engine"),
          providers: cpu("providers"),
        },
      };
    },
  };
}
