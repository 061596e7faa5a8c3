import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { smartleadMailboxSignals } from "../health/smartlead-mailboxes";
import { DEFAULT_WARMUP_STATS_PER_RUN } from "../health/warmup-stats-budget";
import { SmartleadClient } from "../providers/smartlead/smartlead-client";
import { startBenchWorld } from "./bench-world";
import type { ScaledWorld } from "./world-spec";

/**
 * `npm run bench -- --health [--health-sizes 200,500] [--health-runs 2]`: the Smartlead part of `npm run health`
 * (smartleadMailboxSignals, the only part that spends a rate-limited key per mailbox) against the scaled bench
 * world: Smartlead's minute, hour and second enforced by the emulator, 80–250 ms latency, all × scale. The fleet's
 * accounts (domains × 3 mailboxes) are put into the emulator as `up` leaves them; the run reads them as the health
 * command does, with mailinfra's client budget on the scaled clock and a rate-budget ledger of its own. Consecutive
 * runs (`--health-runs`) share the key's hour, as nightly runs after an `up` would share it. Reported per run: wall
 * time, Smartlead calls by endpoint, 429s, mailboxes with their 7 days, mailboxes left for a later run.
 */
export interface HealthBenchRun {
  domains: number;
  mailboxes: number;
  run: number;
  wallMs: number;
  /** Real-clock equivalent: wall ÷ scale (latencies and rate-limit waits scale; the code's CPU does not). */
  realClockEquivalentMs: number;
  calls: Record<string, number>;
  rateLimited: number;
  warmupFetched: number;
  notFetchedBudget: number;
  otherUnknown: number;
}

export async function runHealthBench(
  spec: ScaledWorld,
  options: { sizes: number[]; runs: number; out: string; log: (line: string) => void },
): Promise<HealthBenchRun[]> {
  const results: HealthBenchRun[] = [];
  const savedBudgetDir = process.env.MAILINFRA_RATE_BUDGET_DIR;
  for (const domains of options.sizes) {
    const budgetDir = fs.mkdtempSync(path.join(os.tmpdir(), "mailinfra-bench-health-budget-"));
    process.env.MAILINFRA_RATE_BUDGET_DIR = budgetDir;
    const bw = await startBenchWorld(spec);
    try {
      const smartlead = bw.world.smartlead;
      const mailboxes = [];
      for (let d = 1; d <= domains; d++) {
        for (const person of ["ana", "bo", "cy"]) {
          const account = smartlead.state.addAccount({
            fromEmail: `${person}@send${String(d).padStart(3, "0")}.bench.test`,
          });
          smartlead.state.ui.addToCampaign(bw.campaignId, account.id);
          mailboxes.push({ address: account.fromEmail, smartleadAccountId: account.id });
        }
      }
      const client = new SmartleadClient({
        apiKey: smartlead.apiKey,
        baseUrl: smartlead.baseUrl,
        rateLimit: spec.smartleadClientBudget,
      });
      for (let run = 1; run <= options.runs; run++) {
        const from = smartlead.state.calls.length;
        const started = performance.now();
        const signals = await smartleadMailboxSignals(client, mailboxes, {
          // The health run's patience for one slot is the client's minute, on the scaled clock.
          maxWaitMs: spec.smartleadClientBudget.intervalMs,
        });
        const wallMs = performance.now() - started;
        const calls: Record<string, number> = {};
        let rateLimited = 0;
        for (const call of smartlead.state.calls.slice(from)) {
          calls[call.route] = (calls[call.route] ?? 0) + 1;
          if (call.status === 429) rateLimited += 1;
        }
        const result: HealthBenchRun = {
          domains,
          mailboxes: mailboxes.length,
          run,
          wallMs: Math.round(wallMs),
          realClockEquivalentMs: Math.round(wallMs / spec.scale),
          calls,
          rateLimited,
          warmupFetched: signals.filter((s) => s.warmup.days.length > 0).length,
          notFetchedBudget: signals.filter((s) => s.warmup.detail.includes("not fetched this run: budget"))
            .length,
          otherUnknown: signals.filter(
            (s) =>
              s.smtp.state === "unknown" ||
              (s.warmup.verdict === "unknown" && !s.warmup.detail.includes("budget")),
          ).length,
        };
        options.log(healthLine(result));
        results.push(result);
      }
    } finally {
      await bw.stop();
      fs.rmSync(budgetDir, { recursive: true, force: true });
      if (savedBudgetDir === undefined) delete process.env.MAILINFRA_RATE_BUDGET_DIR;
      else process.env.MAILINFRA_RATE_BUDGET_DIR = savedBudgetDir;
    }
  }
  fs.mkdirSync(options.out, { recursive: true });
  const file = path.join(options.out, "health-smartlead.json");
  fs.writeFileSync(
    file,
    `${JSON.stringify({ generatedAt: new Date().toISOString(), scale: spec.scale, warmupStatsPerRun: DEFAULT_WARMUP_STATS_PER_RUN, results }, null, 2)}\n`,
  );
  options.log(`health bench results: ${file}`);
  return results;
}

/** One line per run, as the bench prints it. */
export function healthLine(r: HealthBenchRun): string {
  const total = Object.values(r.calls).reduce((a, b) => a + b, 0);
  const byRoute = Object.entries(r.calls)
    .map(([route, n]) => `${n} ${route}`)
    .join(", ");
  return (
    `health (Smartlead) ${r.domains} domains × 3 = ${r.mailboxes} mailboxes, run ${r.run}: ${(r.wallMs / 1000).toFixed(1)} s ` +
    `(≈ ${(r.realClockEquivalentMs / 60_000).toFixed(1)} min on the real clock), ${total} calls (${byRoute}), ` +
    `${r.rateLimited} × 429; 7 days for ${r.warmupFetched}, ${r.notFetchedBudget} left for a later run (budget), ` +
    `${r.otherUnknown} unknown otherwise`
  );
}
