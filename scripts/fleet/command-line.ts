/**
 * Reading `npm run fleet -- <command> --stacks <list|glob> [--max-parallel N] [pulumi args]`: the command run on
 * every stack, which stacks, how many at once, and the rest passed to `npm run pulumi` as typed.
 */
import * as os from "node:os";
import { shortFlagWithValue } from "../engine/command-line";

/** The commands a fleet runs on each of its stacks. `destroy` is left to `npm run pulumi`, one stack at a time. */
export const FLEET_COMMANDS = ["preview", "up", "refresh", "cancel"] as const;
export type FleetCommand = (typeof FLEET_COMMANDS)[number];

/** Commands that ask for confirmation unless given `--yes`: in a fleet nobody can answer the prompt. */
const CONFIRMED = new Set<FleetCommand>(["up", "refresh", "cancel"]);

export interface FleetCommandLine {
  command: FleetCommand;
  /** What `--stacks` names: stack names and globs (`agency-*`), comma-separated. */
  stacks: string[];
  /** How many stacks run at once. */
  maxParallel: number;
  /** Every other argument, passed to each stack's `npm run pulumi -- <command> --stack <S>` as typed. */
  pulumiArgs: string[];
}

/**
 * Engines run at once when `--max-parallel` is not given: one per CPU. Each stack's run is an engine, the
 * program and its provider processes, and with the diy backends (file, S3, GCS, Azure) the engine spends most of
 * an `up` serialising checkpoints, which is CPU work: more runs than CPUs only take turns. Readiness gates
 * waiting on DNS hold no CPU, so a fleet of manual-DNS stacks that mostly waits may set a higher number.
 */
export function defaultMaxParallel(): number {
  return Math.max(1, os.availableParallelism());
}

const USAGE =
  "Usage: npm run fleet -- <preview|up|refresh|cancel> --stacks <a,b,c | 'agency-*'> [--max-parallel N] [pulumi flags]";

export class FleetUsageError extends Error {
  constructor(problem: string, fix: string) {
    super(`${problem}\nFix: ${fix}\n${USAGE}`);
    this.name = "FleetUsageError";
  }
}

/** Reads the fleet command line; throws FleetUsageError naming the argument and the fix. */
export function readFleetCommandLine(args: readonly string[]): FleetCommandLine {
  const rest: string[] = [];
  let stacks: string[] | undefined;
  let maxParallel: number | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const [flag, inline] = arg.startsWith("--") && arg.includes("=") ? splitOnce(arg) : [arg, undefined];
    if (flag === "--stacks" || flag === "--max-parallel") {
      const value = inline ?? args[++i];
      if (value === undefined || value === "") {
        throw new FleetUsageError(`${flag} needs a value`, `write ${flag} <value>`);
      }
      if (flag === "--stacks")
        stacks = value
          .split(",")
          .map((s) => s.trim())
          .filter(Boolean);
      else maxParallel = positiveInteger(value);
      continue;
    }
    const stack = namedStack(arg, args[i + 1]);
    if (stack !== undefined) {
      throw new FleetUsageError(
        `${arg} names one stack; a fleet command runs on the stacks --stacks names`,
        `write --stacks ${stack || "<name>"} (or npm run pulumi -- <command> --stack <name> for one stack)`,
      );
    }
    if (namesDirectory(arg)) {
      throw new FleetUsageError(
        `${arg} would run every stack in another project directory; a fleet runs this project's stacks (stacks/Pulumi.<stack>.yaml)`,
        "leave out --cwd/-C and run npm run fleet in the project the stacks belong to",
      );
    }
    rest.push(arg);
  }
  const command = rest.shift();
  if (!command || !(FLEET_COMMANDS as readonly string[]).includes(command)) {
    throw new FleetUsageError(
      command ? `"${command}" is not a fleet command` : "no command given",
      `start with one of ${FLEET_COMMANDS.join(", ")}; run other commands with npm run pulumi -- <command> --stack <S>`,
    );
  }
  if (!stacks || stacks.length === 0) {
    throw new FleetUsageError(
      "--stacks is missing",
      "name the fleet's stacks: --stacks prod-a,prod-b or --stacks 'prod-*'",
    );
  }
  const fleetCommand = command as FleetCommand;
  if (CONFIRMED.has(fleetCommand) && !rest.includes("--yes") && !rest.includes("-y")) {
    throw new FleetUsageError(
      `${fleetCommand} asks for confirmation, and a fleet runs its stacks unattended`,
      `add --yes (preview first: npm run fleet -- preview --stacks ${stacks.join(",")})`,
    );
  }
  return {
    command: fleetCommand,
    stacks,
    maxParallel: maxParallel ?? defaultMaxParallel(),
    pulumiArgs: rest,
  };
}

/**
 * The stack an argument names with Pulumi's stack flag, "" when its value is missing, undefined when it names
 * none: `--stack S`, `--stack=S`, `-s S`, `-sS`, `-s=S`, `-ys S`. `--stacks` and other long flags are not it.
 * https://www.pulumi.com/docs/iac/cli/commands/pulumi_up/ (-s, --stack string)
 */
function namedStack(arg: string, next: string | undefined): string | undefined {
  if (arg === "--stack") return next ?? "";
  if (arg.startsWith("--stack=")) return arg.slice("--stack=".length);
  const short = shortFlagWithValue(arg);
  if (short?.letter !== "s") return undefined;
  return short.value || (next ?? "");
}

/** Whether `arg` is Pulumi's `--cwd`/`-C` (the project directory), in any form (`--cwd=d`, `-Cd`, `-yC d`). */
function namesDirectory(arg: string): boolean {
  return arg === "--cwd" || arg.startsWith("--cwd=") || shortFlagWithValue(arg)?.letter === "C";
}

function splitOnce(arg: string): [string, string] {
  const at = arg.indexOf("=");
  return [arg.slice(0, at), arg.slice(at + 1)];
}

function positiveInteger(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) {
    throw new FleetUsageError(
      `--max-parallel ${value} is not a whole number of at least 1`,
      "write --max-parallel 2",
    );
  }
  return n;
}
