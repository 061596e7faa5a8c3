import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { type ConfigMap, LocalWorkspace, PulumiCommand, type Stack } from "@pulumi/pulumi/automation";
import YAML from "yaml";
import { engineEnvironment } from "../scripts/engine/environment";
import { ensureEngine, repoRoot } from "../scripts/engine/index";

/**
 * A fleet as the README has users hold one: several stacks of this project, each a `stacks/Pulumi.<S>.yaml`
 * declaring its share of the domains, all on ONE backend with ONE passphrase, every stack with the same
 * Smartlead key and Google service account. The bench runs them with `npm run fleet` / `npm run pulumi` as
 * child processes, passing the backend and passphrase in the environment as a user or CI job would.
 */
export interface FleetStacks {
  /** Stack names, in order: `<prefix>-01`, `<prefix>-02`, … */
  names: string[];
  /** What `--stacks` is given: a glob matching exactly these stacks. */
  glob: string;
  backendDir: string;
  /** PULUMI_BACKEND_URL and PULUMI_CONFIG_PASSPHRASE for the fleet's commands. */
  env: Record<string, string>;
  /** Automation API handles, for what a person does between runs (signing mailboxes in) and for outputs. */
  stacks: Stack[];
  /** Removes the stack files and the backend (nothing is destroyed: the world goes with it). */
  dispose(): void;
}

/** Pure: `items` in consecutive groups of at most `size` (the last may be smaller). */
export function splitIntoStacks<T>(items: readonly T[], size: number): T[][] {
  if (!Number.isInteger(size) || size < 1) throw new Error(`a stack holds at least one domain, got ${size}`);
  const groups: T[][] = [];
  for (let i = 0; i < items.length; i += size) groups.push(items.slice(i, i + size));
  return groups;
}

/** A passphrase of this run only: the stacks hold emulator credentials, and the value never leaves the bench. */
const passphrase = `bench-${Math.random().toString(36).slice(2)}`;

let runs = 0;

/** Creates one stack per entry of `configs` on a fresh shared file backend. */
export async function createFleetStacks(configs: ConfigMap[]): Promise<FleetStacks> {
  const engine = await ensureEngine();
  const prefix = `bench-${process.pid.toString(36)}${(runs++).toString(36)}`;
  const backendDir = fs.mkdtempSync(path.join(os.tmpdir(), "mailinfra-fleet-state-"));
  const env = { PULUMI_BACKEND_URL: `file://${backendDir}`, PULUMI_CONFIG_PASSPHRASE: passphrase };
  const names = configs.map((_, i) => `${prefix}-${String(i + 1).padStart(2, "0")}`);
  const stackFile = (name: string) => path.join(repoRoot, "stacks", `Pulumi.${name}.yaml`);
  const dispose = () => {
    for (const name of names) fs.rmSync(stackFile(name), { force: true });
    fs.rmSync(backendDir, { recursive: true, force: true });
  };
  try {
    const pulumiCommand = await PulumiCommand.get({ root: path.dirname(engine.binDir) });
    const envVars = { ...engineEnvironment(engine, names[0]), ...env };
    const stacks: Stack[] = [];
    for (const [i, name] of names.entries()) {
      const stack = await LocalWorkspace.createOrSelectStack(
        { stackName: name, workDir: repoRoot },
        { pulumiCommand, envVars },
      );
      await setConfig(stack, configs[i]!, stackFile(name));
      stacks.push(stack);
    }
    return { names, glob: `${prefix}-*`, backendDir, env, stacks, dispose };
  } catch (error) {
    dispose();
    throw error;
  }
}

/**
 * Secrets through `pulumi config set --secret` (the stack's secrets provider encrypts them); plain values
 * straight into the stack file, as a person writes them: 500 domains are ~190 KB of JSON, more than one
 * command-line argument may hold (E2BIG), which is what `setAllConfig` would pass.
 */
async function setConfig(stack: Stack, config: ConfigMap, stackFile: string): Promise<void> {
  const secrets = Object.fromEntries(Object.entries(config).filter(([, v]) => v.secret));
  const plain = Object.entries(config).filter(([, v]) => !v.secret);
  try {
    await stack.setAllConfig(secrets);
  } catch (error) {
    // The CLI's message would quote the command line, secrets included.
    const reason = /Command failed with (\w+)/.exec(String((error as Error)?.message))?.[1] ?? "an error";
    throw new Error(`pulumi config set --secret failed with ${reason}`);
  }
  // The project keeps stack files in stacks/ (Pulumi.yaml: stackConfigDir), where the CLI just wrote this one.
  const settings = (fs.existsSync(stackFile) ? YAML.parse(fs.readFileSync(stackFile, "utf8")) : null) ?? {};
  settings.config = { ...settings.config, ...Object.fromEntries(plain.map(([k, v]) => [k, v.value])) };
  fs.writeFileSync(stackFile, YAML.stringify(settings, { lineWidth: 0 }));
}
