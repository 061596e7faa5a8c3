import { z } from "zod";
import { usernameProblem } from "../../components/validation/mailbox-names";
import { gmailImap, gmailSmtp } from "./mailbox-connection";
import { workspaceConnectionSchema } from "./workspace-connection";

/**
 * Inputs of WorkspaceUser. The username rule is Google's, owned by the config's check (`usernameProblem`,
 * components/validation/mailbox-names.ts). Names: at most 60 characters (Directory API
 * `name.givenName/familyName`).
 */

export const primaryEmailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .refine((email) => /^[^@\s]+@[a-z0-9-]+(\.[a-z0-9-]+)+$/.test(email), {
    error: "primaryEmail must be username@domain",
  })
  .superRefine((email, ctx) => {
    // The config's rule (checked at preview), so the provider refuses exactly what preview refuses.
    const username = usernameProblem(email.split("@")[0] ?? "");
    if (username)
      ctx.addIssue({ code: "custom", message: `the username ${username.problem}. ${username.fix}` });
  });

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
