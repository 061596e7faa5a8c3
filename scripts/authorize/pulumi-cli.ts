import { spawn } from "node:child_process";
import * as pulumi from "@pulumi/pulumi";
import { readConfig } from "../../components/config/load";
import { runsAsInstalledPackage } from "../../providers/installed-package";

/** Which Pulumi CLI runs, where, with which environment. */
export interface PulumiInvocation {
  file: string;
  cwd: string;
  env: NodeJS.ProcessEnv;
}

/**
 * The Pulumi CLI the person runs for this stack. Where mailinfra is an installed package
 * (`npx mailinfra-authorize`), the consumer's own: `pulumi` on their PATH, in their project's directory (the
 * directory they run the command in, where Pulumi.yaml is), with their environment untouched (their
 * PULUMI_BACKEND_URL, passphrase or secrets provider). In this checkout, the one `npm run pulumi` runs.
 */
async function pulumiInvocation(stack: string): Promise<PulumiInvocation> {
  if (runsAsInstalledPackage) return { file: "pulumi", cwd: process.cwd(), env: process.env };
  // Required here, not imported: the package compiles this module but not this checkout's engine build.
  const checkout = require("../engine/checkout-pulumi") as {
    checkoutPulumi: (stack: string) => Promise<PulumiInvocation>;
  };
  return checkout.checkoutPulumi(stack);
}

/**
 * Runs the Pulumi CLI (see `pulumiInvocation`) for the stack's configuration. Output is captured, never echoed:
 * `config --show-secrets` holds credentials. `input` goes to standard input, so a secret value never appears on
 * a command line (visible in `ps`).
 */
export async function pulumiCli(
  args: string[],
  stack: string,
  input?: string,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const { file, cwd, env } = await pulumiInvocation(stack);
  return new Promise((resolve, reject) => {
    const child = spawn(file, [...args, "--stack", stack, "--non-interactive"], {
      cwd,
      env,
      stdio: ["pipe", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => {
      stdout += d;
    });
    child.stderr.on("data", (d) => {
      stderr += d;
    });
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input ?? "");
  });
}

/** The stack's configuration as the program sees it, read through the CLI (`stackConfiguration`). */
export interface StackConfiguration {
  /** Every key's value as text, secrets decrypted: never print it. */
  values: Record<string, string>;
  config: ReturnType<typeof readConfig>["config"];
  issues: ReturnType<typeof readConfig>["issues"];
}

/** The CLI could not read the stack's configuration; `said` is what it printed. */
export class StackConfigurationUnreadable extends Error {
  constructor(
    readonly stack: string,
    readonly said: string,
  ) {
    super(`could not read the configuration of stack ${stack}: ${said}`);
  }
}

/**
 * The stack's configuration, `pulumi config --show-secrets --json` decrypted by the stack's own secrets provider,
 * handed to the program's own reader (components/config/load.ts) as the engine would hand it: what `npm run
 * authorize` and `npm run health` both read. Throws `StackConfigurationUnreadable` when the CLI fails.
 */
export async function stackConfiguration(stack: string): Promise<StackConfiguration> {
  const run = await pulumiCli(["config", "--show-secrets", "--json"], stack);
  if (run.code !== 0) throw new StackConfigurationUnreadable(stack, run.stderr.trim() || run.stdout.trim());
  const cli = JSON.parse(run.stdout) as Record<string, { value?: string; secret?: boolean }>;
  const values: Record<string, string> = {};
  const secretKeys: string[] = [];
  for (const [key, entry] of Object.entries(cli)) {
    if (entry.value === undefined) continue;
    values[key] = entry.value;
    if (entry.secret) secretKeys.push(key);
  }
  pulumi.runtime.setAllConfig(values, secretKeys);
  const { config, issues } = readConfig();
  return { values, config, issues };
}
