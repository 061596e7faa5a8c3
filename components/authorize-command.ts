import * as pulumi from "@pulumi/pulumi";
import { runsAsInstalledPackage } from "../providers/installed-package";

/**
 * The command a person runs to authorize the stack's OAuth mailboxes (scripts/authorize.ts), as printed in
 * warnings, stack outputs, configuration errors and provider messages: with the running stack's name when there
 * is one. In this checkout it is the repository's npm script; where mailinfra is an installed package it is the
 * package's `mailinfra-authorize` bin, which npx runs from the consumer's locally installed package executables
 * (https://docs.npmjs.com/cli/v11/commands/npx).
 */
export function authorizeCommand(
  stack: string = currentStack(),
  installed: boolean = runsAsInstalledPackage,
): string {
  return installed ? `npx mailinfra-authorize --stack ${stack}` : `npm run authorize -- --stack ${stack}`;
}

/**
 * A Pulumi CLI command as a person types it beside the authorize command: this checkout's `npm run pulumi`
 * (its engine, its local backend), or the consumer's own `pulumi` where mailinfra is an installed package.
 * @example pulumiCommand("up --stack dev") // "npm run pulumi -- up --stack dev" in this checkout
 */
export function pulumiCommand(args: string, installed: boolean = runsAsInstalledPackage): string {
  return installed ? `pulumi ${args}` : `npm run pulumi -- ${args}`;
}

function currentStack(): string {
  try {
    return pulumi.getStack() || "<stack>";
  } catch {
    return "<stack>";
  }
}
