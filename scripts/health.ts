#!/usr/bin/env node
/**
 * `npm run health -- --stack S [--json] [--html FILE] [--fail-under SCORE] [--fail-on-listing]`: read-only.
 * Reads the stack's `domains` output and its configuration through the Pulumi CLI (any backend), checks every
 * domain — DNS authentication through the readiness resolvers, blocklists, Smartlead per mailbox, DMARC
 * aggregate reports when the stack declares a reports mailbox — scores it (health/score.ts) and prints the
 * table, or the whole report as JSON; `--html` also writes the self-contained HTML report.
 * Exit 0: ok; 1: `--fail-under` or `--fail-on-listing` not met (each reason on stderr); 2: bad usage or
 * configuration (the flag or config path, and the fix); 3: the run itself failed (an unexpected error, with its stack).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { renderHealthHtml } from "../health/report/html";
import { renderHealthJson } from "../health/report/json";
import { renderHealthTable } from "../health/report/table";
import { scoreDomain } from "../health/score";
import type { HealthReport } from "../health/signals";
import { HealthUsageError, readHealthFlags } from "./health/command-line";
import { healthVerdict } from "./health/exit-code";
import { stackHealthChecks } from "./health/health-checks";
import { stackDomains } from "./health/stack-domains";
import { readDomainsOutput, readHealthConfig, StackReadError } from "./health/stack-reading";
import { gatherStackSignals } from "./health/stack-signals";

async function main(): Promise<number> {
  const flags = readHealthFlags(process.argv.slice(2), process.env);
  const [config, output] = await Promise.all([readHealthConfig(flags.stack), readDomainsOutput(flags.stack)]);
  const checks = await stackHealthChecks(config, flags);
  const generatedAt = new Date().toISOString();
  const signals = await gatherStackSignals(stackDomains(config, output), checks, flags);
  const report: HealthReport = { stack: flags.stack, generatedAt, domains: signals.map(scoreDomain) };

  process.stdout.write(flags.json ? renderHealthJson(report) : renderHealthTable(report));
  if (flags.html) {
    const file = path.resolve(flags.html);
    try {
      fs.writeFileSync(file, renderHealthHtml(report));
    } catch (error) {
      throw new HealthUsageError(
        `--html ${flags.html}: the report cannot be written (${(error as NodeJS.ErrnoException).code ?? String(error)})`,
        "name a file in a directory that exists and you may write to, e.g. --html health.html",
      );
    }
    // stdout stays pure JSON with --json.
    (flags.json ? process.stderr : process.stdout).write(`HTML report: ${file}\n`);
  }
  const verdict = healthVerdict(report, flags);
  for (const reason of verdict.reasons) process.stderr.write(`${reason}\n`);
  return verdict.code;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    // 2: the command line or the stack cannot be used as given; 3: the run itself failed (a bug, say so).
    const usage = error instanceof HealthUsageError || error instanceof StackReadError;
    process.stderr.write(`${usage ? error.message : error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(usage ? 2 : 3);
  },
);
