import * as dns from "node:dns";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LocalWorld, startLocalWorld } from "../../emulators/local-world";
import { sendingDomain } from "../support/fleet";
import { upAuthorized } from "./support/authorized-up";
import { changeLog } from "./support/changes";
import { localStack } from "./support/local-stack";

const resolverLagsMs = [0, 300];
let world: LocalWorld;
beforeAll(async () => {
  world = await startLocalWorld({ resolverLagsMs });
});
afterAll(() => world?.stop());

const names = ["north.test", "south.test", "west.test"];
const addresses = names.flatMap((d) => [`ana@${d}`, `ben@${d}`]);

/** The TXT values every local resolver answers for `name`: what a mail receiver would see. */
async function txtSeenByEveryResolver(name: string): Promise<string[][]> {
  return Promise.all(
    world.dns.resolvers.map(async (server) => {
      const resolver = new dns.promises.Resolver({ timeout: 1000, tries: 1 });
      resolver.setServers([server.address]);
      const answers = await resolver.resolveTxt(name).catch(() => []);
      return answers.map((strings) => strings.join(""));
    }),
  );
}

describe("a fleet under the real engine", () => {
  it("converges, stays converged, and one refresh + one up repair drift made by hand in DNS, Workspace and Smartlead", async () => {
    const t = await localStack(
      world,
      names.map((name) => sendingDomain(name, { mailboxes: 2 })),
    );
    const google = world.google.state;
    const smartlead = world.smartlead.state;
    try {
      // up, each mailbox signs in once at the consent page, up again.
      const up = await upAuthorized(t.stack, world, { color: "never", onEvent: world.registrar(300) });
      // Stack; per domain MailDomain, WorkspaceDomain, DnsReadiness, verification; per mailbox Mailbox, user, account
      // (registered as pending authorization until the mailbox signs in).
      expect(up.beforeAuthorization?.summary.resourceChanges).toEqual({ create: 31 });
      expect(up.beforeAuthorization?.outputs.pendingAuthorizations.value).toHaveLength(addresses.length);
      expect(up.authorized.sort()).toEqual([...addresses].sort());
      // Each pending account's placeholder gives way to the account Smartlead creates (nothing to delete there).
      expect(up.summary.resourceChanges).toEqual({ same: 25, replace: 6 });
      expect(up.outputs.pendingAuthorizations.value).toEqual([]);
      for (const name of names) {
        expect(up.outputs.domains.value[name]).toMatchObject({ ready: true, verified: true });
      }

      const again = await t.stack.up({ color: "never" });
      expect(again.summary.resourceChanges).toEqual({ same: 31 });
      // `pulumi preview --expect-no-changes` fails when anything would change.
      const quiet = await t.stack.preview({ color: "never", expectNoChanges: true });
      expect(quiet.changeSummary).toEqual({ same: 31 });

      // Drift by hand, one change in each system.
      const dmarc = "_dmarc.north.test";
      const declaredDmarc = (await txtSeenByEveryResolver(dmarc))[0];
      expect(declaredDmarc).toHaveLength(1);
      expect(world.dns.zones.remove(dmarc, "TXT")).toBe(1);
      google.suspendUser("ben@south.test");
      const anaWest = smartlead.findByEmail("ana@west.test");
      const benWest = smartlead.findByEmail("ben@west.test");
      if (!anaWest || !benWest) throw new Error("up did not connect the west.test mailboxes");
      smartlead.ui.setWarmup(anaWest.id, { enabled: false });
      smartlead.ui.removeAccount(benWest.id);
      // Let the slowest resolver see the deletion too.
      await new Promise((resolve) => setTimeout(resolve, Math.max(...resolverLagsMs) + 100));
      expect(await txtSeenByEveryResolver(dmarc)).toEqual(resolverLagsMs.map(() => []));

      const refreshed = changeLog();
      await t.stack.refresh({ color: "never", onEvent: refreshed.onEvent });
      expect(refreshed.changes()).toEqual([
        "delete SmartleadEmailAccount ben@west.test-smartlead",
        "update DnsReadiness north.test-readiness",
        "update SmartleadEmailAccount ana@west.test-smartlead",
        "update WorkspaceUser ben@south.test-user",
      ]);

      const repaired = changeLog();
      const registrar = world.registrar(300);
      await t.stack.up({
        color: "never",
        onEvent: (event) => {
          repaired.onEvent(event);
          registrar(event);
        },
      });
      expect(repaired.changes()).toEqual([
        "create SmartleadEmailAccount ben@west.test-smartlead",
        "update DnsReadiness north.test-readiness",
        "update SmartleadEmailAccount ana@west.test-smartlead",
        "update WorkspaceUser ben@south.test-user",
      ]);
      expect(await txtSeenByEveryResolver(dmarc)).toEqual(resolverLagsMs.map(() => declaredDmarc));
      expect(google.getUser("ben@south.test")?.suspended).toBe(false);
      expect(smartlead.findByEmail("ana@west.test")?.warmup.status).toBe("ACTIVE");
      expect(smartlead.findByEmail("ben@west.test")?.warmup.status).toBe("ACTIVE");

      // One user and one connected account per declared mailbox: nothing duplicated, nothing missing.
      const users = google.liveUsers().filter((u) => names.some((d) => u.primaryEmail.endsWith(`@${d}`)));
      expect(users.map((u) => u.primaryEmail).sort()).toEqual([...addresses].sort());
      expect(users.every((u) => !u.suspended)).toBe(true);
      expect(
        smartlead
          .liveAccounts(1)
          .map((a) => a.fromEmail)
          .sort(),
      ).toEqual([...addresses].sort());

      const converged = await t.stack.preview({ color: "never", expectNoChanges: true });
      expect(converged.changeSummary).toEqual({ same: 31 });
    } finally {
      await t.dispose();
    }
  });
});
