import { z } from "zod";

/**
 * The part of the program's `domains` stack output the demo reads (components/program.ts). Parsed, so a
 * change of that output fails the demo with the field's path instead of printing `undefined`.
 */
export const domainsOutputSchema = z.record(
  z.string(),
  z.object({
    dnsHost: z.string(),
    records: z.array(
      z.object({ name: z.string(), type: z.string(), content: z.string(), purpose: z.string() }),
    ),
    ready: z.boolean(),
    secondsToReady: z.number().optional(),
    verified: z.boolean().optional(),
    mailboxes: z.array(
      z.object({
        email: z.string(),
        suspended: z.boolean(),
        smartleadAccountId: z.number().optional(),
        warmup: z
          .object({
            enabled: z.boolean(),
            perDay: z.number(),
            dailyRampup: z.number(),
            replyRate: z.number(),
          })
          .optional(),
      }),
    ),
  }),
);
export type DomainsOutput = z.infer<typeof domainsOutputSchema>;

export function parseDomainsOutput(value: unknown): DomainsOutput {
  const parsed = domainsOutputSchema.safeParse(value);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    throw new Error(
      `the stack output "domains" does not have the shape the demo reads: domains.${first.path.join(".")}: ${first.message}`,
    );
  }
  return parsed.data;
}
