import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import type { LocalWorld } from "../../emulators/local-world";
import { renderHealthTable } from "../../health/report/table";
import { HEALTH_DEDUCTIONS } from "../../health/score";
import type { Deduction, HealthReport } from "../../health/signals";
import { repoRoot } from "../engine/index";

/** Where the demo's HTML health report goes (git-ignored). */
export const DEMO_HEALTH_HTML = path.join(repoRoot, ".tmp", "health", "local.html");

/** What the demo breaks before it runs `npm run health`, and what each must cost (health/score.ts). */
export interface HealthBreakage {
  /** The domain the local world lists on Spamhaus DBL from the start (emulators/local-world.ts). */
  listed: string;
  /** A mailbox whose Smartlead connection the demo breaks (Smartlead's flags, as after a revoked grant). */
  brokenMailbox: string;
  /** A domain whose DKIM record the demo deletes at its registrar. */
  withoutDkim: string;
}

/** The checks the demo expects of the report: each breakage costs exactly its documented points. */
export function expectedDeductions(
  b: HealthBreakage,
): { domain: string; check: Deduction["check"]; points: number }[] {
  return [
    { domain: b.listed, check: "blocklist", points: HEALTH_DEDUCTIONS.domainListed },
    {
      domain: b.brokenMailbox.split("@")[1]!,
      check: "connection",
      points: HEALTH_DEDUCTIONS.connectionBroken,
    },
    { domain: b.withoutDkim, check: "dkim", points: HEALTH_DEDUCTIONS.dkimFail },
  ];
}

/** Problems with the report: an expected deduction missing or of another amount. */
export function deductionProblems(report: HealthReport, b: HealthBreakage): string[] {
  return expectedDeductions(b).flatMap(({ domain, check, points }) => {
    const health = report.domains.find((d) => d.domain === domain);
    if (!health) return [`npm run health did not report ${domain}`];
    const found = health.deductions.filter((d) => d.check === check);
    if (found.length !== 1 || found[0]!.points !== points) {
      return [
        `${domain} should lose ${points} points for ${check}, lost: ${JSON.stringify(health.deductions)}`,
      ];
    }
    return [];
  });
}

/**
 * Breaks what the "Done when" names in the local world — the listing is there from the start; a mailbox's
 * Smartlead connection and a domain's DKIM record at the registrar are broken here — then runs the real
 * `npm run health -- --stack local --json --html <file>`. Resolves with the report, its table (what the command
 * prints without `--json`), and a function that puts the DKIM record back.
 */
export async function runDemoHealth(
  world: LocalWorld,
  b: HealthBreakage,
  env: NodeJS.ProcessEnv,
  /** The slowest resolver's lag: until it sees the deletion, the resolvers disagree and DKIM is `unknown`. */
  settleMs: number,
): Promise<{
  code: number | null;
  report?: HealthReport;
  table?: string;
  stderr: string;
  restore: () => void;
}> {
  world.smartlead.state.markConnectionBroken(b.brokenMailbox);
  const dkimName = `google._domainkey.${b.withoutDkim}`;
  const dkim = world.dns.zones.current().filter((r) => r.name === dkimName && r.type === "TXT");
  world.dns.zones.remove(dkimName, "TXT");
  const restore = () => world.dns.zones.add(...dkim);
  await new Promise((resolve) => setTimeout(resolve, settleMs));

  fs.mkdirSync(path.dirname(DEMO_HEALTH_HTML), { recursive: true });
  const child = spawn(
    "npm",
    ["run", "--silent", "health", "--", "--stack", "local", "--json", "--html", DEMO_HEALTH_HTML],
    { cwd: repoRoot, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] },
  );
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d) => {
    stdout += d;
  });
  child.stderr.on("data", (d) => {
    stderr += d;
  });
  const code = await new Promise<number | null>((resolve, reject) => {
    child.on("error", reject);
    child.on("close", resolve);
  });
  if (code !== 0) return { code, stderr: `${stderr}${stdout}`, restore };
  const report = JSON.parse(stdout) as HealthReport;
  return { code, report, table: renderHealthTable(report), stderr, restore };
}
