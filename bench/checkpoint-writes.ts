import * as fs from "node:fs";
import * as path from "node:path";

/**
 * Checkpoints the engine writes, counted at the backend: the file backend (pkg/backend/diy, the same code as
 * S3/GCS/Azure) saves a checkpoint by copying the stack's state file to `<stack>.json.bak` and writing the whole
 * new state to a temporary file that is renamed over `<stack>.json` (gocloud.dev fileblob: write to a temp file,
 * then os.Rename). Each rename onto `<stack>.json` is one checkpoint; inotify reports it as one `rename` event for
 * that name (fs.watch). The `.bak` copies, the `.attrs` side files and temporary files are not checkpoints.
 *
 * Checked against the engine itself: PULUMI_RETAIN_CHECKPOINTS=true makes it keep a `<stack>.json.<ns>` copy
 * of every checkpoint (backend/diy/state.go), and a small run counted the same number both ways (bench/README.md).
 */

const STATE_FILE = /^(.+)\.json(?:\.gz|\.zst)?$/;

/** Pure: the stack whose state file `filename` (a name inside the backend's stacks directory) is, if it is one. */
export function stackOfStateFile(filename: string): string | undefined {
  return STATE_FILE.exec(filename)?.[1];
}

/** Pure: checkpoints per stack from the names of the `rename` events seen in the stacks directory. */
export function countCheckpoints(renamed: Iterable<string>): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const name of renamed) {
    const stack = stackOfStateFile(name);
    if (stack !== undefined) counts[stack] = (counts[stack] ?? 0) + 1;
  }
  return counts;
}

/** Where the file backend at `backendDir` keeps the state files of `project`'s stacks. */
export function stateDirectory(backendDir: string, project: string): string {
  return path.join(backendDir, ".pulumi", "stacks", project);
}

export interface CheckpointWatch {
  /** Checkpoints written per stack since the watch began. */
  counts(): Record<string, number>;
  stop(): void;
}

/** Counts checkpoint writes in `stateDir` (it must exist: the stacks are created before the watch starts). */
export function watchCheckpoints(stateDir: string): CheckpointWatch {
  const renamed: string[] = [];
  const watcher = fs.watch(stateDir, (event, filename) => {
    if (event === "rename" && filename && fs.existsSync(path.join(stateDir, filename)))
      renamed.push(filename);
  });
  return {
    counts: () => countCheckpoints(renamed),
    stop: () => watcher.close(),
  };
}

/** Size of each stack's state file now, bytes: what every checkpoint of it rewrites. */
export function stateFileBytes(stateDir: string, stacks: string[]): Record<string, number> {
  return Object.fromEntries(
    stacks.map((stack) => {
      const file = path.join(stateDir, `${stack}.json`);
      return [stack, fs.existsSync(file) ? fs.statSync(file).size : 0];
    }),
  );
}
