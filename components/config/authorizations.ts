import type * as pulumi from "@pulumi/pulumi";
import { configPath } from "./issue";
import type { Authorizations } from "./schema";

/**
 * `mailinfra:authorizations` is keyed by mailbox address as the authorize command writes it (lower case);
 * a key typed by hand in another case still names the same mailbox.
 */
export function authorizationKey(address: string): string {
  return address.trim().toLowerCase();
}

/** The mailbox's refresh token (a secret Output), or undefined when it has not been authorized yet. */
export function refreshTokenFor(
  authorizations: Authorizations,
  address: string,
): pulumi.Output<string> | undefined {
  const wanted = authorizationKey(address);
  for (const [key, token] of Object.entries(authorizations)) {
    if (authorizationKey(key) === wanted) return token;
  }
  return undefined;
}

/** `mailinfra:authorizations["ana@x.test"]`, the path `pulumi config set --path` takes. */
export function authorizationPath(address: string): string {
  return configPath(["authorizations", address]);
}
