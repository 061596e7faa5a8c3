import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { LocalWorkspace, PulumiCommand, Stack } from "@pulumi/pulumi/automation";
import { expect, it } from "vitest";
import { HEALTH_DEDUCTIONS } from "../../health/score";
import { DEMO_HEALTH_HTML } from "../../scripts/demo/health";
import { engineEnvironment } from "../../scripts/engine/environment";
import { ensureEngine, repoRoot } from "../../scripts/engine/index";
import { npmRun } from "../e2e/support/cli";

const stackFile = path.join(repoRoot, "stacks", "Pulumi.local.yaml");

it("npm run demo converges three domains, finds hand-made drift, repairs it, destroys, and leaves the stack file as committed", async () => {
  const backend = fs.mkdtempSync(path.join(os.tmpdir(), "mailinfra-demo-state-"));
  const committed = fs.readFileSync(stackFile);
  try {
    // A `local` stack left in the backend by an earlier run: the demo must start clean anyway.
    const engine = await ensureEngine();
    const workspace = await LocalWorkspace.create({
      workDir: repoRoot,
      pulumiCommand: await PulumiCommand.get({ root: path.dirname(engine.binDir) }),
      envVars: { ...engineEnvironment(engine, "local"), PULUMI_BACKEND_URL: `file://${backend}` },
    });
    await Stack.create("local", workspace);

    // `npm run demo` as a newcomer types it, on a private backend so the developer's .pulumi-state is untouched.
    const { code, output } = await npmRun("demo", [], { env: { PULUMI_BACKEND_URL: `file://${backend}` } });
    expect(code, output).toBe(0);

    expect(output).toContain("removed the `local` stack an earlier run left in the backend");
    expect(output).toMatch(/preview: \d+ resources to create/);
    // The summary table: each domain with its 6 records (acme-outreach.test, home of the DMARC reports mailbox, 2
    // more: the other domains' report authorizations), the seconds its gate waited, and its first mailbox with a
    // Smartlead account id and warmup on.
    for (const [domain, records, mailbox] of [
      ["acme-outreach.test", 8, "jane.doe@acme-outreach.test"],
      ["getacme.test", 6, "sam.taylor@getacme.test"],
      ["tryacme.test", 6, "maria.garcia@tryacme.test"],
    ] as const) {
      expect(output).toMatch(
        new RegExp(
          `^\\s+${domain.replace(/\./g, "\\.")}\\s+${records}\\s+\\d+\\.\\d s\\s+${mailbox}\\s+\\d{4}\\s+on, `,
          "m",
        ),
      );
    }
    // The first up leaves the mailboxes to authorize; the real authorize command, each mailbox signing in at
    // Google's (emulated) consent page, then the next up connects them with OAuth.
    expect(output).toContain("6 mailboxes created; none connected to Smartlead yet");
    expect(output).toContain("Stack local: 6 OAuth mailbox(es), 0 of 6 authorized.");
    expect(output).toContain(
      "6 of 6 authorized. npm run pulumi -- up --stack local connects them to Smartlead.",
    );
    expect(output).toContain("up connected 6 Smartlead accounts");
    expect(output).toContain("3 domains, 6 mailboxes, all connected to Smartlead with OAuth (GMAIL)");
    // The campaign policy: the clean domains' mailboxes joined their campaigns (no warmup period in the local
    // stack); getacme.test is on the local Spamhaus DBL, so its mailboxes wait, one line each, named by up.
    expect(output).toContain("campaign 501: jane.doe@acme-outreach.test, john.smith@acme-outreach.test");
    expect(output).toContain("campaign 502: maria.garcia@tryacme.test, li.wei@tryacme.test");
    for (const mailbox of ["sam.taylor", "alex.kim"]) {
      expect(output).toMatch(
        new RegExp(
          `waiting — ${mailbox}@getacme\\.test waits to join campaign 501: getacme\\.test is listed on Spamhaus DBL`,
        ),
      );
    }
    expect(output).not.toMatch(/^\s*campaign 50\d: .*getacme\.test/m);
    // Drift in each system, found by refresh with what changed.
    expect(output).toContain("refresh found 4 resources changed outside Pulumi:");
    expect(output).toMatch(
      /~ SmartleadEmailAccount sam\.taylor@getacme\.test-smartlead\n\s+connected: true → false/,
    );
    expect(output).toMatch(/~ WorkspaceUser jane\.doe@acme-outreach\.test-user\n\s+suspended: false → true/);
    expect(output).toMatch(
      /~ SmartleadEmailAccount li\.wei@tryacme\.test-smartlead\n\s+warmup\.enabled: true → false/,
    );
    expect(output).toMatch(
      /~ DnsReadiness getacme\.test-readiness\n\s+missing: \[\] → \[TXT _dmarc\.getacme\.test/,
    );
    expect(output).toMatch(/~ mailinfra:WorkspaceUser jane\.doe@acme-outreach\.test-user \(update\)/);
    // Repaired, as read back from the emulators.
    expect(output).toContain("restored — Google: jane.doe@acme-outreach.test is active again");
    expect(output).toMatch(/restored — Smartlead: account \d+ warms up again, 25\/day at 30% replies/);
    expect(output).toContain("restored — DNS: TXT _dmarc.getacme.test is served again");
    // The revoked mailbox waits for its person: up goes on; authorize again, up reconnects it.
    expect(output).toContain("waiting — sam.taylor@getacme.test: its authorization was revoked");
    expect(output).toContain(
      "sam.taylor@getacme.test: its authorization was revoked or expired; it signs in again.",
    );
    expect(output).toContain(
      "restored — Smartlead: sam.taylor@getacme.test is connected again (SMTP and IMAP)",
    );
    // Destroy keeps what the default onDelete settings keep.
    expect(
      output.match(/: user suspended; Smartlead account \d+ kept, in 0 campaigns, warmup off/g),
    ).toHaveLength(6);
    expect(output).toMatch(/Done in \d+ s/);
    // It ends with npm run health's table and the HTML report: the world's DBL listing, the connection and the
    // DKIM record the demo broke, each costing its documented points (health/score.ts).
    const D = HEALTH_DEDUCTIONS;
    const end = output.slice(output.lastIndexOf("Done in"));
    expect(end).toMatch(
      new RegExp(
        `^  getacme\\.test\\s+${100 - D.domainListed}\\s+critical\\s+-${D.domainListed} blocklist$`,
        "m",
      ),
    );
    expect(end).toMatch(
      new RegExp(
        `^  tryacme\\.test\\s+${100 - D.connectionBroken}\\s+at-risk\\s+-${D.connectionBroken} connection$`,
        "m",
      ),
    );
    expect(end).toMatch(
      new RegExp(`^  acme-outreach\\.test\\s+${100 - D.dkimFail}\\s+at-risk\\s+-${D.dkimFail} dkim$`, "m"),
    );
    expect(end).toMatch(/^ {4}maria\.garcia@tryacme\.test {2}SMTP (?!connected)/m);
    expect(output.trimEnd().split("\n").at(-1)).toBe(`  HTML report: ${DEMO_HEALTH_HTML}`);
    expect(fs.readFileSync(DEMO_HEALTH_HTML, "utf8")).toContain("getacme.test");
    expect(output).not.toMatch(/PRIVATE KEY|DEMO FAILED/);

    expect(fs.readFileSync(stackFile).equals(committed)).toBe(true);
  } finally {
    fs.rmSync(backend, { recursive: true, force: true });
  }
}, 300_000);
