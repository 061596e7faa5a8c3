import type { Stack } from "@pulumi/pulumi/automation";
import type { LocalWorld } from "../../../emulators/local-world";
import { type DomainEntry, fleet } from "../../support/fleet";
import { type TestStack, testStack } from "../../support/stack";
import { mailinfraProgram } from "./program";

/** A throwaway stack of the real program, pointed at the local world, declaring `domains`. */
export function localStack(
  world: LocalWorld,
  domains: DomainEntry[],
  options: { exportPasswords?: boolean } = {},
): Promise<TestStack> {
  return testStack({
    program: mailinfraProgram(options),
    config: { ...world.stackConfig(), ...fleet(...domains) },
  });
}

/** Edits `mailinfra:domains`, as a person editing the stack YAML between two runs. */
export async function declareDomains(stack: Stack, domains: DomainEntry[]): Promise<void> {
  await stack.setAllConfig(fleet(...domains));
}
