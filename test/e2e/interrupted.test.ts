import type { EngineEvent } from "@pulumi/pulumi/automation";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LocalWorld, startLocalWorld } from "../../emulators/local-world";
import { fleet, mailboxAddresses, sendingDomains } from "../support/fleet";
import { type TestStack, testStack } from "../support/stack";
import { authorizePending } from "./support/authorized-up";
import { restoreCheckpointBackup } from "./support/checkpoint";
import { googleUsersByAddress, smartleadAccountsByAddress } from "./support/created-accounts";
import { descendants, engineProcess, isAlive, kill } from "./support/engine-process";
import { mailinfraProgram } from "./support/program";
import { resourcesOfType } from "./support/state-resources";

/**
 * `pulumi up` killed with SIGKILL at the worst moments — right after Google created a mailbox, and right
 * after Smartlead saved an account, each before the engine could record it — then the documented
 * recovery: `pulumi cancel` (the dead run's lock), `pulumi refresh --clear-pending-creates` (the creates
 * it never finished), `pulumi up`. The fleet must converge with every mailbox and account once, in the
 * state once, and nothing left running.
 */

let world: LocalWorld;
let t: TestStack;
/** Every process of every engine this file killed. */
const killedTrees: number[][] = [];

beforeAll(async () => {
  world = await startLocalWorld({ resolverLagsMs: [0, 300] });
  t = await testStack({ program: mailinfraProgram() });
});
afterAll(async () => {
  for (const pid of killedTrees.flat()) kill(pid);
  await t?.dispose();
  await world?.stop();
});

/**
 * SIGKILLs the engine running `up` on the test stack, then the provider processes it started: once the
 * engine is gone they are orphans that would otherwise run on (Pulumi's Node dynamic provider does not
 * watch its engine), as a CI runner kills a cancelled job's whole process tree.
 */
function killEngine(): void {
  const engine = engineProcess("up", t.name);
  if (engine === undefined) throw new Error(`no running "pulumi up" for ${t.name}`);
  const tree = [engine, ...descendants(engine)];
  for (const pid of tree) kill(pid);
  killedTrees.push(tree);
}

/** Runs `up`, killing its engine the first time `arm` fires; resolves once the killed `up` has failed. */
async function upKilledWhen(arm: (fire: () => void) => () => void): Promise<string> {
  let fired = false;
  let killError: unknown;
  const disarm = arm(() => {
    if (fired) return;
    fired = true;
    try {
      killEngine();
    } catch (error) {
      killError = error;
    }
  });
  try {
    const outcome = await t.stack.up({ color: "never", onEvent: registrar }).then(
      () => "the up finished",
      (error: Error) => error.message,
    );
    if (killError) throw killError;
    expect(fired, "the engine was killed").toBe(true);
    return outcome;
  } finally {
    disarm();
  }
}

let registrar: (event: EngineEvent) => void;

async function pendingCreates(): Promise<string[]> {
  const { deployment } = await t.stack.exportStack();
  const pending: { type: string; resource: { urn: string } }[] = deployment.pending_operations ?? [];
  return pending.filter((op) => op.type === "creating").map((op) => op.resource.urn);
}

/** How each recovery went, for the report at the end. */
const recoveries: string[] = [];

/**
 * `pulumi cancel`, then `pulumi refresh --clear-pending-creates`, as a user recovers from a dead run; if the
 * engine died while rewriting the checkpoint, the backup is restored first (the last steps it recorded are
 * then lost too, and the next up must adopt what they created).
 */
async function recover(): Promise<void> {
  // The dead engine still holds the stack's lock (unless its checkpoint is unreadable, reported first).
  await expect(t.stack.refresh({ color: "never" })).rejects.toThrow(
    /currently locked|failed to load checkpoint/,
  );
  // A truncated checkpoint makes every command fail, `cancel` included: restore the backup first.
  const readable = await t.stack.exportStack().then(
    () => true,
    (error: Error) => {
      if (!/failed to load checkpoint/.test(error.message)) throw error;
      return false;
    },
  );
  if (!readable) restoreCheckpointBackup(t.backendDir, "mailinfra", t.name);
  await t.stack.cancel();
  const pending = await pendingCreates();
  await t.stack.refresh({ color: "never", clearPendingCreates: true });
  expect(await pendingCreates()).toEqual([]);
  recoveries.push(
    `${readable ? "checkpoint intact" : "checkpoint truncated, backup restored"}, ${pending.length} pending creates cleared`,
  );
}

async function allDead(pids: number[]): Promise<boolean> {
  for (let i = 0; i < 40 && pids.some(isAlive); i++) await new Promise((r) => setTimeout(r, 50));
  return !pids.some(isAlive);
}

describe("an up killed with SIGKILL", () => {
  it("recovers with cancel, refresh and up: every mailbox and account once, no orphans, nothing left running", async () => {
    const campaign = world.smartlead.state.addCampaign({ name: "Q3 outbound", status: "DRAFTED" });
    const domains = sendingDomains(3, (i) => `killed-${i + 1}.test`, {
      mailboxes: 2,
      campaignIds: [campaign.id],
    });
    const addresses = mailboxAddresses(domains);
    await t.stack.setAllConfig({ ...world.stackConfig(), ...fleet(...domains) });
    registrar = world.registrar(300);

    // 1. Killed the moment Google has created the first mailbox, before the engine hears of it.
    const google = world.google.state;
    const firstKill = await upKilledWhen((fire) => {
      const addUser = google.addUser;
      google.addUser = (input) => {
        const user = addUser.call(google, input);
        if (addresses.includes(user.primaryEmail)) fire();
        return user;
      };
      return () => {
        google.addUser = addUser;
      };
    });
    expect(firstKill).not.toBe("the up finished");
    expect(await allDead(killedTrees[0]!), "the killed engine and its providers are gone").toBe(true);
    // Google has mailboxes the state does not know (their creates are pending, or lost with the checkpoint).
    expect(addresses.filter((a) => googleUsersByAddress(world).has(a)).length).toBeGreaterThan(0);
    await recover();

    // The next up finishes the mailboxes and lists them for authorization; each signs in once.
    const created = await t.stack.up({ color: "never", onEvent: registrar });
    expect(created.summary.result).toBe("succeeded");
    expect(await authorizePending(t.stack, world, created)).toHaveLength(addresses.length);

    // 2. The up that connects them killed the moment Smartlead has saved the first account.
    const smartlead = world.smartlead.state;
    const secondKill = await upKilledWhen((fire) => {
      const addAccount = smartlead.addAccount;
      smartlead.addAccount = (input) => {
        const account = addAccount.call(smartlead, input);
        if (addresses.includes(account.fromEmail)) fire();
        return account;
      };
      return () => {
        smartlead.addAccount = addAccount;
      };
    });
    expect(secondKill).not.toBe("the up finished");
    expect(await allDead(killedTrees[1]!)).toBe(true);
    expect(smartleadAccountsByAddress(world).size).toBeGreaterThan(0);
    await recover();

    // 3. Up again converges.
    const up = await t.stack.up({ color: "never", onEvent: registrar });
    expect(up.summary.result).toBe("succeeded");
    expect(up.outputs.pendingAuthorizations.value).toEqual([]);
    for (const d of domains) {
      expect(up.outputs.domains.value[d.name].verified).toBe(true);
      expect(up.outputs.domains.value[d.name].mailboxes).toHaveLength(2);
    }

    // Every mailbox and account exists once, ever, and nothing else does.
    const users = googleUsersByAddress(world);
    const accounts = smartleadAccountsByAddress(world);
    for (const address of addresses) {
      expect(users.get(address), address).toHaveLength(1);
      expect(accounts.get(address), address).toHaveLength(1);
    }
    expect([...users.keys()].sort()).toEqual([world.google.adminEmail, ...addresses].sort());
    expect([...accounts.keys()].sort()).toEqual([...addresses].sort());

    // Each is in the state exactly once (no orphan outside it, no duplicate inside it), nothing is pending.
    const { deployment } = await t.stack.exportStack();
    expect(deployment.pending_operations ?? []).toEqual([]);
    const stateUsers = resourcesOfType(deployment, "WorkspaceUser").map((r) => r.id);
    const stateAccounts = resourcesOfType(deployment, "SmartleadEmailAccount").map((r) => Number(r.id));
    expect(stateUsers.sort()).toEqual(addresses.map((a) => users.get(a)![0]).sort());
    expect(stateAccounts.sort()).toEqual(addresses.map((a) => accounts.get(a)![0]).sort());

    // The mailboxes work: Smartlead holds each one's OAuth connection, in the declared campaign.
    for (const address of addresses) {
      const account = world.smartlead.state.accounts.get(accounts.get(address)![0])!;
      expect(account.deleted, address).toBe(false);
      expect(account.type, address).toBe("GMAIL");
      expect(account.isSmtpSuccess && account.isImapSuccess, address).toBe(true);
      expect(campaign.accountIds.has(account.id), address).toBe(true);
    }

    console.info(`recoveries: ${recoveries.join("; ")}`);
    // Converged: nothing left to do, and no engine or provider process of this test still runs.
    await t.stack.preview({ color: "never", expectNoChanges: true });
    expect(await allDead(killedTrees.flat())).toBe(true);
    expect(engineProcess("up", t.name)).toBeUndefined();
    expect(descendants(process.pid).filter(isAlive)).toEqual([]);
  });
});
