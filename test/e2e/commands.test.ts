import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse, stringify } from "yaml";
import { parseConfig } from "../../components/config/parse";
import { planRecords } from "../../components/dns/record-set";
import { type LocalWorld, startLocalWorld } from "../../emulators/local-world";
import { repoRoot } from "../../scripts/engine/index";
import { sendingDomain } from "../support/fleet";
import { runAuthorize } from "./support/authorize";
import { type CliRun, destructiveLines, npmRunPulumi, runToEnd, unchangedCounts } from "./support/cli";

/** The `run:` lines of a workflow's jobs, in order, and the jobs' `env` (one job each here). */
function workflowSteps(file: string): { commands: string[]; env: Record<string, string> } {
  const workflow = parse(fs.readFileSync(path.join(repoRoot, ".github", "workflows", file), "utf8")) as {
    jobs: Record<string, { env?: Record<string, string>; steps: { run?: string }[] }>;
  };
  const jobs = Object.values(workflow.jobs);
  return {
    commands: jobs.flatMap((job) => job.steps.flatMap((step) => (step.run ? [step.run.trim()] : []))),
    env: Object.assign({}, ...jobs.map((job) => job.env ?? {})),
  };
}

/** A workflow's `run:` line, in bash as the GitHub runner runs it, with `env` added. */
function shell(command: string, env: NodeJS.ProcessEnv): Promise<CliRun> {
  const child = spawn("bash", ["-e", "-c", command], {
    cwd: repoRoot,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  return runToEnd(command, child);
}

/**
 * Every command README.md and .github/workflows/ tell users to run on a stack that holds a fleet, typed
 * exactly as written there (`npm run pulumi -- …`; the workflows' `npm run fleet -- …` lines read from their
 * YAML and run in bash), against the local world. The stack is made the way README
 * says (stack init, config in the stack file, credentials with `config set --secret --path`), converged by
 * `up --yes` with its preview phase, and then every later command must leave it as it is: no delete, no
 * replace, every user active, every Smartlead account connected with warmup on and in its campaign.
 *
 * This is the test that catches the in-process runtime running the program once per process: `up` without
 * `--skip-preview` once deleted a whole converged fleet and exited 0.
 */

let world: LocalWorld;
let backendDir: string;
const stack = `test-cli-${process.pid}`;
const stackFile = path.join(repoRoot, "stacks", `Pulumi.${stack}.yaml`);
const names = ["cli-a.test", "cli-b.test"];
let campaignId: number;
/** Each mailbox's password, as `stack output mailboxPasswords --show-secrets` shows it. */
let passwords: Record<string, string> = {};
/** Every resource URN of the converged stack, and the id of each. */
let converged: Map<string, string>;
/** The resources the engine's summary counts: all but the default provider it adds to the state. */
const counted = () => [...converged.keys()].filter((urn) => !urn.includes("::pulumi:providers:")).length;

const pulumi = (...args: string[]) =>
  npmRunPulumi(args, { env: { PULUMI_BACKEND_URL: `file://${backendDir}` } });

function expectOk(run: CliRun): void {
  expect(run.code, `${run.command}\n${run.output}`).toBe(0);
}

async function stateResources(): Promise<Map<string, string>> {
  const run = await pulumi("stack", "export", "--stack", stack);
  expectOk(run);
  const exported = JSON.parse(run.output.slice(run.output.indexOf("{")));
  const resources: {
    urn: string;
    type: string;
    id?: string;
    stackTrace?: unknown[];
    sourcePosition?: string;
  }[] = exported.deployment.resources ?? [];
  // Each resource keeps its source position, the line of mailinfra that creates it (the Stack's is the SDK's own);
  // not the 10+ frames of mailinfra's components (program-stack-traces.ts).
  for (const r of resources) {
    expect(r.stackTrace?.length ?? 0, r.urn).toBeLessThanOrEqual(1);
    if (r.type !== "pulumi:pulumi:Stack") expect(r.sourcePosition ?? "", r.urn).not.toContain("node_modules");
  }
  return new Map(resources.map((r) => [r.urn, r.id ?? ""]));
}

/** What a user checks after any command on a converged fleet: it is all still there, live and connected. */
async function expectFleetIntact(run: CliRun): Promise<void> {
  expect(destructiveLines(run.output), run.output).toEqual([]);
  await expectFleetLive();
}

/** Every resource of the converged stack in the state, every user active, every account connected. */
async function expectFleetLive(): Promise<void> {
  expect(await stateResources()).toEqual(converged);
  for (const name of names) {
    const address = `ana@${name}`;
    const user = [...world.google.state.users.values()].find((u) => u.primaryEmail === address);
    expect(user?.suspended, address).toBe(false);
    const account = world.smartlead.state.findByEmail(address);
    expect(account?.warmup.status, address).toBe("ACTIVE");
    expect(world.smartlead.state.campaignIdsOf(account!.id), address).toEqual([campaignId]);
  }
}

beforeAll(async () => {
  world = await startLocalWorld({ resolverLagsMs: [0] });
  backendDir = fs.mkdtempSync(path.join(os.tmpdir(), "mailinfra-cli-state-"));
  campaignId = world.smartlead.state.addCampaign({ name: "CLI Q4", status: "PAUSED" }).id;
});
afterAll(async () => {
  fs.rmSync(stackFile, { force: true });
  fs.rmSync(path.join(repoRoot, "health-reports"), { recursive: true, force: true });
  fs.rmSync(backendDir, { recursive: true, force: true });
  await world?.stop();
});

describe("README's and the workflows' commands, typed as users type them", () => {
  it("stack init, config in the stack file, credentials with config set --secret --path (README › Using it with real accounts)", async () => {
    expectOk(await pulumi("stack", "init", stack));
    // Step 1: the domains and settings go into stacks/Pulumi.<stack>.yaml, as a user edits the copied example.
    const config = Object.fromEntries(
      Object.entries(world.stackConfig()).map(([key, { value }]) => [key, JSON.parse(value)]),
    );
    const { serviceAccountKey, adminEmail, oauthClient: _set_below, ...google } = config["mailinfra:google"];
    const { apiKey, ...smartlead } = config["mailinfra:smartlead"];
    const domains = names.map((name) => sendingDomain(name, { mailboxes: 1, campaignIds: [campaignId] }));
    const file = parse(fs.readFileSync(stackFile, "utf8")) ?? {};
    fs.writeFileSync(
      stackFile,
      stringify({
        ...file,
        config: {
          // The world's campaign policy (no warmup period: these mailboxes are meant to be ready to send).
          "mailinfra:defaults": config["mailinfra:defaults"],
          "mailinfra:domains": domains,
          "mailinfra:google": google,
          "mailinfra:smartlead": smartlead,
          "mailinfra:readiness": config["mailinfra:readiness"],
        },
      }),
    );
    // Step 3, as written: the admin as a plain value, each credential as a secret on standard input
    // (`< service-account.json`).
    expectOk(
      await pulumi("config", "set", "--path", "mailinfra:google.adminEmail", adminEmail, "--stack", stack),
    );
    const setKey = await npmRunPulumi(
      ["config", "set", "--secret", "--path", "mailinfra:google.serviceAccountKey", "--stack", stack],
      { env: { PULUMI_BACKEND_URL: `file://${backendDir}` }, input: serviceAccountKey },
    );
    expectOk(setKey);
    expectOk(
      await npmRunPulumi(
        ["config", "set", "--secret", "--path", "mailinfra:smartlead.apiKey", "--stack", stack],
        {
          env: { PULUMI_BACKEND_URL: `file://${backendDir}` },
          input: apiKey,
        },
      ),
    );
    // Only needed for host: cloudflare domains; set anyway, as a user following README would. Another
    // provider's key must not be mistaken for a misspelled mailinfra key.
    expectOk(
      await npmRunPulumi(["config", "set", "--secret", "cloudflare:apiToken", "--stack", stack], {
        env: { PULUMI_BACKEND_URL: `file://${backendDir}` },
        input: "cf-token-for-the-cli-test",
      }),
    );
    // README › Authorizing mailboxes, step 3: the OAuth client, its secret typed at the prompt (stdin here).
    expectOk(
      await pulumi(
        "config",
        "set",
        "--path",
        "mailinfra:google.oauthClient.clientId",
        world.oauthClient.clientId,
        "--stack",
        stack,
      ),
    );
    expectOk(
      await npmRunPulumi(
        [
          "config",
          "set",
          "--secret",
          "--path",
          "mailinfra:google.oauthClient.clientSecret",
          "--stack",
          stack,
        ],
        { env: { PULUMI_BACKEND_URL: `file://${backendDir}` }, input: world.oauthClient.clientSecret },
      ),
    );
    const written = fs.readFileSync(stackFile, "utf8");
    expect(written).not.toContain("cf-token-for-the-cli-test");
    expect(written).not.toContain(world.oauthClient.clientSecret);
    expect(written).not.toContain(apiKey);
    expect(written).not.toContain("PRIVATE KEY");

    // The registrar of these manual-DNS domains has already created every record `up` will ask for (the
    // records come from the domains alone; credentials play no part in them).
    const parsed = parseConfig({ "mailinfra:domains": domains });
    for (const domain of parsed.config?.domains ?? []) {
      world.publish(
        planRecords(domain, { googleVerificationToken: world.google.expectedVerificationToken(domain.name) }),
      );
    }
    expect(parsed.config?.domains.map((d) => d.name)).toEqual(names);
  });

  it("preview, then up --yes with its preview phase creates the whole fleet, the mailboxes pending authorization", async () => {
    const preview = await pulumi("preview", "--stack", stack);
    expectOk(preview);
    const up = await pulumi("up", "--yes", "--stack", stack);
    expectOk(up);
    const created = await stateResources();
    // Stack; per domain MailDomain, WorkspaceDomain, DnsReadiness, verification; per mailbox Mailbox, user,
    // Smartlead account (registered as pending until the mailbox is authorized).
    expect([...created.keys()].filter((urn) => !urn.includes("::pulumi:providers:"))).toHaveLength(
      1 + names.length * 4 + names.length * 3,
    );
    expect(destructiveLines(up.output)).toEqual([]);
    // One readable line per mailbox, with the command to run.
    for (const name of names) {
      expect(up.output).toContain(
        `ana@${name} is not connected to Smartlead yet: it has not been authorized. Run \`npm run authorize -- --stack ${stack}\``,
      );
    }
    for (const name of names) expect(world.google.state.getUser(`ana@${name}`)?.suspended).toBe(false);
  });

  it("stack output mailboxPasswords --show-secrets gives each mailbox's working password; without it, [secret]", async () => {
    // As README writes it: `npm run pulumi -- stack output mailboxPasswords --show-secrets --stack prod`.
    const shown = await pulumi("stack", "output", "mailboxPasswords", "--show-secrets", "--stack", stack);
    expectOk(shown);
    passwords = JSON.parse(shown.output.slice(shown.output.indexOf("{"))) as Record<string, string>;
    expect(Object.keys(passwords).sort()).toEqual(names.map((n) => `ana@${n}`).sort());
    for (const [address, password] of Object.entries(passwords)) {
      expect(world.google.state.verifyPassword(address, password), address).toBe(true);
    }
    const hidden = await pulumi("stack", "output", "mailboxPasswords", "--stack", stack);
    expectOk(hidden);
    expect(hidden.output).toContain("[secret]");
    for (const password of Object.values(passwords)) expect(hidden.output).not.toContain(password);
  });

  it("npm run authorize -- --stack (each mailbox signs in at its link), then up --yes connects the whole fleet", async () => {
    // README: `npm run authorize -- --stack prod`; --port is the loopback address registered on the client.
    const authorize = await runAuthorize(stack, ["--port", String(world.authorizePort)], passwords, {
      PULUMI_BACKEND_URL: `file://${backendDir}`,
    });
    expect(authorize.code, authorize.output).toBe(0);
    expect(authorize.output).toContain("2 of 2 authorized");
    const up = await pulumi("up", "--yes", "--stack", stack);
    expectOk(up);
    expect(up.output).not.toContain("not connected to Smartlead yet");
    converged = await stateResources();
    expect(counted(), up.output).toBe(1 + names.length * 4 + names.length * 3);
    // Only the placeholders of the pending accounts give way to the accounts Smartlead created.
    expect(destructiveLines(up.output), up.output).toEqual([
      `    +-${names.length} to replace`,
      `    +-${names.length} replaced`,
    ]);
    await expectFleetLive();
    const written = fs.readFileSync(stackFile, "utf8");
    for (const token of world.google.oauth.refreshTokens.keys()) expect(written).not.toContain(token);
  });

  it("up --yes with its preview phase, twice, on the converged stack changes nothing", async () => {
    for (let i = 0; i < 2; i++) {
      const up = await pulumi("up", "--yes", "--stack", stack);
      expectOk(up);
      // Both phases, preview and update, see the whole fleet unchanged.
      expect(unchangedCounts(up.output), up.output).toEqual([counted(), counted()]);
      await expectFleetIntact(up);
    }
  });

  it("preview --expect-no-changes (with and without --debug) and refresh --yes --expect-no-changes exit 0 on a converged stack", async () => {
    const preview = await pulumi("preview", "--expect-no-changes", "--stack", stack);
    expectOk(preview);
    await expectFleetIntact(preview);
    // The SDK's per-resource debug messages reach the engine only when asked for (program-debug-messages.ts): an
    // event log keeps every debug event the engine emits, whatever the display shows.
    const registrations = async (...flags: string[]) => {
      const log = path.join(backendDir, `events-${flags.join("") || "plain"}.jsonl`);
      const run = await npmRunPulumi(
        ["preview", ...flags, "--expect-no-changes", "--event-log", log, "--stack", stack],
        // The engine takes --event-log with this set, as the Automation API sets it (cmd/pulumi/operations/preview.go).
        { env: { PULUMI_BACKEND_URL: `file://${backendDir}`, PULUMI_DEBUG_COMMANDS: "true" } },
      );
      expectOk(run);
      return fs
        .readFileSync(log, "utf8")
        .split("\n")
        .filter((line) => line.includes('"severity":"debug"') && line.includes("Registering resource"))
        .length;
    };
    expect(await registrations()).toBe(0);
    expect(await registrations("--debug")).toBeGreaterThanOrEqual(counted());
    const refresh = await pulumi("refresh", "--yes", "--expect-no-changes", "--stack", stack);
    expectOk(refresh);
    await expectFleetIntact(refresh);
  });

  it("every workflow's commands, as written in .github/workflows/*.yml, with STACKS naming this stack", async () => {
    // The order a repository sees them: preview on the pull request, up on main, the nightly drift check.
    const ran: string[] = [];
    for (const file of ["preview.yml", "up.yml", "drift.yml"]) {
      const { commands, env } = workflowSteps(file);
      // The fleet the workflows run is named by the job's STACKS (a repository variable, `prod` by default).
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a GitHub Actions expression, as the YAML writes it
      expect(env.STACKS, file).toBe("${{ vars.MAILINFRA_STACKS || 'prod' }}");
      for (const command of commands) {
        if (command === "npm ci") continue; // this checkout is installed already
        const run = await shell(command, { STACKS: stack, PULUMI_BACKEND_URL: `file://${backendDir}` });
        expectOk(run);
        expect(run.output).toContain(`fleet ${command.split(" ")[4]}: 1 of 1 stacks ok`);
        await expectFleetIntact(run);
        ran.push(command);
      }
    }
    expect(ran).toEqual([
      'npm run fleet -- preview --stacks "$STACKS" --diff --non-interactive',
      'npm run fleet -- up --stacks "$STACKS" --yes --non-interactive --skip-preview --continue-on-error',
      'npm run fleet -- refresh --stacks "$STACKS" --yes --non-interactive --expect-no-changes --diff',
    ]);

    // The nightly health check (health.yml): read-only, one `npm run health` and one HTML report per stack.
    const health = workflowSteps("health.yml");
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a GitHub Actions expression, as the YAML writes it
    expect(health.env.STACKS).toBe("${{ vars.MAILINFRA_STACKS || 'prod' }}");
    for (const command of health.commands) {
      if (command === "npm ci") continue;
      // FAIL_UNDER as the job's default (70); these domains publish no DKIM key, so they score 75.
      const run = await shell(command, {
        STACKS: stack,
        FAIL_UNDER: "70",
        PULUMI_BACKEND_URL: `file://${backendDir}`,
      });
      expectOk(run);
      expect(run.output).toContain("health: 1 stacks checked, exit 0");
      for (const name of names)
        expect(run.output).toMatch(new RegExp(`^${name.replace(".", "\\.")}\\s+75\\s+at-risk`, "m"));
      expect(fs.readFileSync(path.join(repoRoot, "health-reports", `${stack}.html`), "utf8")).toContain(
        names[0],
      );
      await expectFleetIntact(run);
    }
  });

  it("README › Deliverability health: its npm run health lines and stack output waitingMailboxes, as written", async () => {
    const readme = fs.readFileSync(path.join(repoRoot, "README.md"), "utf8");
    const section = readme.slice(
      readme.indexOf("## Deliverability health"),
      readme.indexOf("### What is checked"),
    );
    const block = section.slice(
      section.indexOf("```sh\n") + 6,
      section.indexOf("\n```", section.indexOf("```sh")),
    );
    // Each line as README writes it, its comment dropped and `prod` naming this stack.
    const lines = block
      .split("\n")
      .map((line) => line.replace(/\s+#.*$/, "").replace("--stack prod", `--stack ${stack}`));
    expect(lines).toHaveLength(4);
    const env = { PULUMI_BACKEND_URL: `file://${backendDir}` };
    try {
      for (const line of lines) {
        const run = await shell(line, env);
        expectOk(run);
        await expectFleetIntact(run);
      }
      // `> health.json` keeps the report and nothing else; both domains as the table shows them (no DKIM key: 75).
      const report = JSON.parse(fs.readFileSync(path.join(repoRoot, "health.json"), "utf8"));
      expect(report.domains.map((d: { domain: string; score: number }) => [d.domain, d.score])).toEqual(
        names.map((name) => [name, 75]),
      );
      expect(fs.readFileSync(path.join(repoRoot, "health.html"), "utf8")).toContain(names[1]);
    } finally {
      fs.rmSync(path.join(repoRoot, "health.json"), { force: true });
      fs.rmSync(path.join(repoRoot, "health.html"), { force: true });
    }
    // README › Deliverability policy: every mailbox is in its campaign (the world's policy lets them join).
    const waitingLine = readme.split("\n").find((line) => line.includes("stack output waitingMailboxes"))!;
    const waiting = await shell(waitingLine.replace("--stack prod", `--stack ${stack}`), env);
    expectOk(waiting);
    // npm's own "> mailinfra@… pulumi" banner comes first on stdout; the output's JSON is the rest.
    const printed = waiting.stdout.split("\n").filter((line) => !line.startsWith(">"));
    expect(JSON.parse(printed.join("\n"))).toEqual([]);
  });

  it("up --refresh and up --target (one domain) leave the rest of the fleet in place", async () => {
    const refreshing = await pulumi("up", "--yes", "--refresh", "--stack", stack);
    expectOk(refreshing);
    await expectFleetIntact(refreshing);
    const domainUrn = [...converged.keys()].find((urn) => urn.endsWith(`MailDomain::${names[0]}`));
    expect(domainUrn).toBeDefined();
    const targeted = await pulumi(
      "up",
      "--yes",
      "--stack",
      stack,
      "--target",
      domainUrn!,
      "--target-dependents",
    );
    expectOk(targeted);
    await expectFleetIntact(targeted);
  });

  it("the README's recovery sequence (cancel, refresh --clear-pending-creates, up) on a healthy stack changes nothing", async () => {
    // README: cancel "only if the stack is still locked"; a user may run it anyway. It must not touch resources.
    const cancel = await pulumi("cancel", "--stack", stack, "--yes");
    expectOk(cancel); // exits 0 on an unlocked stack too
    await expectFleetIntact(cancel);
    const refresh = await pulumi("refresh", "--stack", stack, "--yes", "--clear-pending-creates");
    expectOk(refresh);
    await expectFleetIntact(refresh);
    const up = await pulumi("up", "--stack", stack, "--yes");
    expectOk(up);
    expect(unchangedCounts(up.output)).toEqual([counted(), counted()]);
    await expectFleetIntact(up);
  });

  it("destroy --yes removes the stack's resources the documented way (users suspended, accounts disconnected)", async () => {
    const destroy = await pulumi("destroy", "--yes", "--stack", stack);
    expectOk(destroy);
    const left = await stateResources();
    expect([...left.keys()].filter((urn) => !urn.endsWith("::pulumi:pulumi:Stack"))).toEqual([]);
    for (const name of names) {
      const address = `ana@${name}`;
      const user = [...world.google.state.users.values()].find((u) => u.primaryEmail === address);
      expect(user?.suspended, address).toBe(true);
      const account = world.smartlead.state.findByEmail(address);
      expect(account, `${address} keeps its Smartlead account and history`).toBeDefined();
      expect(world.smartlead.state.campaignIdsOf(account!.id)).toEqual([]);
    }
    expectOk(await pulumi("stack", "rm", "--yes", "--stack", stack));
  });
});

describe("a bad stack configuration, typed as users type the commands", () => {
  const bad = `test-cli-bad-${process.pid}`;
  const badFile = path.join(repoRoot, "stacks", `Pulumi.${bad}.yaml`);
  afterAll(() => fs.rmSync(badFile, { force: true }));

  it("preview and up on a new stack print each error once, with its path and fix, plan nothing and exit 1", async () => {
    expectOk(await pulumi("stack", "init", bad));
    const file = parse(fs.readFileSync(badFile, "utf8")) ?? {};
    fs.writeFileSync(
      badFile,
      stringify({
        ...file,
        config: {
          "mailinfra:domains": [
            { name: "https://send-a.test/x", dns: { host: "manual", registrar: "namecheap" } },
          ],
        },
      }),
    );
    for (const command of [["preview"], ["up", "--yes"]]) {
      const run = await pulumi(...command, "--stack", bad);
      expect(run.code, run.output).toBe(1);
      const headline = "mailinfra: the stack configuration has 1 error; nothing was created or changed.";
      // Once in the progress lines and once under Diagnostics: the same error, not two reports of it.
      expect(run.output.split(headline).length - 1, run.output).toBe(2);
      expect(run.output.match(/1\. mailinfra:domains\[0\]\.name: /g), run.output).toHaveLength(1);
      expect(run.output).toMatch(/Fix: Write the registered domain only/);
      // The warnings the program would have shown are shown beside the errors.
      expect(run.output).toMatch(/warning: mailinfra:domains\[0\]\.dkim\.publicKey: is not set/);
      // Not even the Stack resource is planned beside the errors.
      expect(run.output).not.toMatch(/\d+ to create|\d+ created/);
      expect(run.output).not.toMatch(/unhandled error/);
    }
    const state = await pulumi("stack", "export", "--stack", bad);
    expect(JSON.parse(state.output.slice(state.output.indexOf("{"))).deployment.resources ?? []).toEqual([]);
    expectOk(await pulumi("stack", "rm", "--yes", "--stack", bad));
  });
});
