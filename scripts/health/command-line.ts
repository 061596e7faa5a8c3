/**
 * Reading `npm run health -- --stack S [--json] [--html FILE] [--fail-under SCORE] [--fail-on-listing]
 * [--warmup-stats-limit N] [--concurrency N]`: Node's own argument parser for the shape, zod for the values.
 */
import { parseArgs } from "node:util";
import { z } from "zod";

export const HEALTH_USAGE =
  "Usage: npm run health -- --stack <stack> [--json] [--html <file>] [--fail-under <0-100>] [--fail-on-listing] [--warmup-stats-limit <n>] [--concurrency <n>]";

/** Domains checked at once when `--concurrency` is not given. */
export const DEFAULT_HEALTH_CONCURRENCY = 8;

/** A command line `npm run health` cannot run with: exit 2, naming the flag and the fix. */
export class HealthUsageError extends Error {
  constructor(problem: string, fix: string) {
    super(`${problem}\nFix: ${fix}\n${HEALTH_USAGE}`);
    this.name = "HealthUsageError";
  }
}

const wholeNumber = (flag: string, min: number, max: number) =>
  z.coerce
    .number({ error: `${flag} must be a number` })
    .int({ error: `${flag} must be a whole number` })
    .min(min, { error: `${flag} must be at least ${min}` })
    .max(max, { error: `${flag} must be at most ${max}` });

const healthFlagsSchema = z.strictObject({
  /** The stack whose domains are checked. */
  stack: z.string().trim().min(1, { error: "--stack needs a stack name" }),
  /** Print the whole HealthReport as JSON instead of the table. */
  json: z.boolean().default(false),
  /** Also write the HTML report to this file. */
  html: z.string().trim().min(1, { error: "--html needs a file name" }).optional(),
  /** Exit 1 when some domain scores below this. */
  failUnder: wholeNumber("--fail-under", 0, 100).optional(),
  /** Exit 1 when anything is listed on a blocklist. */
  failOnListing: z.boolean().default(false),
  /** Warmup-stats calls this run may make (P3's budget); undefined: its default. */
  warmupStatsLimit: wholeNumber("--warmup-stats-limit", 0, 100_000).optional(),
  /** Domains checked at once. */
  concurrency: wholeNumber("--concurrency", 1, 64).default(DEFAULT_HEALTH_CONCURRENCY),
});

/** What `npm run health` was asked to do. */
export type HealthFlags = z.output<typeof healthFlagsSchema>;

const FLAG_NAMES: Record<string, string> = {
  stack: "--stack",
  html: "--html",
  failUnder: "--fail-under",
  warmupStatsLimit: "--warmup-stats-limit",
  concurrency: "--concurrency",
};

/** Reads the command line; throws HealthUsageError naming the flag and the fix. */
export function readHealthFlags(args: readonly string[], env: NodeJS.ProcessEnv = {}): HealthFlags {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: [...args],
      strict: true,
      allowPositionals: false,
      options: {
        stack: { type: "string", short: "s" },
        json: { type: "boolean" },
        html: { type: "string" },
        "fail-under": { type: "string" },
        "fail-on-listing": { type: "boolean" },
        "warmup-stats-limit": { type: "string" },
        concurrency: { type: "string" },
      },
    }));
  } catch (error) {
    const message = error instanceof Error ? error.message.split("\n")[0] : String(error);
    throw new HealthUsageError(message, "write the flags as the usage line below shows");
  }
  const stack = values.stack ?? env.PULUMI_STACK;
  if (stack === undefined) {
    throw new HealthUsageError("--stack is missing", "name the stack: npm run health -- --stack <stack>");
  }
  const parsed = healthFlagsSchema.safeParse({
    stack,
    json: values.json,
    html: values.html,
    failUnder: values["fail-under"],
    failOnListing: values["fail-on-listing"],
    warmupStatsLimit: values["warmup-stats-limit"],
    concurrency: values.concurrency,
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const flag = FLAG_NAMES[String(issue.path[0])] ?? `--${String(issue.path[0])}`;
    const given = values[flag.slice(2)];
    throw new HealthUsageError(
      given === undefined ? issue.message : `${issue.message} (got ${JSON.stringify(given)})`,
      `give ${flag} a valid value, e.g. ${flag === "--fail-under" ? "--fail-under 70" : flag === "--html" ? "--html health.html" : `${flag} 8`}`,
    );
  }
  return parsed.data;
}
