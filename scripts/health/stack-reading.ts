import { z } from "zod";
import type { MailinfraConfig } from "../../components/config/schema";
import {
  pulumiCli,
  type StackConfiguration,
  StackConfigurationUnreadable,
  stackConfiguration,
} from "../authorize/pulumi-cli";

/** The part of the `domains` stack output (components/program.ts) the health checks read. */
export const healthDomainsOutputSchema = z.record(
  z.string(),
  z.object({
    records: z.array(
      z.object({ name: z.string(), type: z.string(), content: z.string(), purpose: z.string() }),
    ),
    mailboxes: z.array(
      z.object({
        // A mailbox whose domain did not converge has no email yet (components/unconverged.ts).
        email: z.string().optional(),
        smartleadAccountId: z.number().optional(),
      }),
    ),
  }),
);
export type HealthDomainsOutput = z.infer<typeof healthDomainsOutputSchema>;

/** A stack that cannot be read the way `npm run health` needs: exit 2 with what to do. */
export class StackReadError extends Error {
  constructor(problem: string, fix: string) {
    super(`${problem}\nFix: ${fix}`);
    this.name = "StackReadError";
  }
}

/** The stack's `domains` output: `pulumi stack output domains --json`. */
export async function readDomainsOutput(stack: string): Promise<HealthDomainsOutput> {
  const run = await pulumiCli(["stack", "output", "domains", "--json"], stack);
  if (run.code !== 0) {
    const said = (run.stderr.trim() || run.stdout.trim()).split("\n").slice(-3).join(" ");
    throw new StackReadError(
      `could not read the "domains" output of stack ${stack}: ${said}`,
      `check the stack name and PULUMI_BACKEND_URL (npm run pulumi -- stack ls lists the stacks), and run npm run pulumi -- up --stack ${stack} once so it has outputs`,
    );
  }
  const parsed = healthDomainsOutputSchema.safeParse(JSON.parse(run.stdout || "null"));
  if (!parsed.success) {
    const first = parsed.error.issues[0]!;
    throw new StackReadError(
      `the "domains" output of stack ${stack} is not the shape mailinfra writes: domains.${first.path.join(".")}: ${first.message}`,
      `run npm run pulumi -- up --stack ${stack} with this version of mailinfra so the outputs are rewritten`,
    );
  }
  return parsed.data;
}

/** The stack's configuration as the program reads it, and the errors that make it unusable. */
export async function readHealthConfig(stack: string): Promise<MailinfraConfig> {
  let read: StackConfiguration;
  try {
    read = await stackConfiguration(stack);
  } catch (error) {
    if (!(error instanceof StackConfigurationUnreadable)) throw error;
    throw new StackReadError(
      error.message,
      "check the stack name, PULUMI_BACKEND_URL and the stack's secrets provider (PULUMI_CONFIG_PASSPHRASE, a KMS login)",
    );
  }
  const { config, issues } = read;
  const errors = issues.filter((i) => i.severity === "error");
  if (config === undefined || errors.length > 0) {
    throw new StackReadError(
      `the configuration of stack ${stack} has errors:\n${errors.map((i) => `  ${i.path}: ${i.message}. ${i.fix}`).join("\n")}`,
      `fix them in stacks/Pulumi.${stack}.yaml (npm run pulumi -- preview --stack ${stack} shows them too)`,
    );
  }
  return config;
}
