/**
 * A fleet run: the stacks `--stacks` names, checked before any runs against every stack of the project (a domain
 * in two stacks, a domain moving between stacks in one go), then each stack's
 * `npm run pulumi -- <command> --stack <S> …`, at most `maxParallel` at once. One failed stack does not stop the others. The entry point of `npm run fleet` and of
 * programs (the bench) that run a fleet as a user would.
 */
import type { ChildProcess } from "node:child_process";
import * as path from "node:path";
import pLimit from "p-limit";
import {
  fleetRunVariable,
  forgetFleetListings,
  newFleetRun,
} from "../../providers/smartlead/fleet-account-listing";
import { ensureEngine, repoRoot as projectRoot } from "../engine/index";
import type { FleetCommandLine } from "./command-line";
import { declaredDomains } from "./declared-domains";
import { type FleetProblem, fleetProblemReport, problemsOfRun, type StackDomains } from "./fleet-checks";
import { heldDomains } from "./held-domains";
import { describeChanges } from "./resource-changes";
import { selectStacks, stackFile, stacksWithFiles } from "./stack-files";
import { runStack, type StackRunResult } from "./stack-run";

/** Commands whose run acts on what the stack files declare: a domain moving in one go is refused before them. */
const READS_STATE_FIRST = new Set(["preview", "up"]);

export interface FleetRunOptions {
  /** The project directory. @default this repository */
  repoRoot?: string;
  /** Lines for the user (notes, never a stack's output). @default console.error */
  log?(line: string): void;
  /** Where each stack's prefixed output goes. @default this process's stdout and stderr */
  write?: { out(line: string): void; err(line: string): void };
  /**
   * Aborting stops starting stacks and sends SIGTERM to the running ones (each stops as `pulumi` does on it),
   * unless the reason is "SIGINT": Ctrl-C in a terminal reaches every process of the group already, and Pulumi
   * takes a second interrupt as "stop now" without finishing the steps in flight.
   */
  signal?: AbortSignal;
}

export interface FleetResult {
  /** One result per stack run, in the order the stacks were named. */
  stacks: StackRunResult[];
  /** Stacks not started because the run was aborted. */
  notStarted: string[];
  ok: boolean;
}

/** The fleet is unsafe as declared: nothing was run. The message names each domain, the stack files and the fix. */
export class FleetRefusedError extends Error {
  constructor(readonly problems: readonly FleetProblem[]) {
    super(fleetProblemReport(problems));
    this.name = "FleetRefusedError";
  }
}

/**
 * Checks the fleet, then runs the command on each stack. Throws FleetSelectionError (bad `--stacks`),
 * FleetRefusedError or StateReadError before any stack runs; afterwards it never throws for a stack's failure.
 */
export async function runFleet(line: FleetCommandLine, options: FleetRunOptions = {}): Promise<FleetResult> {
  const root = options.repoRoot ?? projectRoot;
  const log = options.log ?? ((l: string) => console.error(l));
  const stacksDir = path.join(root, "stacks");
  const stacks = selectStacks(line.stacks, stacksDir);
  log(
    `fleet ${line.command}: ${stacks.length} stack${stacks.length === 1 ? "" : "s"} (${stacks.join(", ")}), at most ${line.maxParallel} at once`,
  );

  if (line.command !== "cancel") {
    const readsState = READS_STATE_FIRST.has(line.command);
    const fleet = await fleetDomains(
      projectStacks(stacks, stacksDir),
      stacksDir,
      root,
      readsState,
      line.maxParallel,
    );
    for (const s of fleet.filter((s) => s.declared === undefined)) {
      log(
        stacks.includes(s.stack)
          ? `fleet: ${s.file}: mailinfra:domains cannot be parsed; its own run reports each error`
          : `fleet: ${s.file} (not among --stacks): mailinfra:domains cannot be parsed, so the domains it declares are not checked against this run`,
      );
    }
    const problems = problemsOfRun(fleet, stacks, readsState);
    if (problems.length > 0) throw new FleetRefusedError(problems);
  }

  // The stacks of this command share one Smartlead account listing per key (fleet-account-listing.ts).
  const run = newFleetRun();
  const limit = pLimit(line.maxParallel);
  const running = new Set<ChildProcess>();
  const notStarted: string[] = [];
  const abort = () => {
    if (options.signal?.reason === "SIGINT") return;
    for (const child of running) child.kill("SIGTERM");
  };
  options.signal?.addEventListener("abort", abort);
  try {
    const results = await Promise.all(
      stacks.map((stack) =>
        limit(async () => {
          if (options.signal?.aborted) {
            notStarted.push(stack);
            return undefined;
          }
          const result = await runStack({
            repoRoot: root,
            stack,
            command: line.command,
            pulumiArgs: line.pulumiArgs,
            env: { [fleetRunVariable]: run },
            ...(options.write ? { write: options.write } : {}),
            started: (child) => {
              running.add(child);
              child.on("close", () => running.delete(child));
            },
          });
          return result;
        }),
      ),
    );
    const ran = results.filter((r): r is StackRunResult => r !== undefined);
    return { stacks: ran, notStarted, ok: notStarted.length === 0 && ran.every((r) => r.ok) };
  } finally {
    options.signal?.removeEventListener("abort", abort);
    await forgetFleetListings(run);
  }
}

/**
 * The stacks the checks read: the selected ones, then every other stack with a file in `stacksDir` (a domain
 * declared or held there conflicts with the selected stacks as much). A selected org-qualified name (`org/prod`)
 * stands for its file's stack.
 */
export function projectStacks(selected: readonly string[], stacksDir: string): string[] {
  const files = new Set(selected.map((stack) => stackFile(stacksDir, stack)));
  return [
    ...selected,
    ...stacksWithFiles(stacksDir).filter((stack) => !files.has(stackFile(stacksDir, stack))),
  ];
}

/** Each stack's declared domains, and with `readState` the domains its state holds (read in parallel). */
async function fleetDomains(
  stacks: readonly string[],
  stacksDir: string,
  root: string,
  readState: boolean,
  parallel: number,
): Promise<StackDomains[]> {
  const engine = readState ? await ensureEngine() : undefined;
  const limit = pLimit(parallel);
  return Promise.all(
    stacks.map((stack) =>
      limit(async () => {
        const file = stackFile(stacksDir, stack);
        const declared = declaredDomains(file);
        return {
          stack,
          file: path.relative(root, file),
          ...(declared.ok ? { declared: declared.domains } : {}),
          ...(engine ? { held: await heldDomains(engine, stack, root) } : {}),
        };
      }),
    ),
  );
}

/** The summary printed at the end: per stack ok or failed, what changed, how long it took. */
export function fleetSummary(command: string, result: FleetResult): string {
  const failed = result.stacks.filter((r) => !r.ok);
  const width = Math.max(5, ...result.stacks.map((r) => r.stack.length));
  const rows = result.stacks.map((r) => {
    const status = r.ok ? "ok    " : "failed";
    const rerun = r.ok ? "" : `  (exit ${r.code}; alone: ${r.commandLine})`;
    return `  ${r.stack.padEnd(width)}  ${status}  ${r.seconds.toFixed(1).padStart(6)} s  ${describeChanges(r.changes)}${rerun}`;
  });
  const skipped = result.notStarted.map((s) => `  ${s.padEnd(width)}  not started (the fleet was stopped)`);
  return [
    `fleet ${command}: ${result.stacks.length - failed.length} of ${result.stacks.length + result.notStarted.length} stacks ok${failed.length > 0 ? `, ${failed.length} failed (${failed.map((r) => r.stack).join(", ")})` : ""}`,
    ...rows,
    ...skipped,
  ].join("\n");
}
