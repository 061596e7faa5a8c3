/**
 * `npm run fleet -- <preview|up|refresh|cancel> --stacks <a,b | 'agency-*'> [--max-parallel N] [pulumi flags]`:
 * the same command on every stack of a fleet, as `npm run pulumi -- <command> --stack <S> <flags>`, several at
 * once, each output line prefixed `[S] `, and a summary at the end. Before any stack runs, the fleet is
 * refused when a domain is declared in two stacks or moves between stacks in one go, checked against every
 * stack file of the project (and, for preview and up, each such stack's state), not only the named ones.
 * Exits non-zero iff a stack failed (or nothing ran).
 */
import { FleetUsageError, readFleetCommandLine } from "./fleet/command-line";
import { StateReadError } from "./fleet/held-domains";
import { FleetRefusedError, fleetSummary, runFleet } from "./fleet/run-fleet";
import { FleetSelectionError } from "./fleet/stack-files";

async function main(): Promise<number> {
  const line = readFleetCommandLine(process.argv.slice(2));
  const stop = new AbortController();
  process.on("SIGINT", () => stop.abort("SIGINT"));
  process.on("SIGTERM", () => stop.abort("SIGTERM"));
  const result = await runFleet(line, { signal: stop.signal });
  console.log(`\n${fleetSummary(line.command, result)}`);
  return result.ok ? 0 : 1;
}

const expected = [FleetUsageError, FleetSelectionError, FleetRefusedError, StateReadError];

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(
      expected.some((type) => err instanceof type) ? err.message : err instanceof Error ? err.stack : err,
    );
    process.exit(2);
  },
);
