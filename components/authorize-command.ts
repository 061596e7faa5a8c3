import * as pulumi from "@pulumi/pulumi";

/**
 * The command a person runs to authorize the stack's OAuth mailboxes (scripts/authorize.ts), as printed in
 * warnings, stack outputs and provider messages: with the running stack's name when there is one.
 */
export function authorizeCommand(stack: string = currentStack()): string {
  return `npm run authorize -- --stack ${stack}`;
}

function currentStack(): string {
  try {
    return pulumi.getStack() || "<stack>";
  } catch {
    return "<stack>";
  }
}
