import type * as pulumi from "@pulumi/pulumi";

/**
 * The plain value of a secret from the stack configuration, for the program's own read-only calls (Smartlead's
 * campaign checks, the campaign policy's blocklist key) that must hold it as a string. Configuration values are
 * known in preview too, so this resolves in every run. Never log or return what it gives.
 */
export function revealConfigSecret(secret: pulumi.Output<string>): Promise<string> {
  return new Promise((resolve) => {
    secret.apply((value) => {
      resolve(value);
      return value;
    });
  });
}
