import * as fs from "node:fs";
import type { ConfigMap, PulumiFn, Stack } from "@pulumi/pulumi/automation";
import YAML from "yaml";
import { type TestStack, testStack } from "../test/support/stack";

/**
 * A throwaway stack of this project on a private file backend, run by the real engine: the test stack, except
 * that disposing does not destroy (the world it deployed to is thrown away with it, and tearing down 200
 * domains through rate-limited APIs would only lengthen the run) and the fleet goes into the stack file.
 */
export type BenchStack = Pick<TestStack, "stack" | "name" | "dispose">;

export function benchStack(options: {
  program: PulumiFn;
  config: ConfigMap;
  env?: Record<string, string>;
}): Promise<BenchStack> {
  return testStack({ ...options, writeConfig: setConfig, destroyOnDispose: false });
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
