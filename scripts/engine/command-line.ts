/**
 * Reading a Pulumi command line the way the CLI does, for `npm run pulumi`: which command it runs and which
 * stack. Only global flags can stand before the command (`pulumi --color never up`); those that take a value
 * as the next argument are listed here (`pulumi --help`, "Global Flags"), so their value is not mistaken for
 * the command.
 */
const GLOBAL_FLAGS_WITH_VALUE = new Set([
  "--color",
  "-C",
  "--cwd",
  "--memprofilerate",
  "--profiling",
  "--tracing",
  "--tracing-header",
  "-v",
  "--verbose",
]);

/** The arguments that are not flags or a global flag's value, in order: the command and its operands. */
export function positionalArgs(args: readonly string[]): string[] {
  const positional: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === "--") break;
    if (arg.startsWith("-")) {
      if (GLOBAL_FLAGS_WITH_VALUE.has(arg) && positional.length === 0) i++;
      else if (["-s", "--stack"].includes(arg)) i++;
      continue;
    }
    positional.push(arg);
  }
  return positional;
}

/** The command (`up`, `preview`, `stack`, …), or undefined for `pulumi --version` and the like. */
export function commandOf(args: readonly string[]): string | undefined {
  return positionalArgs(args)[0];
}

/** The stack the command line names (`--stack S`, `-s S`, `--stack=S`, `stack init|select|rm S`), if any. */
export function stackOf(args: readonly string[]): string | undefined {
  const i = args.findIndex((a) => a === "-s" || a === "--stack");
  if (i >= 0) return args[i + 1];
  const inline = args.find((a) => a.startsWith("--stack=") || a.startsWith("-s="));
  if (inline) return inline.slice(inline.indexOf("=") + 1);
  const [command, sub, name] = positionalArgs(args);
  if (command === "stack" && ["init", "select", "rm"].includes(sub ?? "") && name) return name;
  return undefined;
}

/**
 * The one-letter flags of preview, up, refresh and cancel that take no value (-d --debug, -j --json, -r --refresh,
 * -f --skip-preview, -y --yes; pkg/cmd/pulumi/operations/up.go in github.com/pulumi/pulumi v3.259.0): in a
 * cluster like `-ys prod` the CLI's flag parser (pflag) reads each, then the next letter; the first letter that
 * takes a value takes the rest of the argument (`-sprod`, `-s=prod`) or, with nothing left, the next argument.
 */
export const NO_VALUE_LETTERS = new Set(["d", "j", "r", "f", "y"]);

/** The one-letter flag in `arg` that takes a value, with that value ("" when none is attached). */
export function shortFlagWithValue(arg: string): { letter: string; value: string } | undefined {
  if (!arg.startsWith("-") || arg.startsWith("--") || arg.length < 2) return undefined;
  let at = 1;
  while (at < arg.length && NO_VALUE_LETTERS.has(arg[at]!)) at++;
  if (at >= arg.length) return undefined;
  return { letter: arg[at]!, value: arg.slice(at + 1).replace(/^=/, "") };
}
