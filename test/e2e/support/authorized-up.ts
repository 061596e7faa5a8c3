import type { Stack, UpOptions, UpResult } from "@pulumi/pulumi/automation";
import { authorizationPath } from "../../../components/config/authorizations";
import type { PendingAuthorization } from "../../../components/program";
import type { LocalWorld } from "../../../emulators/local-world";
import { consentTokens } from "./consent";

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

/**
 * What a person does between two runs: each mailbox `run` lists in `pendingAuthorizations` signs in once
 * with its password (the secret `mailboxPasswords` output), and its refresh token is stored as a secret at
 * `mailinfra:authorizations["<address>"]`, as `npm run authorize` stores it. Resolves with their addresses.
 */
export async function authorizePending(stack: Stack, world: LocalWorld, run: UpResult): Promise<string[]> {
  const pending = (run.outputs.pendingAuthorizations?.value ?? []) as PendingAuthorization[];
  if (pending.length === 0) return [];
  const passwords = run.outputs.mailboxPasswords?.value as Record<string, string> | undefined;
  if (!run.outputs.mailboxPasswords?.secret || !passwords) {
    throw new Error("the stack has no secret mailboxPasswords output to sign in with");
  }
  const tokens = await consentTokens(
    world,
    Object.fromEntries(pending.map(({ address }) => [address, passwords[address]!])),
  );
  for (const [address, token] of Object.entries(tokens)) {
    await stack.setConfig(authorizationPath(address), { value: token, secret: true }, true);
  }
  return Object.keys(tokens);
}
