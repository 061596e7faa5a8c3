import { type ChildProcess, spawn } from "node:child_process";
import { repoRoot } from "../../../scripts/engine/index";

export interface CliRun {
  /** The command line as a user types it. */
  command: string;
  code: number | null;
  /** stdout and stderr, interleaved as they arrived. */
  output: string;
  /** stdout alone (what `> file` would keep). */
  stdout: string;
}

/**
 * Runs `npm run <script> -- <args>` in the repository, exactly as README.md and the workflows tell users to,
 * with `env` added to this process's environment and `input` on standard input; `onStart` gets the npm process
 * (e.g. to kill its tree mid-run).
 */
export function npmRun(
  script: string,
  args: string[],
  options: { env?: NodeJS.ProcessEnv; input?: string; onStart?: (child: ChildProcess) => void } = {},
): Promise<CliRun> {
  const command = `npm run ${script}${args.length > 0 ? ` -- ${args.join(" ")}` : ""}`;
  const child = spawn("npm", ["run", "--silent", script, ...(args.length > 0 ? ["--", ...args] : [])], {
    cwd: repoRoot,
    env: { ...process.env, ...options.env },
    stdio: ["pipe", "pipe", "pipe"],
  });
  options.onStart?.(child);
  child.stdin?.end(options.input ?? "");
  return runToEnd(command, child);
}

/** What `child` printed (stdout and stderr interleaved) and its exit code, once it has exited. */
export function runToEnd(command: string, child: ChildProcess): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    let output = "";
    let stdout = "";
    child.stdout?.on("data", (d) => {
      output += d;
      stdout += d;
    });
    child.stderr?.on("data", (d) => {
      output += d;
    });
    child.on("error", reject);
    child.on("close", (code) => resolve({ command, code, output, stdout }));
  });
}

/** `npm run pulumi -- <args>`. */
export function npmRunPulumi(
  args: string[],
  options: { env?: NodeJS.ProcessEnv; input?: string } = {},
): Promise<CliRun> {
  return npmRun("pulumi", args, options);
}

/**
 * The lines of the engine's "Resources:" summaries (preview and update) that delete or replace anything,
 * e.g. `- 31 deleted`, `- 2 to delete`, `+-1 to replace`: what must never appear on a converged stack.
 */
export function destructiveLines(output: string): string[] {
  return output.split("\n").filter((line) => /\b\d+ (to delete|deleted|to replace|replaced)\b/.test(line));
}

/** The counts of every "N unchanged" line of the run's summaries (one per phase: preview, then update). */
export function unchangedCounts(output: string): number[] {
  return [...output.matchAll(/^\s*(\d+) unchanged\s*$/gm)].map((m) => Number(m[1]));
}
