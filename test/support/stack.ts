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
import { engineEnvironment } from "../../scripts/engine/environment";
import { ensureEngine, repoRoot } from "../../scripts/engine/index";

/** A throwaway stack of this project, run by the real engine on a private local backend. */
export interface TestStack {
  stack: Stack;
  name: string;
  /** The backend directory; its files are what a user's state bucket would hold. */
  backendDir: string;
  /** Every file of the backend, concatenated: to assert that no secret is stored in plaintext. */
  stateText(): string;
  /** Destroys what is left (unless `destroyOnDispose` is off), removes the stack, its config file and its backend. */
  dispose(): Promise<void>;
}

export interface TestStackOptions {
  program: PulumiFn;
  /** `mailinfra:`-style keys, e.g. `{ "mailinfra:domains": { value: JSON.stringify([...]) } }`. */
  config?: ConfigMap;
  /** Extra environment for the engine and the provider processes it starts. */
  env?: Record<string, string>;
  /**
   * How `config` reaches the stack.
   * @default `stack.setAllConfig(config)`, one `pulumi config set-all`
   * @example `(stack, config, stackFile) => writePlainValues(stackFile, config)` for a config too large for one command line
   */
  writeConfig?(stack: Stack, config: ConfigMap, stackFile: string): Promise<void>;
  /**
   * Whether `dispose` destroys the stack's resources before removing it. Off when the world they live in is
   * thrown away with the stack (tearing down hundreds of domains through rate-limited APIs only takes time).
   * @default true
   */
  destroyOnDispose?: boolean;
}

/**
 * The workspace is the repository itself (not a temp dir), because provider processes start in the project
 * directory and load mailinfra's provider modules from there, as they do for users.
 */
export async function testStack(options: TestStackOptions): Promise<TestStack> {
  const engine = await ensureEngine();
  const name = `test-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
  const backendDir = fs.mkdtempSync(path.join(os.tmpdir(), "mailinfra-state-"));
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
  const stackFile = path.join(repoRoot, "stacks", `Pulumi.${name}.yaml`);
  const removeFiles = () => {
    fs.rmSync(stackFile, { force: true });
    fs.rmSync(backendDir, { recursive: true, force: true });
  };
  if (options.config) {
    const config = options.config;
    const writeConfig = options.writeConfig ?? (() => stack.setAllConfig(config));
    try {
      await writeConfig(stack, config, stackFile);
    } catch (error) {
      removeFiles();
      throw error;
    }
  }
  return {
    stack,
    name,
    backendDir,
    stateText: () => readTree(backendDir),
    dispose: async () => {
      try {
        if (options.destroyOnDispose ?? true) await stack.destroy({ color: "never" });
        await stack.workspace.removeStack(name, { force: true });
      } finally {
        removeFiles();
      }
    },
  };
}

function readTree(dir: string): string {
  let text = "";
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) text += fs.readFileSync(path.join(entry.parentPath, entry.name), "utf8");
  }
  return text;
}
