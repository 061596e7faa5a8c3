import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse, stringify } from "yaml";
import { parseConfig } from "../../components/config/parse";
import { planRecords } from "../../components/dns/record-set";
import { GOOGLE_DNS_VERIFICATION_LAG_MS } from "../../emulators/google/dns-verification-lag";
import { type LocalWorld, startLocalWorld } from "../../emulators/local-world";
import { READINESS_TIMEOUT_MINUTES } from "../../providers/readiness/timeout";
import { repoRoot } from "../../scripts/engine/index";
import { type SendingDomain, sendingDomain } from "../support/fleet";
import { type CliRun, destructiveLines, npmRunPulumi } from "./support/cli";
import { resourcesOfType } from "./support/state-resources";

/**
 * One domain whose registrar has not published its records must not hold back the rest of the fleet. The
 * stack already holds a domain; the user gives it a second mailbox, adds a new domain and a third whose records
 * the registrar never publishes, and runs `npm run pulumi -- up --stack <stack> --yes --continue-on-error` as README writes it, with the shortest
 * gate timeout the configuration takes (1 minute).
 *
 * Google's own check of the new domain's verification record runs later than that timeout (Google's help: DNS
 * changes usually reach its systems within 48 hours; world.googleVerificationLagMs), so the new domain's
 * mailboxes start only after the slow domain's gate has failed. The engine starts them only with
 * --continue-on-error; without it, it lets "already in-flight operations complete, but not starting any new
 * operations" (https://www.pulumi.com/blog/continue-on-error/), and this test fails.
 */

let world: LocalWorld;
let backendDir: string;
const stack = `test-slow-${process.pid}`;
const stackFile = path.join(repoRoot, "stacks", `Pulumi.${stack}.yaml`);
/** In the stack before; gets a second mailbox. */
const held = "held-a.test";
/** New, its records published at once; Google sees them only after the slow domain's gate has given up. */
const fresh = "new-b.test";
/** New, its records never published until the last run. */
const slow = "slow-c.test";
const gateTimeoutMs = READINESS_TIMEOUT_MINUTES.min * 60_000;

const env = () => ({ PULUMI_BACKEND_URL: `file://${backendDir}` });
const pulumi = (...args: string[]) => npmRunPulumi(args, { env: env() });

function expectOk(run: CliRun): void {
  expect(run.code, `${run.command}\n${run.output}`).toBe(0);
}

interface StateResource {
  urn: string;
  type: string;
  id?: string;
  outputs?: Record<string, unknown>;
}

async function deployment(): Promise<{ resources?: StateResource[] }> {
  const run = await pulumi("stack", "export", "--stack", stack);
  expectOk(run);
  return JSON.parse(run.output.slice(run.output.indexOf("{"))).deployment;
}

/**
 * The state's mailinfra resources of `type` (e.g. `WorkspaceUser`) that belong to `domain`: by name, the
 * domain's own (`<domain>-readiness`) and its mailboxes' (`ana@<domain>-user`).
 */
function ofDomain(resources: StateResource[], type: string, domain: string): StateResource[] {
  const typed = new Set(resourcesOfType({ resources }, type));
  return resources.filter((r) => {
    const name = r.urn.split("::").at(-1) ?? "";
    return typed.has(r) && (name.startsWith(`${domain}-`) || name.includes(`@${domain}-`));
  });
}

/** The domains as the user writes them into the stack file (the rest of the file kept). */
function declare(domains: SendingDomain[]): void {
  const file = parse(fs.readFileSync(stackFile, "utf8")) ?? {};
  fs.writeFileSync(
    stackFile,
    stringify({ ...file, config: { ...file.config, "mailinfra:domains": domains } }),
  );
}

/** What the registrar publishes for `domains` once a person has copied the records `up` printed. */
function publishRecords(domains: SendingDomain[]): void {
  const parsed = parseConfig({ "mailinfra:domains": domains });
  for (const domain of parsed.config?.domains ?? []) {
    world.publish(
      planRecords(domain, { googleVerificationToken: world.google.expectedVerificationToken(domain.name) }),
    );
  }
}

/** Google users with this address: one per mailbox, however many runs there were. */
const usersNamed = (address: string) =>
  [...world.google.state.users.values()].filter((u) => u.primaryEmail === address);

beforeAll(async () => {
  world = await startLocalWorld({ resolverLagsMs: [0] });
  backendDir = fs.mkdtempSync(path.join(os.tmpdir(), "mailinfra-slow-state-"));
});
afterAll(async () => {
  fs.rmSync(stackFile, { force: true });
  fs.rmSync(backendDir, { recursive: true, force: true });
  await world?.stop();
});

describe("a domain whose records are not published yet does not hold back the fleet", () => {
  const before = [sendingDomain(held, { mailboxes: 1 })];
  const grown = [
    sendingDomain(held, { mailboxes: 2 }),
    sendingDomain(fresh, { mailboxes: 1 }),
    sendingDomain(slow, { mailboxes: 1 }),
  ];
  const addresses = (domain: SendingDomain) => domain.mailboxes.map((m) => `${m.username}@${domain.name}`);

  it("a stack holding a domain (stack init, settings in the stack file, credentials with config set --secret --path, up)", async () => {
    expectOk(await pulumi("stack", "init", stack));
    const config = Object.fromEntries(
      Object.entries(world.stackConfig()).map(([key, { value }]) => [key, JSON.parse(value)]),
    );
    const { serviceAccountKey, oauthClient, ...google } = config["mailinfra:google"];
    const { apiKey, ...smartlead } = config["mailinfra:smartlead"];
    const file = parse(fs.readFileSync(stackFile, "utf8")) ?? {};
    fs.writeFileSync(
      stackFile,
      stringify({
        ...file,
        config: {
          "mailinfra:google": { ...google, oauthClient: { clientId: oauthClient.clientId } },
          "mailinfra:smartlead": smartlead,
          // The shortest gate the configuration takes.
          "mailinfra:readiness": {
            ...config["mailinfra:readiness"],
            timeoutMinutes: READINESS_TIMEOUT_MINUTES.min,
          },
        },
      }),
    );
    const secrets: [string, string][] = [
      ["mailinfra:google.serviceAccountKey", serviceAccountKey],
      ["mailinfra:google.oauthClient.clientSecret", oauthClient.clientSecret],
      ["mailinfra:smartlead.apiKey", apiKey],
    ];
    for (const [key, value] of secrets) {
      const set = await npmRunPulumi(["config", "set", "--secret", "--path", key, "--stack", stack], {
        env: env(),
        input: value,
      });
      expectOk(set);
    }
    declare(before);
    publishRecords(before);
    const up = await pulumi("up", "--stack", stack, "--yes", "--continue-on-error");
    expectOk(up);
    expect(usersNamed(`ana@${held}`)).toHaveLength(1);
  });

  it("up --stack S --yes --continue-on-error (README): the other two domains converge, the slow one is named with what to do, exit 1", async () => {
    declare(grown);
    world.googleVerificationLagMs = gateTimeoutMs + 40_000;
    publishRecords(grown.filter((d) => d.name === fresh));
    const up = await pulumi("up", "--stack", stack, "--yes", "--continue-on-error");
    world.googleVerificationLagMs = GOOGLE_DNS_VERIFICATION_LAG_MS;

    expect(up.code, up.output).not.toBe(0);
    // The gate's own message: which domain, what is missing, what to do.
    expect(up.output).toContain(`DNS records for ${slow} not ready after 1m`);
    expect(up.output).toMatch(/Create or fix at your registrar or DNS host:/);
    expect(up.output).toContain(`Once they are served, run \`pulumi up\` again: ${slow} goes on from here.`);
    expect(destructiveLines(up.output), up.output).toEqual([]);

    const resources = (await deployment()).resources ?? [];
    for (const domain of grown.filter((d) => d.name !== slow)) {
      for (const address of addresses(domain)) {
        expect(usersNamed(address), address).toHaveLength(1);
        expect(usersNamed(address)[0]?.suspended, address).toBe(false);
        // Registered for Smartlead, waiting for `npm run authorize`, as any new OAuth mailbox.
        expect(up.output, address).toContain(`${address} is not connected to Smartlead yet`);
      }
      const count = domain.mailboxes.length;
      expect(ofDomain(resources, "WorkspaceUser", domain.name)).toHaveLength(count);
      expect(ofDomain(resources, "SmartleadEmailAccount", domain.name)).toHaveLength(count);
    }
    expect(world.google.state.domains.get(fresh)?.verified, fresh).toBe(true);
    // What the people behind the new mailboxes need next, from the stack outputs as README says to read them
    // (npm run authorize names the mailboxes; each signs in with its password): the slow domain's failure must
    // not take the other domains' outputs with it.
    const outputs = await pulumi("stack", "output", "--json", "--show-secrets", "--stack", stack);
    expectOk(outputs);
    const { pendingAuthorizations, mailboxPasswords, domains } = JSON.parse(
      outputs.output.slice(outputs.output.indexOf("{")),
    );
    for (const domain of grown.filter((d) => d.name !== slow)) {
      for (const address of addresses(domain)) {
        expect(mailboxPasswords?.[address], address).toEqual(expect.any(String));
      }
    }
    expect(pendingAuthorizations.map((p: { address: string }) => p.address)).toEqual(
      expect.arrayContaining([...addresses(grown[1]!), addresses(grown[0]!)[1]]),
    );
    expect(domains[fresh]).toMatchObject({ ready: true, verified: true });
    expect(domains[slow]).toMatchObject({ ready: false });
    // Nothing of the slow domain's mailboxes was attempted: no user at Google, nothing in the state past its gate.
    expect(usersNamed(`ana@${slow}`)).toEqual([]);
    expect(ofDomain(resources, "WorkspaceUser", slow)).toEqual([]);
    expect(ofDomain(resources, "SmartleadEmailAccount", slow)).toEqual([]);
    expect(ofDomain(resources, "DnsReadiness", slow)).toEqual([]);
  }, 300_000);

  it("once the registrar publishes the slow domain, the next up converges it and duplicates nothing", async () => {
    publishRecords(grown.filter((d) => d.name === slow));
    const up = await pulumi("up", "--stack", stack, "--yes", "--continue-on-error");
    expectOk(up);
    expect(destructiveLines(up.output), up.output).toEqual([]);
    const resources = (await deployment()).resources ?? [];
    for (const domain of grown) {
      for (const address of addresses(domain)) expect(usersNamed(address), address).toHaveLength(1);
      const count = domain.mailboxes.length;
      expect(ofDomain(resources, "WorkspaceUser", domain.name)).toHaveLength(count);
      expect(ofDomain(resources, "SmartleadEmailAccount", domain.name)).toHaveLength(count);
      expect(ofDomain(resources, "DnsReadiness", domain.name)).toHaveLength(1);
    }
  }, 240_000);

  it("a domain already converged whose changed record is not published yet: up --continue-on-error fails it and deletes nothing", async () => {
    const before = (await deployment()).resources ?? [];
    // The user tightens held-a's DMARC policy; the registrar has not published the new record.
    declare(grown.map((d) => (d.name === held ? { ...d, dmarc: { p: "quarantine" as const } } : d)));
    const up = await pulumi("up", "--stack", stack, "--yes", "--continue-on-error");
    expect(up.code, up.output).not.toBe(0);
    expect(up.output).toContain(`DNS records for ${held} not ready after 1m`);
    expect(destructiveLines(up.output), up.output).toEqual([]);
    // Its mailboxes, users and accounts are all still there: the run registered less for this domain (its
    // verification waits on the gate), and a failed program run plans no delete.
    const after = (await deployment()).resources ?? [];
    expect(after.map((r) => r.urn).sort()).toEqual(before.map((r) => r.urn).sort());
    for (const address of addresses(grown[0]!))
      expect(usersNamed(address)[0]?.suspended, address).toBe(false);

    expectOk(await pulumi("destroy", "--yes", "--stack", stack));
    expectOk(await pulumi("stack", "rm", "--yes", "--stack", stack));
  }, 240_000);
});
