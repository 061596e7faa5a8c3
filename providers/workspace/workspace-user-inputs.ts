import { z } from "zod";
import { gmailImap, gmailSmtp } from "./mailbox-connection";
import { workspaceConnectionSchema } from "./workspace-connection";

/**
 * Inputs of WorkspaceUser. The username rule is Google's (Admin Help, "Username requirements"): letters,
 * numbers, dashes, underscores, apostrophes and periods, no period first, last or twice in a row, at
 * most 64 characters. Names: at most 60 characters (Directory API `name.givenName/familyName`).
 */

const usernamePattern = /^[a-z0-9_'-](?:[a-z0-9_.'-]{0,62}[a-z0-9_'-])?$/;

export const primaryEmailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .refine((email) => /^[^@\s]+@[a-z0-9-]+(\.[a-z0-9-]+)+$/.test(email), {
    error: "primaryEmail must be username@domain",
  })
  .refine(
    (email) => {
      const local = email.split("@")[0] ?? "";
      return usernamePattern.test(local) && !local.includes("..");
    },
    {
      error:
        "the username may use letters, numbers, dashes (-), underscores (_), apostrophes (') and periods (.), must not start or end with a period or contain two in a row, and is at most 64 characters",
    },
  );

const personName = (field: string) =>
  z
    .string()
    .trim()
    .min(1, { error: `${field} is required` })
    .max(60, { error: `${field} is at most 60 characters (Google's limit)` });

export const workspaceUserInputsSchema = workspaceConnectionSchema.extend({
  primaryEmail: primaryEmailSchema,
  firstName: personName("firstName"),
  lastName: personName("lastName"),
  orgUnit: z
    .string()
    .trim()
    .refine((path) => path.startsWith("/"), {
      error: 'orgUnit is a path that starts with "/", e.g. "/" or "/Sales"',
    })
    .default("/"),
  adopt: z.boolean().default(false),
  onDelete: z.enum(["suspend", "delete"], { error: 'onDelete is "suspend" or "delete"' }).default("suspend"),
  /** `<organization>/<project>/<stack>` of the stack that manages the mailbox; recorded on the user. */
  managedBy: z.string().min(1).optional(),
  smtpHost: z.string().min(1).default(gmailSmtp.host),
  smtpPort: z.number().int().min(1).max(65535).default(gmailSmtp.port),
  imapHost: z.string().min(1).default(gmailImap.host),
  imapPort: z.number().int().min(1).max(65535).default(gmailImap.port),
});

export type WorkspaceUserInputs = z.infer<typeof workspaceUserInputsSchema>;
