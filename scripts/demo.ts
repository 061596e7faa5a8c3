/**
 * `npm run demo`: mailinfra converging three sending domains in a local world, with the real Pulumi engine.
 *
 * The local world (emulated DNS resolvers with propagation lag, Google Workspace, Smartlead, SMTP/IMAP servers)
 * runs in this process; the engine runs the real program (index.ts) on the `local` stack through the Automation
 * API. The demo previews, deploys (playing the registrar of the manual-DNS domains), runs the real
 * `npm run authorize` (playing each mailbox at Google's consent page), connects the mailboxes, prints a summary,
 * makes changes by hand in each system (a revoked authorization among them), shows `refresh` finding them and
 * `authorize` + `up` repairing them, then destroys.
 * It exits 0 only if every step did what it printed; the committed stack file is left as it was.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { ConfigMap, EngineEvent, PulumiFn } from "@pulumi/pulumi/automation";
import { parse } from "yaml";
import { REGISTRAR_GUIDES } from "../components/registrars/guides";
import { type LocalWorld, startLocalWorld } from "../emulators/local-world";
import { remainsAfterDestroy } from "./demo/after-destroy";
import { runAuthorize } from "./demo/authorize-command";
import { campaignLines, createDeclaredCampaigns, declaredCampaignIds } from "./demo/campaigns";
import { parseDomainsOutput } from "./demo/domains-output";
import { driftByHand, revokedMailbox } from "./demo/drift";
import { engineLineFilter } from "./demo/engine-lines";
import { DemoFailure, expectThat } from "./demo/failure";
import { DEMO_HEALTH_HTML, deductionProblems, runDemoHealth } from "./demo/health";
import { freshLocalStack, type LocalStack } from "./demo/local-stack";
import { playRegistrar } from "./demo/registrar";
import { type ResourceChange, resourceChanges } from "./demo/resource-changes";
import { guardStackFile, type StackFileGuard } from "./demo/stack-file";
import { summaryTable } from "./demo/summary-table";
import { transcript } from "./demo/transcript";
import { hostedProgram } from "./engine/hosted-program";
import { ensureEngine, repoRoot } from "./engine/index";

/** Propagation lag of each local resolver: one fast, one slow, one slower. */
const resolverLagsMs = [0, 800, 2000];
/** How long the registrar (the demo) takes to save the records once `up` prints them. */
const registrarLagMs = 1500;
const stackFile = path.join(repoRoot, "stacks", "Pulumi.local.yaml");
const guardDir = path.join(repoRoot, ".tmp", "demo-stack-file");
const indexModule = path.join(repoRoot, "index.ts");

/** The real program, hosted as `npm run pulumi` hosts it: index.ts's program run afresh for every engine operation. */
const program: PulumiFn = hostedProgram(indexModule) as PulumiFn;

const say = transcript();
let world: LocalWorld | undefined;
let guard: StackFileGuard | undefined;
let local: LocalStack | undefined;

async function demo(): Promise<void> {
  const started = Date.now();
  say.line("mailinfra demo: three sending domains converged by the real Pulumi engine against a local world");
  say.step("Engine and local world");
  const engine = await ensureEngine((line) => say.line(line));
  say.line(`Pulumi engine v${engine.version} (${engine.source}); backend ${backendDescription()}`);
  guard = guardStackFile(stackFile, guardDir);
  if (guard.recovered) say.line("put back stacks/Pulumi.local.yaml, left changed by an interrupted demo");
  const stackYaml = parse(guard.original.toString("utf8")) as { config?: Record<string, unknown> };
  const registrars = registrarNames(stackYaml.config);

  world = await startLocalWorld({ resolverLagsMs });
  say.line(`Google Workspace emulator  ${world.google.url}`);
  say.line(`Smartlead emulator         ${world.smartlead.baseUrl}`);
  say.line(
    `SMTP / IMAP                ${world.mail.smtp.host}:${world.mail.smtp.port} / ${world.mail.imaps.port}`,
  );
  say.line(
    `DNS resolvers              ${world.dns.resolvers.map((r, i) => `${r.address} (lag ${resolverLagsMs[i]} ms)`).join(", ")}`,
  );
  const campaigns = declaredCampaignIds(stackYaml.config);
  createDeclaredCampaigns(world.smartlead, campaigns);
  say.line(`Smartlead campaigns        ${campaigns.join(", ")} (drafted, as the stack file expects)`);

  say.step("A fresh `local` stack");
  local = await freshLocalStack(engine, repoRoot, program);
  if (local.cancelledInterrupted) say.line("cancelled the update an interrupted run left locked");
  if (local.replacedEarlier) say.line("removed the `local` stack an earlier run left in the backend");
  const { stack } = local;
  // World-specific settings only for this run: endpoints, resolver addresses, and the emulators' credentials
  // as secrets. The committed file keeps the domains; it is put back byte for byte at the end.
  await stack.setAllConfig(runConfig(world));
  say.line(
    `stacks/Pulumi.local.yaml: ${Object.keys(registrars).length} domains; world endpoints and secrets set for this run`,
  );

  say.step("pulumi preview");
  const preview = await stack.preview({ color: "never", onOutput: say.engine(engineLineFilter("progress")) });
  const toCreate = preview.changeSummary.create ?? 0;
  expectThat(
    toCreate > 0,
    `preview planned no resources to create: ${JSON.stringify(preview.changeSummary)}`,
  );
  expectThat(
    onlyOps(preview.changeSummary, ["create"]),
    `preview of a new stack planned more than creations: ${JSON.stringify(preview.changeSummary)}`,
  );
  say.line(`preview: ${toCreate} resources to create`);

  say.step("pulumi up — the demo plays the registrar of each domain");
  const upEvents: EngineEvent[] = [];
  const registrar = playRegistrar(
    world,
    registrarLagMs,
    (d) => registrars[d] ?? "registrar",
    (l) => say.line(l),
  );
  const up = await stack.up({
    color: "never",
    onOutput: say.engine(engineLineFilter("progress")),
    onEvent: (event) => {
      upEvents.push(event);
      registrar(event);
    },
  });
  expectThat(
    up.summary.result === "succeeded" && up.summary.resourceChanges?.create === toCreate,
    `up created ${up.summary.resourceChanges?.create ?? 0} resources, preview planned ${toCreate}`,
  );
  const domains = parseDomainsOutput(up.outputs.domains?.value);
  const created = countByType(resourceChanges(upEvents, "finished"));
  const mailboxCount = Object.values(domains).reduce((n, d) => n + d.mailboxes.length, 0);
  for (const [type, wanted] of [
    ["DnsReadiness", Object.keys(domains).length],
    ["WorkspaceDomainVerification", Object.keys(domains).length],
    // And the stack's DMARC reports mailbox (mailinfra:dmarcReports): a Workspace user without a Smartlead account.
    ["WorkspaceUser", mailboxCount + 1],
    ["SmartleadEmailAccount", mailboxCount],
  ] as const) {
    expectThat(
      created[type] === wanted,
      `up created ${created[type] ?? 0} ${type} resources, expected ${wanted}`,
    );
  }
  for (const [name, domain] of Object.entries(domains)) {
    expectThat(domain.ready && domain.verified, `${name} is not ready and verified after up`);
    for (const mailbox of domain.mailboxes) {
      expectThat(!mailbox.suspended, `${mailbox.email} is suspended after up`);
    }
  }
  const pending = pendingAddresses(up.outputs.pendingAuthorizations?.value);
  expectThat(
    pending.length === mailboxCount,
    `up should list all ${mailboxCount} mailboxes as pending authorization; it lists ${pending.length}`,
  );
  say.line(
    `${mailboxCount} mailboxes created; none connected to Smartlead yet: each must sign in once (pendingAuthorizations)`,
  );

  say.step("npm run authorize -- --stack local — the demo plays each mailbox at Google's consent page");
  // What the person reads with `npm run pulumi -- stack output mailboxPasswords --show-secrets`.
  const passwords = (await stack.outputs()).mailboxPasswords?.value as Record<string, string>;
  await authorize(world, passwords, pending, `${pending.length} of ${pending.length} authorized`);

  say.step("pulumi up — connect the authorized mailboxes to Smartlead");
  const connectEvents: EngineEvent[] = [];
  const connect = await stack.up({
    color: "never",
    onOutput: say.engine(engineLineFilter("progress")),
    onEvent: (event) => connectEvents.push(event),
  });
  // Each pending account's placeholder gives way to the account Smartlead created (a replace); nothing else
  // of the stack's resources changes (the default provider is updated with the new configuration).
  const connected = resourceChanges(connectEvents, "finished").filter((c) => c.type !== "pulumi-nodejs");
  const connectedNames = new Set(connected.map((c) => c.name));
  expectThat(
    connectedNames.size === mailboxCount && connected.every((c) => c.type === "SmartleadEmailAccount"),
    `up should connect the ${mailboxCount} Smartlead accounts; it changed ${connected.map((c) => `${c.name} (${c.op})`).join(", ") || "nothing"}`,
  );
  say.line(`up connected ${connectedNames.size} Smartlead accounts (each pending placeholder replaced)`);
  expectThat(
    pendingAddresses(connect.outputs.pendingAuthorizations?.value).length === 0,
    "mailboxes still pending authorization after authorize and up",
  );
  const connectedDomains = parseDomainsOutput(connect.outputs.domains?.value);
  for (const domain of Object.values(connectedDomains)) {
    for (const mailbox of domain.mailboxes) {
      const account = world.smartlead.state.findByEmail(mailbox.email);
      expectThat(
        mailbox.smartleadAccountId !== undefined &&
          account?.id === mailbox.smartleadAccountId &&
          account.type === "GMAIL" &&
          account.isSmtpSuccess &&
          account.isImapSuccess,
        `${mailbox.email} is not connected to Smartlead with OAuth after up`,
      );
    }
  }

  say.step("Summary");
  for (const line of summaryTable(connectedDomains)) say.line(line);
  say.line();
  say.line(
    `${Object.keys(domains).length} domains, ${mailboxCount} mailboxes, all connected to Smartlead with OAuth (GMAIL)`,
  );
  // The campaign policy (stacks/Pulumi.local.yaml, campaignPolicy): who joined, who waits and why.
  const addresses = Object.values(connectedDomains).flatMap((d) => d.mailboxes.map((m) => m.email));
  for (const line of campaignLines(world.smartlead, addresses, connect.outputs.waitingMailboxes?.value)) {
    say.line(line);
  }

  say.step("Drift: changes made by hand, outside Pulumi");
  const drifts = driftByHand(world, connectedDomains);
  for (const drift of drifts) say.line(drift.description);
  const drifted = drifts.map((d) => d.resource).sort();

  say.step("pulumi refresh — read every resource back");
  const refreshEvents: EngineEvent[] = [];
  const refresh = await stack.refresh({
    color: "never",
    onOutput: say.engine(engineLineFilter("refresh")),
    onEvent: (e) => refreshEvents.push(e),
  });
  const found = resourceChanges(refreshEvents, "finished");
  say.line(`refresh found ${found.length} resources changed outside Pulumi:`);
  for (const change of found) {
    say.line(`  ~ ${change.type} ${change.name}`);
    for (const detail of change.changes.slice(0, 4)) say.line(`      ${detail}`);
  }
  expectThat(
    sameNames(
      found.map((c) => c.name),
      drifted,
    ) && refresh.summary.resourceChanges?.update === drifts.length,
    `refresh should find exactly ${drifted.join(", ")} changed; it found ${found.map((c) => c.name).join(", ") || "nothing"} (${JSON.stringify(refresh.summary.resourceChanges)})`,
  );

  say.step("pulumi preview --diff — what up will change back");
  const diffEvents: EngineEvent[] = [];
  const diff = await stack.preview({
    color: "never",
    diff: true,
    onOutput: say.engine(engineLineFilter("diff")),
    onEvent: (e) => diffEvents.push(e),
  });
  const planned = resourceChanges(diffEvents, "planned");
  say.line(
    `preview plans ${planned.length} updates: ${planned.map((c) => `${c.type} ${c.name}`).join(", ")}`,
  );
  // Dynamic providers cannot hand the engine a property-level diff, so the engine lists which resources change;
  // what they change from is what refresh read (step 7).
  say.line("what each one changes back from is what refresh read in the previous step");
  expectThat(
    onlyOps(diff.changeSummary, ["update"]) && planned.every((c) => c.op === "update"),
    `preview after drift should only plan updates: ${JSON.stringify(diff.changeSummary)}`,
  );
  for (const name of drifted) {
    expectThat(
      planned.some((c) => c.name === name),
      `preview after refresh plans no update for ${name}`,
    );
  }

  say.step("pulumi up — repair");
  const repairEvents: EngineEvent[] = [];
  const repair = await stack.up({
    color: "never",
    onOutput: say.engine(engineLineFilter("progress")),
    onEvent: (event) => {
      repairEvents.push(event);
      registrar(event);
    },
  });
  const repaired = resourceChanges(repairEvents, "finished");
  expectThat(
    repair.summary.result === "succeeded" &&
      onlyOps(repair.summary.resourceChanges ?? {}, ["update"]) &&
      drifted.every((n) => repaired.some((c) => c.name === n)),
    `up should update ${drifted.join(", ")}; it changed ${repaired.map((c) => `${c.name} (${c.op})`).join(", ") || "nothing"}`,
  );
  for (const drift of drifts.filter((d) => !d.reauthorize)) {
    const problem = drift.stillDrifted();
    expectThat(problem === undefined, `up did not restore ${drift.resource}: ${problem}`);
    say.line(`restored — ${drift.restored}`);
  }
  const revoked = revokedMailbox(drifts);
  if (revoked) {
    // Only the person can give the authorization back: up left that account as it was, said so, went on.
    const waiting = drifts.find((d) => d.reauthorize === revoked)!;
    expectThat(waiting.stillDrifted() !== undefined, `${revoked} is connected without a new authorization`);
    expectThat(
      (repair.stdout + repair.stderr).includes("authorization was revoked or expired"),
      `up did not say that ${revoked}'s authorization was revoked`,
    );
    say.line(`waiting — ${revoked}: its authorization was revoked; up says to authorize again and goes on`);

    say.step(`npm run authorize -- --stack local — ${revoked} signs in again`);
    await authorize(
      world,
      { [revoked]: passwords[revoked]! },
      [revoked],
      `${revoked}: its authorization was revoked or expired`,
    );

    say.step(`pulumi up — reconnect ${revoked} with its new authorization`);
    const reconnect = await stack.up({ color: "never", onOutput: say.engine(engineLineFilter("progress")) });
    expectThat(
      onlyOps(reconnect.summary.resourceChanges ?? {}, ["update"]) &&
        reconnect.summary.resourceChanges?.update === 1,
      `up should update ${revoked}'s account only: ${JSON.stringify(reconnect.summary.resourceChanges)}`,
    );
    const problem = waiting.stillDrifted();
    expectThat(problem === undefined, `up did not restore ${waiting.resource}: ${problem}`);
    say.line(`restored — ${waiting.restored}`);
  }
  const after = parseDomainsOutput(repair.outputs.domains?.value);
  expectThat(
    Object.values(after).every((d) => d.ready && d.mailboxes.every((m) => !m.suspended)),
    "after the repair some domain is not ready or some mailbox is suspended",
  );

  say.step(
    "npm run health -- --stack local --json --html — deliverability, as receivers and Smartlead see it",
  );
  const breakage = {
    listed: "getacme.test",
    brokenMailbox: "maria.garcia@tryacme.test",
    withoutDkim: "acme-outreach.test",
  };
  say.line(`${breakage.listed} is on the local Spamhaus DBL from the start (the world lists it)`);
  say.line(
    `breaking by hand: ${breakage.brokenMailbox}'s Smartlead connection, ${breakage.withoutDkim}'s DKIM record at the registrar`,
  );
  const health = await runDemoHealth(world, breakage, backendEnv(), Math.max(...resolverLagsMs) + 500);
  expectThat(
    health.code === 0 && health.report !== undefined,
    `npm run health exited ${health.code}:\n${health.stderr}`,
  );
  const problems = deductionProblems(health.report!, breakage);
  expectThat(problems.length === 0, problems.join("; "));
  for (const d of health.report!.domains) say.line(`${d.domain}: ${d.score} (${d.status})`);
  say.line("each costs exactly its documented points; the table and the HTML report are printed at the end");
  health.restore();

  say.step("pulumi destroy");
  const destroy = await stack.destroy({ color: "never", onOutput: say.engine(engineLineFilter("progress")) });
  expectThat(
    destroy.summary.resourceChanges?.delete === toCreate,
    `destroy deleted ${destroy.summary.resourceChanges?.delete ?? 0} resources, up had created ${toCreate}`,
  );
  const remains = remainsAfterDestroy(world, domains);
  say.line("what destroy leaves in place by design (onDelete defaults: suspend users, disconnect accounts):");
  for (const line of remains.lines) say.line(`  ${line}`);
  expectThat(remains.problems.length === 0, remains.problems.join("; "));
  await local.remove();
  local = undefined;
  say.line("removed the `local` stack");

  say.step(
    `Done in ${((Date.now() - started) / 1000).toFixed(0)} s: preview, up, authorize, up, summary, drift found by refresh and repaired (authorize, up), health, destroy`,
  );
  say.line("npm run health -- --stack local, as it printed before destroy:");
  for (const line of health.table!.trimEnd().split("\n")) say.line(line);
  say.line(`HTML report: ${DEMO_HEALTH_HTML}`);
}

/**
 * Runs the real `npm run authorize -- --stack local` and plays each of `people` at Google's (emulated) consent
 * page as its link appears, printing what the command prints; `expected` must be among its words.
 */
async function authorize(
  world: LocalWorld,
  people: Record<string, string>,
  addresses: string[],
  expected: string,
): Promise<void> {
  const run = await runAuthorize(
    "local",
    // The loopback address registered on the world's OAuth client (README registers 127.0.0.1:8765).
    ["--port", String(world.authorizePort)],
    people,
    process.env.PULUMI_BACKEND_URL ? { PULUMI_BACKEND_URL: process.env.PULUMI_BACKEND_URL } : {},
    (text) => {
      for (const line of text.split("\n")) if (line.trim()) say.line(`  ${line}`);
    },
  );
  for (const [address, reason] of Object.entries(run.failures)) {
    expectThat(false, `${address} could not sign in at the consent page: ${reason}`);
  }
  expectThat(run.code === 0, `npm run authorize exited ${run.code}:\n${run.output}`);
  expectThat(run.output.includes(expected), `npm run authorize did not say "${expected}":\n${run.output}`);
  for (const address of addresses) {
    expectThat(address in run.landings, `${address} never reached the consent page`);
    say.line(`${address} signed in at the consent page and allowed access`);
  }
}

function pendingAddresses(value: unknown): string[] {
  return ((value ?? []) as { address: string }[]).map((p) => p.address);
}

/**
 * The world's stack configuration, with a readiness timeout of 2 minutes instead of 10: the demo's records
 * resolve within seconds, and a demo that cannot converge should say so soon. Without the world's test
 * `mailinfra:defaults`: stacks/Pulumi.local.yaml has its own (its campaign policy included).
 */
function runConfig(world: LocalWorld): ConfigMap {
  const { "mailinfra:defaults": _tests, ...config } = world.stackConfig();
  const readiness = config["mailinfra:readiness"];
  config["mailinfra:readiness"] = {
    ...readiness,
    value: JSON.stringify({ ...JSON.parse(readiness.value), timeoutMinutes: 2 }),
  };
  return config;
}

/** The backend the demo's own commands (`npm run authorize`, `npm run health`) must use: the demo's. */
function backendEnv(): NodeJS.ProcessEnv {
  return process.env.PULUMI_BACKEND_URL ? { PULUMI_BACKEND_URL: process.env.PULUMI_BACKEND_URL } : {};
}

function backendDescription(): string {
  return process.env.PULUMI_BACKEND_URL ? process.env.PULUMI_BACKEND_URL : "file://.pulumi-state (local)";
}

/** Domain name → the registrar's display name, from the committed stack file. */
function registrarNames(config: Record<string, unknown> | undefined): Record<string, string> {
  const domains = (config?.["mailinfra:domains"] ?? []) as { name?: string; dns?: { registrar?: string } }[];
  return Object.fromEntries(
    domains.map((d) => {
      const guide = REGISTRAR_GUIDES[d.dns?.registrar as keyof typeof REGISTRAR_GUIDES];
      return [String(d.name), guide?.name ?? d.dns?.registrar ?? "registrar"];
    }),
  );
}

function onlyOps(summary: Record<string, number | undefined>, allowed: string[]): boolean {
  return Object.entries(summary).every(([op, n]) => !n || op === "same" || allowed.includes(op));
}

function countByType(changes: ResourceChange[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const c of changes) counts[c.type] = (counts[c.type] ?? 0) + 1;
  return counts;
}

function sameNames(a: string[], b: string[]): boolean {
  return JSON.stringify([...a].sort()) === JSON.stringify([...b].sort());
}

/** Always: the stack removed if a step failed after creating it, the world stopped, the stack file restored. */
async function cleanUp(): Promise<void> {
  await local?.remove({ force: true });
  await world?.stop();
  guard?.restore();
}

function failureMessage(error: unknown): string {
  if (error instanceof DemoFailure) return error.message;
  if (error instanceof Error) {
    // The Automation API's CommandError carries the engine's whole stderr; its last lines say what failed.
    const text = error.message.trim();
    return text.length > 4000 ? `…${text.slice(-4000)}` : text;
  }
  return String(error);
}

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    say.line(`interrupted (${signal}): stopping the local world and putting stacks/Pulumi.local.yaml back`);
    world?.stop().catch(() => {});
    guard?.restore();
    process.exit(130);
  });
}

demo()
  .then(
    () => 0,
    (error) => {
      say.line();
      say.line(`DEMO FAILED: ${failureMessage(error)}`);
      return 1;
    },
  )
  .then(async (code) => {
    try {
      await cleanUp();
    } catch (error) {
      say.line(`cleaning up failed: ${failureMessage(error)}`);
      code = 1;
    }
    if (!fs.readFileSync(stackFile).equals(guard?.original ?? fs.readFileSync(stackFile))) {
      say.line("stacks/Pulumi.local.yaml differs from the committed bytes after the demo");
      code = 1;
    }
    process.exit(code);
  });
