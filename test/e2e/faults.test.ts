import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LocalWorld, startLocalWorld } from "../../emulators/local-world";
import { fleet, mailboxAddresses, sendingDomains } from "../support/fleet";
import { type TestStack, testStack } from "../support/stack";
import { authorizePending } from "./support/authorized-up";
import { googleUsersByAddress, smartleadAccountsByAddress } from "./support/created-accounts";
import { mailinfraProgram } from "./support/program";
import { resourcesOfType } from "./support/state-resources";

/**
 * The two `up`s of a 3 × 2 fleet (the mailboxes sign in between them) while 10% of the calls to Google,
 * Smartlead and the DNS resolvers fail
 * (429 with Retry-After, 5xx, dropped DNS queries) and every API call is slowed down. On top of the random
 * share, each API's first call answers 429 and its second 5xx, and the first user insert and the first
 * account save lose their answer after the work is done: the case where a careless retry creates a
 * second mailbox.
 */

const SHARE = 0.1;
const RETRY_AFTER_SECONDS = 1;

let world: LocalWorld;
let t: TestStack;

beforeAll(async () => {
  world = await startLocalWorld({ resolverLagsMs: [0, 300] });
  t = await testStack({ program: mailinfraProgram() });
});
afterAll(async () => {
  // Tear down at full speed: the faults were for the up under test.
  if (world) clearFaults();
  await t?.dispose();
  await world?.stop();
});

function clearFaults(): void {
  world.google.faults.clear();
  world.smartlead.faults.clear();
  for (const resolver of world.dns.resolvers) resolver.faults.dropRate = 0;
}

function injectFaults(): void {
  // Half of the share answers 429 with Retry-After, the other half 5xx: SHARE of all calls fail.
  const half = SHARE / 2;
  const rest = half / (1 - half);
  const google = world.google.faults;
  google.latency([5, 60]);
  // The random share may spare a kind on a run this small; the first two calls never do.
  google.rateLimitNext(1, RETRY_AFTER_SECONDS);
  google.serverErrorNext(1, 500);
  google.percent(half, { kind: "rateLimit", retryAfterSeconds: RETRY_AFTER_SECONDS });
  google.percent(rest, { kind: "serverError", status: 503 });
  google.dropNext(1, "after", { endpoint: "directory.users.insert" });

  const smartlead = world.smartlead.faults;
  smartlead.latency([5, 60]);
  smartlead.rateLimitNext(1, RETRY_AFTER_SECONDS);
  smartlead.serverErrorNext(1, 500);
  smartlead.percent(half, { kind: "rateLimit", retryAfterSeconds: RETRY_AFTER_SECONDS });
  smartlead.percent(rest, { kind: "serverError", status: 502 });
  smartlead.dropNext(1, "after", "POST /email-accounts/save-oauth");

  for (const resolver of world.dns.resolvers) resolver.faults.dropRate = SHARE;
}

describe("an up under failing APIs", () => {
  it("converges a 3 × 2 fleet with no duplicate users or accounts, and the faults really fired", async () => {
    const campaign = world.smartlead.state.addCampaign({ name: "Q3 outbound", status: "DRAFTED" });
    const domains = sendingDomains(3, (i) => `faulty-${i + 1}.test`, {
      mailboxes: 2,
      campaignIds: [campaign.id],
    });
    const addresses = mailboxAddresses(domains);
    await t.stack.setAllConfig({ ...world.stackConfig(), ...fleet(...domains) });
    injectFaults();

    const first = await t.stack.up({ color: "never", onEvent: world.registrar(300) });
    expect(first.summary.result).toBe("succeeded");
    // The people sign in at the consent page while nothing fails (a person retries a page that fails);
    // then the same faults, fresh, for the up that connects them.
    clearFaults();
    expect(await authorizePending(t.stack, world, first)).toHaveLength(addresses.length);
    injectFaults();
    const up = await t.stack.up({ color: "never" });
    expect(up.summary.result).toBe("succeeded");
    expect(up.outputs.pendingAuthorizations.value).toEqual([]);
    for (const d of domains) {
      const summary = up.outputs.domains.value[d.name];
      expect(summary.ready).toBe(true);
      expect(summary.verified).toBe(true);
      expect(summary.mailboxes.map((m: { email: string }) => m.email).sort()).toEqual(
        d.mailboxes.map((m) => `${m.username}@${d.name}`).sort(),
      );
    }

    // One Workspace user and one Smartlead account per address, ever; nothing else besides the admin.
    const users = googleUsersByAddress(world);
    const accounts = smartleadAccountsByAddress(world);
    for (const address of addresses) {
      expect(users.get(address), address).toHaveLength(1);
      expect(accounts.get(address), address).toHaveLength(1);
    }
    expect([...users.keys()].sort()).toEqual([world.google.adminEmail, ...addresses].sort());
    expect([...accounts.keys()].sort()).toEqual([...addresses].sort());

    // The state points at exactly those, and every account is connected with OAuth as the mailbox it names.
    const { deployment } = await t.stack.exportStack();
    const stateUsers = resourcesOfType(deployment, "WorkspaceUser");
    const stateAccounts = resourcesOfType(deployment, "SmartleadEmailAccount");
    expect(stateUsers.map((r) => r.id).sort()).toEqual(addresses.map((a) => users.get(a)![0]).sort());
    expect(stateAccounts.map((r) => Number(r.id)).sort()).toEqual(
      addresses.map((a) => accounts.get(a)![0]).sort(),
    );
    for (const address of addresses) {
      const account = world.smartlead.state.accounts.get(accounts.get(address)![0])!;
      expect(account.deleted, address).toBe(false);
      expect(account.type, address).toBe("GMAIL");
      expect(account.isSmtpSuccess && account.isImapSuccess, address).toBe(true);
      expect(campaign.accountIds.has(account.id), address).toBe(true);
    }

    // The faults were real: each kind hit each API, and answers were lost after the work was done.
    const googleFaults = world.google.state.calls.filter(
      (c) => c.fault !== undefined && c.fault !== "latency",
    );
    const smartleadFaults = world.smartlead.state.calls.filter(
      (c) => c.fault !== undefined && c.fault !== "latency",
    );
    console.info(
      `faults: Google ${googleFaults.length}/${world.google.state.calls.length} calls ` +
        `(${count(googleFaults, "rateLimit")} × 429, ${count(googleFaults, "serverError")} × 5xx, ` +
        `${count(googleFaults, "drop")} lost), Smartlead ${smartleadFaults.length}/${world.smartlead.state.calls.length} ` +
        `(${count(smartleadFaults, "rateLimit")} × 429, ${count(smartleadFaults, "serverError")} × 5xx, ` +
        `${count(smartleadFaults, "drop")} lost)`,
    );
    const dnsQueries = world.dns.resolvers.flatMap((r) => r.log);
    const dnsDropped = dnsQueries.filter((q) => q.outcome === "ignored").length;
    console.info(`faults: DNS ${dnsDropped}/${dnsQueries.length} queries dropped`);
    // Around a hundred queries: 10% of them dropped by chance leaves none with odds far below 1 in 1000.
    expect(dnsDropped).toBeGreaterThan(0);
    expect(world.google.state.callCount("directory.users.insert", { fault: "drop" })).toBe(1);
    expect(world.smartlead.state.calls.filter((c) => c.fault === "drop")).toHaveLength(1);
    for (const calls of [world.google.state.calls, world.smartlead.state.calls]) {
      expect(calls.filter((c) => c.status === 429).length).toBeGreaterThan(0);
      expect(calls.filter((c) => c.status >= 500).length).toBeGreaterThan(0);
      expect(calls.filter((c) => c.fault === "latency").length).toBeGreaterThan(0);
    }
  });
});

function count(calls: { fault?: string }[], fault: string): number {
  return calls.filter((c) => c.fault === fault).length;
}
