/**
 * The fleet's stacks as the project holds them: one `stacks/Pulumi.<stack>.yaml` each (Pulumi.yaml:
 * `stackConfigDir: stacks`, https://www.pulumi.com/docs/iac/concepts/projects/project-file/).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { minimatch } from "minimatch";

const STACK_FILE = /^Pulumi\.(.+)\.ya?ml$/;

/** The stack file of `stack` (an org-qualified name `org/prod` has the file of `prod`). */
export function stackFile(stacksDir: string, stack: string): string {
  const name = stack.split("/").pop()!;
  const yaml = path.join(stacksDir, `Pulumi.${name}.yaml`);
  const yml = path.join(stacksDir, `Pulumi.${name}.yml`);
  return fs.existsSync(yml) && !fs.existsSync(yaml) ? yml : yaml;
}

/** Every stack that has a file in `stacksDir`, sorted. */
export function stacksWithFiles(stacksDir: string): string[] {
  return fs
    .readdirSync(stacksDir)
    .map((file) => STACK_FILE.exec(file)?.[1])
    .filter((name): name is string => name !== undefined)
    .sort();
}

export class FleetSelectionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "FleetSelectionError";
  }
}

/**
 * The stacks `--stacks` names, in the order written, each once: a name as is (its stack file must exist: a
 * misspelled name would otherwise run a stack with no domains), a glob (`agency-*`, `{eu,us}-?`) every stack file
 * it matches. Throws FleetSelectionError when a name has no file or a glob matches nothing.
 */
export function selectStacks(patterns: readonly string[], stacksDir: string): string[] {
  const known = stacksWithFiles(stacksDir);
  const selected: string[] = [];
  const add = (stack: string) => {
    if (!selected.includes(stack)) selected.push(stack);
  };
  for (const pattern of patterns) {
    if (!/[*?[\]{}!]/.test(pattern)) {
      if (!fs.existsSync(stackFile(stacksDir, pattern))) {
        throw new FleetSelectionError(
          `--stacks names "${pattern}", which has no stack file ${path.relative(process.cwd(), stackFile(stacksDir, pattern))}.\n` +
            `Fix: create the stack (npm run pulumi -- stack init ${pattern}) and declare its domains there, or correct the name (stacks here: ${known.join(", ") || "none"}).`,
        );
      }
      add(pattern);
      continue;
    }
    const matched = known.filter((stack) => minimatch(stack, pattern));
    if (matched.length === 0) {
      throw new FleetSelectionError(
        `--stacks '${pattern}' matches no stack file in ${path.relative(process.cwd(), stacksDir) || "."} (stacks here: ${known.join(", ") || "none"}).\n` +
          "Fix: quote the glob so the shell does not expand it (--stacks 'agency-*'), or correct it.",
      );
    }
    for (const stack of matched) add(stack);
  }
  return selected;
}
