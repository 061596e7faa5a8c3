import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LocalWorld, startLocalWorld } from "../../emulators/local-world";
import { mailboxes, sendingDomain } from "../support/fleet";
import { upAuthorized } from "./support/authorized-up";
import { changeLog } from "./support/changes";
import { declareDomains, localStack } from "./support/local-stack";

let world: LocalWorld;
beforeAll(async () => {
  world = await startLocalWorld({ resolverLagsMs: [0, 300] });
});
afterAll(() => world?.stop());

describe("renaming a mailbox under the real engine", () => {
  it("username ben → benjamin with renamedFrom: ben renames the Workspace user in place and moves Smartlead to a new account", async () => {
    const google = world.google.state;
    const smartlead = world.smartlead.state;
    const campaign = smartlead.addCampaign({ name: "Renames Q3", status: "PAUSED" }).id;
    const [ana, ben] = mailboxes(2);
    if (!ana || !ben) throw new Error("the fleet's cast has no ana and ben");
    const t = await localStack(
      world,
      [sendingDomain("rn.test", { mailboxes: [ana, ben], campaignIds: [campaign] })],
      {
        exportPasswords: true,
      },
    );
    try {
      const up = await upAuthorized(t.stack, world, { color: "never", onEvent: world.registrar(300) });
      expect(up.beforeAuthorization?.summary.resourceChanges).toEqual({ create: 11 });
      expect(up.authorized.sort()).toEqual(["ana@rn.test", "ben@rn.test"]);
      const [, benPassword] = up.outputs.passwords.value as string[];
      const before = google.getUser("ben@rn.test");
      const oldAccount = smartlead.findByEmail("ben@rn.test");
      if (!before || !benPassword || !oldAccount)
        throw new Error("the first up did not create Ben's mailbox");

      // Ben's username changes in the stack YAML; the old name is kept as renamedFrom.
      await declareDomains(t.stack, [
        sendingDomain("rn.test", {
          mailboxes: [ana, { ...ben, username: "benjamin", renamedFrom: "ben" }],
          campaignIds: [campaign],
        }),
      ]);
      const planned = changeLog();
      await t.stack.preview({ color: "never", onEvent: planned.onEvent });
      const renamed = changeLog();
      const rename = await t.stack.up({ color: "never", onEvent: renamed.onEvent });
      // The user is updated, never created or deleted. Smartlead cannot change an account's address, so the new
      // address needs an account of its own, connected with its own authorization: until benjamin@ signs in,
      // the old account is left as it is, still sending (ben@ stays an alias of the user).
      const expected = ["update WorkspaceUser benjamin@rn.test-user"];
      expect(planned.changes()).toEqual(expected);
      expect(renamed.changes()).toEqual(expected);
      expect(rename.outputs.pendingAuthorizations.value).toEqual([
        expect.objectContaining({ address: "benjamin@rn.test" }),
      ]);
      expect(smartlead.findByEmail("ben@rn.test")?.warmup.status).toBe("ACTIVE");

      // Google: one user, the same id, the new primary address, the old one an alias, still active.
      const benUsers = google.liveUsers().filter((u) => u.givenName === "Ben");
      expect(benUsers.map((u) => u.id)).toEqual([before.id]);
      const after = google.getUser(before.id);
      expect(after).toMatchObject({
        primaryEmail: "benjamin@rn.test",
        aliases: ["ben@rn.test"],
        suspended: false,
      });
      expect(google.getUser("ben@rn.test")?.id).toBe(before.id);
      // The password the stack handed out still opens the mailbox, under its new name.
      const [, passwordAfter] = rename.outputs.passwords.value as string[];
      expect(passwordAfter).toBe(benPassword);
      expect(google.verifyPassword("benjamin@rn.test", benPassword)).toBe(true);
      expect(rename.outputs.domains.value["rn.test"].mailboxes[1]).toMatchObject({
        email: "benjamin@rn.test",
        suspended: false,
      });

      // Benjamin signs in once under the new address; the next up connects a new account, then disconnects the
      // old one (replace), keeping its history.
      const moved = changeLog();
      const connect = await upAuthorized(t.stack, world, { color: "never", onEvent: moved.onEvent });
      expect(connect.authorized).toEqual(["benjamin@rn.test"]);
      expect(moved.changes()).toEqual([
        "create-replacement SmartleadEmailAccount benjamin@rn.test-smartlead",
        // The old account (under the new name since the rename's up moved it by its alias), disconnected.
        "delete-replaced SmartleadEmailAccount benjamin@rn.test-smartlead",
        "replace SmartleadEmailAccount benjamin@rn.test-smartlead",
      ]);
      expect(connect.summary.resourceChanges).toMatchObject({ replace: 1 });
      expect(connect.summary.resourceChanges).not.toHaveProperty("create");
      expect(connect.summary.resourceChanges).not.toHaveProperty("delete");

      // Smartlead: the old account is kept, disconnected, with its history; the new address is connected.
      const kept = smartlead.findByEmail("ben@rn.test");
      expect(kept?.id).toBe(oldAccount.id);
      expect(kept?.warmup.status).toBe("INACTIVE");
      expect(smartlead.campaignIdsOf(oldAccount.id)).toEqual([]);
      const connected = smartlead.findByEmail("benjamin@rn.test");
      expect(connected?.id).not.toBe(oldAccount.id);
      expect(connected?.warmup.status).toBe("ACTIVE");
      expect(smartlead.campaignIdsOf(connected?.id ?? -1)).toEqual([campaign]);

      // Nothing drifted, and the next preview plans nothing.
      const refreshed = changeLog();
      await t.stack.refresh({ color: "never", onEvent: refreshed.onEvent });
      expect(refreshed.changes()).toEqual([]);
      const next = changeLog();
      await t.stack.preview({ color: "never", onEvent: next.onEvent });
      expect(next.changes()).toEqual([]);
    } finally {
      await t.dispose();
    }
  });
});
