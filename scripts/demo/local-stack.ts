import * as path from "node:path";
import { LocalWorkspace, PulumiCommand, type PulumiFn, Stack } from "@pulumi/pulumi/automation";
import { engineEnvironment } from "../engine/environment";
import type { Engine } from "../engine/index";

export interface LocalStack {
  stack: Stack;
  /** True when a `local` stack left by an earlier (or killed) run was removed first. */
  replacedEarlier: boolean;
  /** True when that stack was still locked by an interrupted update, which was cancelled. */
  cancelledInterrupted: boolean;
  /**
   * Removes the stack from the backend, keeping the committed stack file. `force` also when it still holds
   * resources (after a failed step: they lived in this run's world, which is gone with it).
   */
  remove(options?: { force?: boolean }): Promise<void>;
}

/**
 * The `local` stack, new for this run: the real program inline, the repository as workspace (provider
 * processes load mailinfra's modules from there), mailinfra's local engine environment (the file backend
 * `.pulumi-state/` unless PULUMI_BACKEND_URL is set, the public passphrase of `local`). A `local` stack already
 * in the backend is removed first, whatever it holds: its resources lived in a world that is gone.
 */
export async function freshLocalStack(
  engine: Engine,
  workDir: string,
  program: PulumiFn,
): Promise<LocalStack> {
  const name = "local";
  const pulumiCommand = await PulumiCommand.get({ root: path.dirname(engine.binDir) });
  const workspace = await LocalWorkspace.create({
    workDir,
    program,
    pulumiCommand,
    envVars: engineEnvironment(engine, name),
  });
  const replacedEarlier = (await workspace.listStacks()).some((s) => s.name === name);
  let cancelledInterrupted = false;
  if (replacedEarlier) {
    try {
      await workspace.removeStack(name, { force: true, preserveConfig: true });
    } catch (error) {
      // An interrupted demo leaves its update's lock behind. No other demo runs in this checkout (the stack
      // file guard refuses that), so the update holding the lock is a dead one: cancel it, then remove.
      if (!/currently locked/.test(String(error))) throw error;
      await (await Stack.select(name, workspace)).cancel();
      await workspace.removeStack(name, { force: true, preserveConfig: true });
      cancelledInterrupted = true;
    }
  }
  const stack = await Stack.create(name, workspace);
  return {
    stack,
    replacedEarlier,
    cancelledInterrupted,
    remove: (options) =>
      workspace.removeStack(name, { force: options?.force ?? false, preserveConfig: true }),
  };
}
