import * as path from "node:path";
import type { PulumiInvocation } from "../authorize/pulumi-cli";
import { engineEnvironment } from "./environment";
import { ensureEngine, repoRoot } from "./index";

/**
 * In this checkout, the Pulumi CLI that `npm run pulumi` runs: the engine built for this repository, its
 * backend and local defaults, in the repository's directory, for `npm run authorize`. Not part of the package
 * (scripts/authorize/pulumi-cli.ts requires it only in this checkout).
 */
export async function checkoutPulumi(stack: string): Promise<PulumiInvocation> {
  const engine = await ensureEngine();
  return {
    file: path.join(engine.binDir, "pulumi"),
    cwd: repoRoot,
    env: { ...process.env, ...engineEnvironment(engine, stack) },
  };
}
