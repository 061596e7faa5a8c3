import * as fs from "node:fs";

/** The pid written in `file` by a process holding a lock, or 0 when there is none. */
export function lockHolder(file: string): number {
  try {
    return Number(fs.readFileSync(file, "utf8")) || 0;
  } catch {
    return 0;
  }
}

/** Whether `pid` is a live process (one owned by another user counts as alive). */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
