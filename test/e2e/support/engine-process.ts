import * as fs from "node:fs";

/**
 * The engine's processes as Linux shows them in /proc: the `pulumi` CLI the Automation API started for one
 * stack, and everything it started (provider plugins), to kill the engine like a crash or a cancelled CI job
 * would and to make sure nothing is left running afterwards.
 */

interface ProcessEntry {
  pid: number;
  ppid: number;
  argv: string[];
}

function processes(): ProcessEntry[] {
  const entries: ProcessEntry[] = [];
  for (const name of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${name}/stat`, "utf8");
      // The command name in parentheses may hold spaces; the parent pid is the 2nd field after it.
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      const argv = fs.readFileSync(`/proc/${name}/cmdline`, "utf8").split("\0").filter(Boolean);
      entries.push({ pid: Number(name), ppid, argv });
    } catch {
      // The process ended while we looked.
    }
  }
  return entries;
}

/** The `pulumi <command> … --stack <stack>` process started by this Node process, if it is running. */
export function engineProcess(command: string, stack: string): number | undefined {
  return processes().find(
    (p) =>
      p.ppid === process.pid &&
      /(^|\/)pulumi$/.test(p.argv[0] ?? "") &&
      p.argv[1] === command &&
      p.argv.includes(stack),
  )?.pid;
}

/** Every process below `pid` (children, their children, …). */
export function descendants(pid: number): number[] {
  const all = processes();
  const found: number[] = [];
  const queue = [pid];
  while (queue.length > 0) {
    const parent = queue.shift()!;
    for (const child of all.filter((p) => p.ppid === parent)) {
      found.push(child.pid);
      queue.push(child.pid);
    }
  }
  return found;
}

export function isAlive(pid: number): boolean {
  try {
    const state = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    return state.slice(state.lastIndexOf(")") + 2)[0] !== "Z";
  } catch {
    return false;
  }
}

/** SIGKILL, ignoring a process that already ended. */
export function kill(pid: number): void {
  try {
    process.kill(pid, "SIGKILL");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ESRCH") throw error;
  }
}
