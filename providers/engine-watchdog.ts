import * as fs from "node:fs";

/**
 * Pulumi's Node.js dynamic-provider process does not notice when the engine that started it dies (`kill -9`, a CI
 * timeout): it keeps running, and even finishes creates the engine will never record. The engine starts it through
 * a launcher script (`pulumi-resource-pulumi-nodejs`, a shell), so the process tree is engine → shell → this
 * process. When the engine dies the shell is re-parented; this notices and exits. Linux only (reads /proc);
 * elsewhere it does nothing.
 */
export function watchEngine(intervalMs = 2000): NodeJS.Timeout | undefined {
  const launcher = process.ppid;
  const engine = parentOf(launcher);
  if (engine === undefined || engine <= 1) return undefined;
  const timer = setInterval(() => {
    if (process.ppid !== launcher || parentOf(launcher) !== engine) process.exit(1);
  }, intervalMs);
  timer.unref();
  return timer;
}

/** The parent pid of `pid`, from /proc/<pid>/stat ("pid (comm) state ppid …"). */
function parentOf(pid: number): number | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
  } catch {
    return undefined;
  }
}
