import type * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { CREDENTIAL_SOURCES, missingCredentialFailures, stackCredentials } from "../credentials";
import { parseServiceAccountKey } from "./service-account-key";

/**
 * How a Workspace resource reaches Google: the account (customer), the super admin a service account
 * impersonates, and optionally another endpoint (the emulator). Shared by every Workspace resource. A new admin or
 * endpoint updates resources in place; only another customer replaces them. The service account's key is no input:
 * the provider process holds it once, from the stack configuration (../credentials.ts), so rotating it changes no
 * resource.
 */
export const workspaceConnectionSchema = z.object({
  /** The Workspace account: its immutable id (`C0xxxxxxx`) or `my_customer`. */
  customerId: z.string().min(1, {
    error:
      "customerId is required (Admin console → Account → Account settings → Customer ID, or my_customer)",
  }),
  /** A super admin of that account; the service account acts as this user. */
  adminEmail: z.email({ error: "adminEmail must be the e-mail address of a Workspace super admin" }),
  /** Base URL of Google's APIs; tests point it at the emulator. Unset: Google's own hosts. */
  rootUrl: z.url().optional(),
});

export type WorkspaceConnection = z.infer<typeof workspaceConnectionSchema> & {
  /**
   * The key a resource created before keys were held once stored in its own outputs: used by its refresh and
   * destroy only when the process holds no key of the stack's (../credentials.ts `credential`).
   */
  serviceAccountKey?: string;
};

/**
 * A Workspace resource's `check`, with the key the process holds checked too: missing, or not a service-account key
 * (the message never quotes it). At preview, before anything is created.
 */
export function withServiceAccountKeyCheck(result: pulumi.dynamic.CheckResult): pulumi.dynamic.CheckResult {
  const keyFailures = serviceAccountKeyFailures();
  if (keyFailures.length === 0) return result;
  return { inputs: result.inputs, failures: [...(result.failures ?? []), ...keyFailures] };
}

function serviceAccountKeyFailures(): pulumi.dynamic.CheckFailure[] {
  const missing = missingCredentialFailures("serviceAccountKey");
  const key = stackCredentials.current().serviceAccountKey;
  if (missing.length > 0 || key === undefined) return missing;
  try {
    parseServiceAccountKey(key, CREDENTIAL_SOURCES.serviceAccountKey.path);
    return [];
  } catch (error) {
    return [{ property: "", reason: (error as Error).message }];
  }
}
