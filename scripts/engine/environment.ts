import * as fs from "node:fs";
import * as path from "node:path";
import type { Engine } from "./locate";
import { repoRoot } from "./locate";

/** The local file backend used when PULUMI_BACKEND_URL is not set: inside the repository, git-ignored. */
export const localBackendUrl = `file://${path.join(repoRoot, ".pulumi-state")}`;

/**
 * The passphrase of the `local` stack and of throwaway test stacks. It protects nothing: those stacks hold
 * emulator credentials only. Real stacks choose their own secrets provider (`pulumi stack init
 * --secrets-provider awskms://…`, or a passphrase of their own in PULUMI_CONFIG_PASSPHRASE).
 */
export const localPassphrase = "mailinfra-local-only";

/** Stacks that may use the built-in passphrase. */
export function isLocalStack(stack: string | undefined): boolean {
  const name = stack?.split("/").pop();
  return name === "local" || !!name?.startsWith("test-");
}

/**
 * Environment for every engine run: the engine and its plugins first on PATH, a backend that needs no account
 * unless the user chose one, no update checks, and no automatic plugin downloads (this machine has no internet;
 * a missing plugin fails at once with its name instead of hanging on a download).
 */
export function engineEnvironment(engine: Engine, stack?: string): Record<string, string> {
  if (!process.env.PULUMI_BACKEND_URL) fs.mkdirSync(new URL(localBackendUrl).pathname, { recursive: true });
  const env: Record<string, string> = {
    PATH: `${engine.binDir}${path.delimiter}${process.env.PATH ?? ""}`,
    PULUMI_BACKEND_URL: process.env.PULUMI_BACKEND_URL || localBackendUrl,
    PULUMI_SKIP_UPDATE_CHECK: "true",
    PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION:
      process.env.PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION ?? "true",
  };
  if (
    !process.env.PULUMI_CONFIG_PASSPHRASE &&
    !process.env.PULUMI_CONFIG_PASSPHRASE_FILE &&
    isLocalStack(stack)
  ) {
    env.PULUMI_CONFIG_PASSPHRASE = localPassphrase;
  }
  return env;
}
