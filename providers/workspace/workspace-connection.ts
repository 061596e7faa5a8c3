import { z } from "zod";
import { parseServiceAccountKey } from "./service-account-key";

/**
 * How a Workspace resource reaches Google: the account (customer), the super admin a service account
 * impersonates, the key, and optionally another endpoint (the emulator). Shared by every Workspace
 * resource. A new admin, key or endpoint updates resources in place; only another customer replaces them.
 */
export const workspaceConnectionSchema = z.object({
  /** The Workspace account: its immutable id (`C0xxxxxxx`) or `my_customer`. */
  customerId: z.string().min(1, {
    error:
      "customerId is required (Admin console → Account → Account settings → Customer ID, or my_customer)",
  }),
  /** A super admin of that account; the service account acts as this user. */
  adminEmail: z.email({ error: "adminEmail must be the e-mail address of a Workspace super admin" }),
  /** The service account's JSON key (a secret). */
  serviceAccountKey: z
    .string()
    .min(1, { error: "serviceAccountKey is required (the service account's JSON key, as a secret)" })
    .superRefine((key, ctx) => {
      // Checked at preview time; the message never quotes the key.
      try {
        parseServiceAccountKey(key, "serviceAccountKey");
      } catch (error) {
        ctx.addIssue({ code: "custom", message: (error as Error).message });
      }
    }),
  /** Base URL of Google's APIs; tests point it at the emulator. Unset: Google's own hosts. */
  rootUrl: z.url().optional(),
});

export type WorkspaceConnection = z.infer<typeof workspaceConnectionSchema>;
