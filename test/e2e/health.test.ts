import { generateKeyPairSync } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LocalWorld, startLocalWorld } from "../../emulators/local-world";
import { HEALTH_DEDUCTIONS } from "../../health/score";
import type { HealthReport } from "../../health/signals";
import { type SendingDomain, sendingDomain } from "../support/fleet";
import type { TestStack } from "../support/stack";
import { upAuthorized } from "./support/authorized-up";
import { type CliRun, npmRun } from "./support/cli";
import { localStack } from "./support/local-stack";

/**
 * `npm run health -- --stack S ...` typed as a user types it, on a stack whose domains converged in the local
 * world: all healthy first, then the "Done when" — a domain listed on Spamhaus DBL (the DNS emulator's
 * DNSBL zone), a mailbox whose Smartlead connection broke (the emulator's flags) and a DKIM record deleted at
 * the registrar each lower their domain's score by exactly the amount health/score.ts documents, and show in the
 * table, the JSON and the HTML report.
 */

const LISTED = "health-listed.test";
const BROKEN = "health-broken.test";
const NO_DKIM = "health-nodkim.test";

function dkimPublicKey(): string {
  const { publicKey } = generateKeyPairSync("rsa", { modulusLength: 1024 });
  return publicKey.export({ type: "spki", format: "der" }).toString("base64");
}

/** A domain as a careful team declares it: DKIM key pasted, DMARC enforcing, Smartlead's tracking domain. */
function healthyDomain(name: string): SendingDomain {
  return {
    ...sendingDomain(name, { mailboxes: 1 }),
    dkim: { publicKey: dkimPublicKey() },
    dmarc: { p: "quarantine", rua: [`mailto:dmarc@${name}`] },
    tracking: { provider: "smartlead" },
  };
}

let world: LocalWorld;
let t: TestStack;
let dir: string;

beforeAll(async () => {
  world = await startLocalWorld({ resolverLagsMs: [0, 200] });
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "mailinfra-health-"));
  t = await localStack(world, [healthyDomain(LISTED), healthyDomain(BROKEN), healthyDomain(NO_DKIM)]);
  await upAuthorized(t.stack, world, { color: "never", onEvent: world.registrar(200) });
}, 600_000);

afterAll(async () => {
  await t?.dispose();
  await world?.stop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
}, 600_000);

function health(args: string[]): Promise<CliRun> {
  return npmRun("health", ["--stack", t.name, ...args], {
    env: { PULUMI_BACKEND_URL: `file://${t.backendDir}` },
  });
}

/** The JSON report of a `--json` run (stdout holds only it; stderr lines come after). */
/** The report `--json` printed: stdout holds the JSON and nothing else (README: `npm run --silent health … > file`). */
function reportOf(run: CliRun): HealthReport {
  return JSON.parse(run.stdout) as HealthReport;
}

/** The table's row of a domain: `<domain>  <score>  <status>  <deductions>`. */
function tableRow(output: string, domain: string): string[] {
  const row = output.split("\n").find((line) => line.startsWith(`${domain} `));
  if (!row) throw new Error(`no row for ${domain} in:\n${output}`);
  return row.trim().split(/\s{2,}/);
}

const escapeHtml = (text: string) =>
  text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");

describe("npm run health", () => {
  let baseline: HealthReport;

  it("on converged domains: exit 0, every domain healthy, the table and the JSON agree", async () => {
    const json = await health(["--json"]);
    expect(json.code, json.output).toBe(0);
    baseline = reportOf(json);
    expect(baseline.stack).toBe(t.name);
    expect(baseline.domains.map((d) => d.domain)).toEqual([LISTED, BROKEN, NO_DKIM]);
    for (const d of baseline.domains) {
      expect(d, JSON.stringify(d.deductions)).toMatchObject({
        score: 100,
        status: "healthy",
        deductions: [],
      });
      expect(d.signals.dns.spf).toMatchObject({ verdict: "pass", lookups: 4 });
      expect(d.signals.dns.dkim.verdict).toBe("pass");
      expect(d.signals.dns.tracking?.verdict).toBe("pass");
      expect(d.signals.mailboxes).toHaveLength(1);
      expect(d.signals.mailboxes[0]).toMatchObject({
        smtp: { state: "connected" },
        imap: { state: "connected" },
      });
      expect(d.signals.blocklists.find((f) => f.list === "Spamhaus DBL" && f.role === "domain")?.status).toBe(
        "clean",
      );
    }

    const table = await health([]);
    expect(table.code, table.output).toBe(0);
    // The stack's credentials are read decrypted, and never printed.
    const privateKey = (JSON.parse(world.serviceAccountKey) as { private_key: string }).private_key;
    for (const output of [json.output, table.output]) {
      expect(output).not.toContain(world.smartlead.apiKey);
      expect(output).not.toContain(privateKey.split("\n")[1]);
    }
    for (const d of baseline.domains) {
      expect(tableRow(table.output, d.domain).slice(0, 4)).toEqual([
        d.domain,
        String(d.score),
        d.status,
        "none",
      ]);
      const mailbox = d.signals.mailboxes[0]!;
      expect(table.output).toContain(`  ${mailbox.address}  SMTP connected  IMAP connected  warmup ACTIVE`);
    }
  }, 300_000);

  it("a listing, a broken connection and a deleted DKIM record each cost exactly their documented points, in all three outputs", async () => {
    const D = HEALTH_DEDUCTIONS;
    world.dnsbl.list("Spamhaus DBL", LISTED);
    world.smartlead.state.markConnectionBroken(`ana@${BROKEN}`);
    world.dns.zones.remove(`google._domainkey.${NO_DKIM}`, "TXT");

    const file = path.join(dir, "report.html");
    const run = await health(["--json", "--html", file]);
    expect(run.code, run.output).toBe(0);
    expect(run.output).toContain(`HTML report: ${file}`);
    const report = reportOf(run);
    const before = new Map(baseline.domains.map((d) => [d.domain, d.score]));
    const after = new Map(report.domains.map((d) => [d.domain, d]));
    const expected: [string, number, string][] = [
      [LISTED, D.domainListed, "blocklist"],
      [BROKEN, D.connectionBroken, "connection"],
      [NO_DKIM, D.dkimFail, "dkim"],
    ];
    const table = await health([]);
    const html = fs.readFileSync(file, "utf8");
    for (const [domain, points, check] of expected) {
      const health = after.get(domain)!;
      expect(health.score, JSON.stringify(health.deductions)).toBe(before.get(domain)! - points);
      expect(health.deductions).toEqual([expect.objectContaining({ points, check })]);
      const reason = health.deductions[0]!.reason;
      expect(tableRow(table.output, domain).slice(1)).toEqual([
        String(health.score),
        health.status,
        `-${points} ${check}`,
      ]);
      expect(table.output).toContain(`  -${points} ${check}: ${reason}`);
      expect(html).toContain(escapeHtml(reason));
    }
    expect(after.get(LISTED)?.status).toBe("critical");
    expect(after.get(LISTED)?.signals.blocklists).toContainEqual(
      expect.objectContaining({ list: "Spamhaus DBL", target: LISTED, status: "listed" }),
    );
    expect(after.get(BROKEN)?.signals.mailboxes[0]?.smtp.state).not.toBe("connected");
    expect(table.output).toMatch(new RegExp(`ana@${BROKEN}  SMTP (?!connected)`));
    expect(after.get(NO_DKIM)?.signals.dns.dkim).toMatchObject({ verdict: "fail" });
  }, 300_000);

  it("--fail-on-listing and --fail-under exit 1 naming the reason; bad flags exit 2 naming the flag", async () => {
    const listed = await health(["--fail-on-listing"]);
    expect(listed.code).toBe(1);
    expect(listed.output).toContain(`${LISTED} (${LISTED}) is listed on Spamhaus DBL (--fail-on-listing)`);

    const threshold = 100 - HEALTH_DEDUCTIONS.dkimFail;
    const under = await health(["--fail-under", String(threshold + 1)]);
    expect(under.code).toBe(1);
    expect(under.output).toContain(`${NO_DKIM} scores ${threshold}, under --fail-under ${threshold + 1}`);
    expect(under.output).toContain(`${LISTED} scores ${100 - HEALTH_DEDUCTIONS.domainListed}`);
    expect(under.output).not.toContain(`${BROKEN} scores`);

    const met = await health(["--fail-under", String(100 - HEALTH_DEDUCTIONS.domainListed)]);
    expect(met.code, met.output).toBe(0);

    const bad = await health(["--fail-under", "high"]);
    expect(bad.code).toBe(2);
    expect(bad.output).toContain('--fail-under must be a number (got "high")');
    const unknownFlag = await health(["--fail-on-listings"]);
    expect(unknownFlag.code).toBe(2);
    expect(unknownFlag.output).toContain("--fail-on-listings");
  }, 300_000);
});
