/**
 * One stack's run in a fleet: exactly `npm run pulumi -- <command> --stack <S> <args>`, the same code path
 * (scripts/pulumi.ts: the engine, its environment, the in-process language runtime and PULUMI_PARALLEL),
 * started with tsx's loader as the npm script's tsx does, with every output line prefixed `[S] `.
 */
import { type ChildProcess, spawn } from "node:child_process";
import * as path from "node:path";
import * as readline from "node:readline";
import { pathToFileURL } from "node:url";
import { lastResourceChanges, type ResourceChanges } from "./resource-changes";

/** tsx's loader (its package's main export), as the project installed it. */
const tsxLoader = pathToFileURL(require.resolve("tsx")).href;

export interface StackRunResult {
  stack: string;
  /** The command as a user would type it for this stack alone. */
  commandLine: string;
  ok: boolean;
  /** The exit code (1 when the run was ended by a signal). */
  code: number;
  /** Wall time of the run, in seconds. */
  seconds: number;
  changes?: ResourceChanges;
}

export interface StackRunOptions {
  repoRoot: string;
  stack: string;
  command: string;
  pulumiArgs: readonly string[];
  /** Where each prefixed line goes. @default process.stdout / process.stderr */
  write?: { out(line: string): void; err(line: string): void };
  /** Variables added to the run's environment (the fleet run's id). */
  env?: NodeJS.ProcessEnv;
  /** Called with the child as soon as it starts, so a signal to the fleet reaches it. */
  started?(child: ChildProcess): void;
}

export function runStack(options: StackRunOptions): Promise<StackRunResult> {
  const { repoRoot, stack, command, pulumiArgs } = options;
  const args = [command, "--stack", stack, ...pulumiArgs];
  const write = options.write ?? {
    out: (line: string) => process.stdout.write(`${line}\n`),
    err: (line: string) => process.stderr.write(`${line}\n`),
  };
  const began = process.hrtime.bigint();
  return new Promise((resolve) => {
    // Node with tsx's loader (https://tsx.is/dev-api/node-cli: `node --import tsx`), not the tsx CLI, which is
    // one more Node process per stack that only relays signals: a fleet's stacks start up on the same CPUs.
    const child = spawn(
      process.execPath,
      ["--import", tsxLoader, path.join(repoRoot, "scripts", "pulumi.ts"), ...args],
      { cwd: repoRoot, env: { ...process.env, ...options.env }, stdio: ["ignore", "pipe", "pipe"] },
    );
    options.started?.(child);
    let output = "";
    const prefix = `[${stack}] `;
    const closed = [child.stdout, child.stderr].map((stream, i) => {
      const lines = readline.createInterface({ input: stream, crlfDelay: Number.POSITIVE_INFINITY });
      lines.on("line", (line) => {
        output += `${line}\n`;
        (i === 0 ? write.out : write.err)(prefix + line);
      });
      return new Promise<void>((done) => lines.on("close", done));
    });
    let spawnError: Error | undefined;
    child.on("error", (error) => {
      spawnError = error;
    });
    child.on("close", async (code, signal) => {
      await Promise.all(closed);
      if (spawnError) write.err(`${prefix}could not start: ${spawnError.message}`);
      const exit = spawnError ? 1 : (code ?? (signal ? 1 : 0));
      resolve({
        stack,
        commandLine: `npm run pulumi -- ${args.join(" ")}`,
        ok: exit === 0,
        code: exit,
        seconds: Number(process.hrtime.bigint() - began) / 1e9,
        changes: lastResourceChanges(output),
      });
    });
  });
}
