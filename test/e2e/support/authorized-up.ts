import type { Stack, UpOptions, UpResult } from "@pulumi/pulumi/automation";
import type { LocalWorld } from "../../../emulators/local-world";
import { authorizePending } from "../../../emulators/mailbox-sign-in";

export { authorizePending };

/** The two runs a person makes to converge a fleet of OAuth mailboxes, and who was authorized in between. */
export interface AuthorizedUp extends UpResult {
  /** The first `up`: it created the mailboxes and listed them as pending authorization. */
  beforeAuthorization?: UpResult;
  /** The mailboxes that signed in between the two runs. */
  authorized: string[];
}

/**
 * `pulumi up` as a person converges OAuth mailboxes: `up` creates the users and lists those still to
 * authorize (`pendingAuthorizations`); each signs in once at the consent page with its password (read from
 * the secret `mailboxPasswords` output), its refresh token is stored as a secret at
 * `mailinfra:authorizations["<address>"]`, as `npm run authorize` stores it; the next `up` connects them.
 * With nothing pending it is one plain `up`.
 */
export async function upAuthorized(
  stack: Stack,
  world: LocalWorld,
  options?: UpOptions,
): Promise<AuthorizedUp> {
  const first = await stack.up(options);
  const authorized = await authorizePending(stack, world, first);
  if (authorized.length === 0) return { ...first, authorized };
  const second = await stack.up(options);
  return { ...second, beforeAuthorization: first, authorized };
}
