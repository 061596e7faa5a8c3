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
  await stack.setAllConfig(options.config);
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
