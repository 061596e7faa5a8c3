import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import {
  type ConfigMap,
  LocalWorkspace,
  PulumiCommand,
  type PulumiFn,
  type Stack,
} from "@pulumi/pulumi/automation";
import YAML from "yaml";
import { engineEnvironment } from "../scripts/engine/environment";
import { ensureEngine, repoRoot } from "../scripts/engine/index";

/**
 * A throwaway stack of this project on a private file backend, run by the real engine. Unlike the test
 * harness, disposing does not destroy: the world it deployed to is thrown away with it, and tearing down
 * 200 domains through rate-limited APIs would only lengthen the run.
 */
export interface BenchStack {
  stack: Stack;
  name: string;
  dispose(): Promise<void>;
}

export async function benchStack(options: {
  program: PulumiFn;
  config: ConfigMap;
  env?: Record<string, string>;
}): Promise<BenchStack> {
  const engine = await ensureEngine();
  // `test-` names use the local-only passphrase (scripts/engine/environment.ts).
  const name = `test-bench-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
  const backendDir = fs.mkdtempSync(path.join(os.tmpdir(), "mailinfra-bench-state-"));
  const env = {
    ...engineEnvironment(engine, name),
    PULUMI_BACKEND_URL: `file://${backendDir}`,
    ...options.env,
  };
  const pulumiCommand = await PulumiCommand.get({ root: path.dirname(engine.binDir) });
  const stack = await LocalWorkspace.createOrSelectStack(
    { stackName: name, projectName: "mailinfra", program: options.program },
    { workDir: repoRoot, pulumiCommand, envVars: env },
  );
  try {
    await setConfig(stack, name, options.config);
  } catch (error) {
    fs.rmSync(path.join(repoRoot, "stacks", `Pulumi.${name}.yaml`), { force: true });
    fs.rmSync(backendDir, { recursive: true, force: true });
    throw error;
  }
  return {
    stack,
    name,
    dispose: async () => {
      try {
        await stack.workspace.removeStack(name, { force: true });
      } finally {
        fs.rmSync(path.join(repoRoot, "stacks", `Pulumi.${name}.yaml`), { force: true });
        fs.rmSync(backendDir, { recursive: true, force: true });
      }
    },
  };
}

/**
 * Secrets through `pulumi config set --secret` (the stack's secrets provider encrypts them); plain values
 * straight into the stack file, as a person writes them: 500 domains are ~190 KB of JSON, more than one
 * command-line argument may hold (E2BIG), which is what `setAllConfig` would pass.
 */
async function setConfig(stack: Stack, name: string, config: ConfigMap): Promise<void> {
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
  const file = path.join(repoRoot, "stacks", `Pulumi.${name}.yaml`);
  const settings = (fs.existsSync(file) ? YAML.parse(fs.readFileSync(file, "utf8")) : null) ?? {};
  settings.config = { ...settings.config, ...Object.fromEntries(plain.map(([k, v]) => [k, v.value])) };
  fs.writeFileSync(file, YAML.stringify(settings, { lineWidth: 0 }));
}
