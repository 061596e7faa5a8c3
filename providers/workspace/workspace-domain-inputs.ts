import { z } from "zod";
import { hostnameProblem } from "../../components/config/domain-name";
import { workspaceConnectionSchema } from "./workspace-connection";

/** Inputs of WorkspaceDomain and WorkspaceDomainVerification. */

export const domainNameSchema = z
  .string()
  .trim()
  .toLowerCase()
  .superRefine((name, ctx) => {
    // The config's domain-name rule, so a name preview accepts is one this provider accepts.
    const problem = hostnameProblem(name);
    if (problem)
      ctx.addIssue({ code: "custom", message: `domain "${name}" is not a domain name: it ${problem}` });
  });

export const workspaceDomainInputsSchema = workspaceConnectionSchema.extend({
  domain: domainNameSchema,
  onDelete: z.enum(["retain", "remove"], { error: 'onDelete is "retain" or "remove"' }).default("retain"),
});

export type WorkspaceDomainInputs = z.infer<typeof workspaceDomainInputsSchema>;

export const workspaceDomainVerificationInputsSchema = workspaceConnectionSchema.extend({
  domain: domainNameSchema,
  /** The TXT value WorkspaceDomain obtained and the DNS host published. */
  verificationToken: z.string().startsWith("google-site-verification=", {
    error: "verificationToken must be the google-site-verification=... value from WorkspaceDomain",
  }),
  /** Only orders this resource after the readiness gate; its value is not used. */
  readinessToken: z.unknown().optional(),
  /** How long to keep asking Google while its resolvers do not see the TXT record yet. */
  waitSeconds: z.number().min(0).max(3600).default(600),
  /** Longest pause between two asks; they start at 1 s and double (workspace-domain-verification-wait.ts). */
  pollSeconds: z.number().min(0.01).max(300).default(15),
});

export type WorkspaceDomainVerificationInputs = z.infer<typeof workspaceDomainVerificationInputsSchema>;
