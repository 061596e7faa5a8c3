import type { ChildProcess } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { LocalWorkspace, PulumiCommand, type Stack, type UpResult } from "@pulumi/pulumi/automation";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse, stringify } from "yaml";
import { parseConfig } from "../../components/config/parse";
import { planRecords } from "../../components/dns/record-set";
import { type LocalWorld, startLocalWorld } from "../../emulators/local-world";
import { engineEnvironment } from "../../scripts/engine/environment";
import { ensureEngine, repoRoot } from "../../scripts/engine/index";
import { mailboxAddresses, type SendingDomain, sendingDomain } from "../support/fleet";
import { authorizePending } from "./support/authorized-up";
import { restoreCheckpointBackup } from "./support/checkpoint";
import { type CliRun, destructiveLines, npmRun } from "./support/cli";
import { googleUsersByAddress, smartleadAccountsByAddress } from "./support/created-accounts";
import { descendants, isAlive, kill } from "./support/engine-process";

/**
 * `npm run fleet` as a user types it, on three stacks of one backend against the local world: up (with the
 * sign-in a person does between two ups), a second up that changes nothing, refresh --expect-no-changes, the
 * checks that refuse a bad fleet before anything runs, and the whole `npm run fleet -- up` process tree killed
 * with SIGKILL mid-run, then the recovery README documents, each step through the fleet command.
 */

let world: LocalWorld;
let backendDir: string;
const prefix = `test-fleet-${process.pid}`;
const glob = `${prefix}-*`;
const names = ["a", "b", "c"].map((s) => `${prefix}-${s}`);
const stackFileOf = (name: string) => path.join(repoRoot, "stacks", `Pulumi.${name}.yaml`);
/** The Automation API handle of each stack: to set secret config and read outputs, as a person's tools do. */
const stacks = new Map<string, Stack>();
/** What each stack declares, as its file holds it. */
const declared = new Map<string, SendingDomain[]>();
let campaignId: number;
const killedTrees: number[][] = [];

const env = () => ({ PULUMI_BACKEND_URL: `file://${backendDir}` });

/** `npm run fleet -- <args>` in the repository, as typed; `onStart` gets the npm process. */
function npmRunFleet(args: string[], onStart?: (child: ChildProcess) => void): Promise<CliRun> {
  return npmRun("fleet", args, { env: env(), ...(onStart ? { onStart } : {}) });
}

function expectOk(run: CliRun): void {
  expect(run.code, `${run.command}\n${run.output}`).toBe(0);
}

/** The stack file's domains, written as a person edits the file (YAML objects, not a JSON string). */
function writeDomains(name: string, domains: SendingDomain[]): void {
  const file = parse(fs.readFileSync(stackFileOf(name), "utf8")) ?? {};
  fs.writeFileSync(
    stackFileOf(name),
    stringify({ ...file, config: { ...file.config, "mailinfra:domains": domains } }),
  );
  declared.set(name, domains);
}

/** The registrar has created every record `up` will ask for. */
function publishRecords(domains: SendingDomain[]): void {
  const parsed = parseConfig({ "mailinfra:domains": domains });
  for (const domain of parsed.config?.domains ?? []) {
    world.publish(
      planRecords(domain, { googleVerificationToken: world.google.expectedVerificationToken(domain.name) }),
    );
  }
}

/** Each stack's pending mailboxes sign in once, their tokens stored in the stack, as `npm run authorize` does. */
async function signInPending(): Promise<string[]> {
  const signedIn: string[] = [];
  for (const [, stack] of stacks) {
    const outputs = await stack.outputs();
    signedIn.push(...(await authorizePending(stack, world, { outputs } as unknown as UpResult)));
  }
  return signedIn;
}

async function stateUrns(name: string): Promise<string[]> {
  const { deployment } = await stacks.get(name)!.exportStack();
  return ((deployment.resources ?? []) as { urn: string }[]).map((r) => r.urn);
}

/** Every declared mailbox: one active Workspace user, one connected Smartlead account in the campaign. */
function expectFleetConverged(): void {
  const addresses = [...declared.values()].flatMap((domains) => mailboxAddresses(domains));
  const users = googleUsersByAddress(world);
  const accounts = smartleadAccountsByAddress(world);
  for (const address of addresses) {
    expect(users.get(address), `${address}: Workspace users`).toHaveLength(1);
    expect(world.google.state.getUser(address)?.suspended, address).toBe(false);
    expect(accounts.get(address), `${address}: Smartlead accounts`).toHaveLength(1);
    const account = world.smartlead.state.findByEmail(address)!;
    expect(account.warmup.status, address).toBe("ACTIVE");
    expect(world.smartlead.state.campaignIdsOf(account.id), address).toEqual([campaignId]);
  }
}

/** Smartlead account-list calls the emulator answered so far. */
const accountListings = () =>
  world.smartlead.state.calls.filter((c) => c.route === "GET /email-accounts" && c.status === 200).length;

/** The summary row of each stack: `ok` and what changed. */
function summaryRow(output: string, name: string): string {
  const summary = output.slice(output.lastIndexOf("fleet "));
  return summary.split("\n").find((line) => line.trim().startsWith(`${name} `)) ?? "";
}

beforeAll(async () => {
  world = await startLocalWorld({ resolverLagsMs: [0] });
  backendDir = fs.mkdtempSync(path.join(os.tmpdir(), "mailinfra-fleet-state-"));
  campaignId = world.smartlead.state.addCampaign({ name: "Fleet Q4", status: "PAUSED" }).id;
  const engine = await ensureEngine();
  const pulumiCommand = await PulumiCommand.get({ root: path.dirname(engine.binDir) });
  for (const [i, name] of names.entries()) {
    const stack = await LocalWorkspace.createOrSelectStack(
      { stackName: name, projectName: "mailinfra", program: async () => ({}) },
      { workDir: repoRoot, pulumiCommand, envVars: { ...engineEnvironment(engine, name), ...env() } },
    );
    stacks.set(name, stack);
    await stack.setAllConfig(world.stackConfig());
    const domains = [sendingDomain(`${prefix}-${i + 1}.test`, { mailboxes: 1, campaignIds: [campaignId] })];
    writeDomains(name, domains);
    publishRecords(domains);
  }
});

afterAll(async () => {
  for (const pid of killedTrees.flat()) kill(pid);
  for (const name of names) fs.rmSync(stackFileOf(name), { force: true });
  fs.rmSync(stackFileOf(`${prefix}-dup`), { force: true });
  if (backendDir) fs.rmSync(backendDir, { recursive: true, force: true });
  await world?.stop();
});

describe("npm run fleet on three stacks of one backend", () => {
  it("up --yes runs every stack ([stack]-prefixed, summary per stack); after sign-in, up connects the fleet", async () => {
    const first = await npmRunFleet(["up", "--stacks", glob, "--yes"]);
    expectOk(first);
    for (const name of names) {
      expect(first.output).toContain(`[${name}] `);
      expect(summaryRow(first.output, name), first.output).toMatch(/\bok\b.*\+\d+ created/);
    }
    expect(first.output).toContain(`fleet up: 3 of 3 stacks ok`);
    expect(await signInPending()).toHaveLength(3);
    const second = await npmRunFleet(["up", "--stacks", glob, "--yes"]);
    expectOk(second);
    expect(second.output).not.toContain("not connected to Smartlead yet");
    expectFleetConverged();
  }, 900_000);

  it("a second up (README's line, --continue-on-error) changes nothing in any stack, and refresh --expect-no-changes passes", async () => {
    const up = await npmRunFleet(["up", "--stacks", glob, "--yes", "--continue-on-error"]);
    expectOk(up);
    expect(destructiveLines(up.output), up.output).toEqual([]);
    for (const name of names) expect(summaryRow(up.output, name), up.output).toMatch(/ok .*no changes/);
    const listingsBefore = accountListings();
    // All three at once, so all start within the shared listing's minute however loaded the machine is.
    const refresh = await npmRunFleet([
      "refresh",
      "--stacks",
      names.join(","),
      "--max-parallel",
      "3",
      "--yes",
      "--expect-no-changes",
    ]);
    expectOk(refresh);
    for (const name of names)
      expect(summaryRow(refresh.output, name), refresh.output).toMatch(/ok .*no changes/);
    expectFleetConverged();
    // The three stacks share one key: one of them lists its accounts (one page here), the others read that list.
    expect(accountListings() - listingsBefore).toBe(1);
  }, 600_000);

  it("a domain declared in two stacks is refused before any stack runs, naming the domain, both files and the fix", async () => {
    const taken = declared.get(names[0]!)![0]!;
    const dup = `${prefix}-dup`;
    const before = await stateUrns(names[0]!);
    fs.writeFileSync(
      stackFileOf(dup),
      stringify({ config: { "mailinfra:domains": [{ ...taken, name: taken.name.toUpperCase() }] } }),
    );
    try {
      const run = await npmRunFleet(["up", "--stacks", glob, "--yes"]);
      expect(run.code, run.output).toBe(2);
      expect(run.output).toContain(
        `${taken.name} is declared in 2 stacks: stacks/Pulumi.${names[0]}.yaml and stacks/Pulumi.${dup}.yaml`,
      );
      expect(run.output).toContain(
        `Fix: keep it in stacks/Pulumi.${names[0]}.yaml (its state holds it) and remove it from stacks/Pulumi.${dup}.yaml`,
      );
      expect(run.output).toContain("no stack was run");
      expect(run.output).not.toMatch(/^\[/m);
    } finally {
      fs.rmSync(stackFileOf(dup), { force: true });
    }
    expect(await stateUrns(names[0]!)).toEqual(before);
  }, 300_000);

  it("SIGKILL of the whole `npm run fleet -- up` tree mid-run, then cancel, refresh --clear-pending-creates and up through the fleet: every mailbox and account once", async () => {
    // Each stack gets a second domain of two mailboxes; the fleet is killed once Google has created the first.
    const added = names.map((name, i) => {
      const domain = sendingDomain(`${prefix}-${i + 1}-more.test`, {
        mailboxes: 2,
        campaignIds: [campaignId],
      });
      writeDomains(name, [...declared.get(name)!, domain]);
      return domain;
    });
    publishRecords(added);
    const newAddresses = mailboxAddresses(added);
    let fleetProcess: ChildProcess | undefined;
    let killed = false;
    const google = world.google.state;
    const addUser = google.addUser;
    google.addUser = (input) => {
      const user = addUser.call(google, input);
      if (!killed && newAddresses.includes(user.primaryEmail) && fleetProcess?.pid) {
        killed = true;
        const tree = [fleetProcess.pid, ...descendants(fleetProcess.pid)];
        for (const pid of tree) kill(pid);
        killedTrees.push(tree);
      }
      return user;
    };
    try {
      // The workflow's up, as up.yml runs it.
      const run = await npmRunFleet(
        ["up", "--stacks", glob, "--yes", "--non-interactive", "--skip-preview", "--continue-on-error"],
        (child) => {
          fleetProcess = child;
        },
      );
      expect(killed, run.output).toBe(true);
      expect(run.code).not.toBe(0);
    } finally {
      google.addUser = addUser;
    }
    for (let i = 0; i < 40 && killedTrees[0]!.some(isAlive); i++) await new Promise((r) => setTimeout(r, 50));
    expect(killedTrees[0]!.filter(isAlive), "every process of the killed fleet is gone").toEqual([]);

    // README's recovery, each step through the fleet command. A checkpoint cut short while being rewritten
    // makes every command fail "failed to load checkpoint"; README says to copy the backup over it first.
    let cancel = await npmRunFleet(["cancel", "--stacks", glob, "--yes"]);
    if (/failed to load checkpoint/.test(cancel.output)) {
      for (const name of names) {
        if (cancel.output.includes(`[${name}] error: failed to load checkpoint`)) {
          restoreCheckpointBackup(backendDir, "mailinfra", name);
        }
      }
      cancel = await npmRunFleet(["cancel", "--stacks", glob, "--yes"]);
    }
    expectOk(cancel);
    expectOk(await npmRunFleet(["refresh", "--stacks", glob, "--yes", "--clear-pending-creates"]));
    expectOk(await npmRunFleet(["up", "--stacks", glob, "--yes"]));
    expect(await signInPending()).toEqual(expect.arrayContaining(newAddresses));
    const up = await npmRunFleet(["up", "--stacks", glob, "--yes"]);
    expectOk(up);
    expect(up.output).not.toContain("not connected to Smartlead yet");
    expectFleetConverged();
    // In the state once each: one Mailbox component per declared address in its stack.
    for (const name of names) {
      const mailboxes = (await stateUrns(name)).filter((urn) => urn.includes("mailinfra:index:Mailbox::"));
      expect(mailboxes.length, name).toBe(mailboxAddresses(declared.get(name)!).length);
      expect(new Set(mailboxes).size).toBe(mailboxes.length);
    }
  }, 1_200_000);

  it("a domain moved from one stack's file to another's is refused: up on the old stack first, then the new", async () => {
    const [from, to] = [names[0]!, names[1]!];
    // The stack keeps its other domain: a stack file must declare at least one.
    const moving = declared.get(from)!.at(-1)!;
    const kept = { from: declared.get(from)!, to: declared.get(to)! };
    writeDomains(from, kept.from.slice(0, -1));
    writeDomains(to, [...kept.to, moving]);
    try {
      const run = await npmRunFleet(["preview", "--stacks", glob]);
      expect(run.code, run.output).toBe(2);
      expect(run.output).toContain(`${moving.name} moves from stack ${from} to ${to} in one run`);
      expect(run.output).toContain(
        `npm run fleet -- up --stacks ${from} --yes, then npm run fleet -- up --stacks ${to} --yes`,
      );
      expect(run.output).not.toMatch(/^\[/m);
    } finally {
      writeDomains(from, kept.from);
      writeDomains(to, kept.to);
    }
  }, 300_000);
});
