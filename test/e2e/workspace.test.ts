import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LocalWorld, startLocalWorld } from "../../emulators/local-world";
import { sendingDomain } from "../support/fleet";
import { changeLog } from "./support/changes";
import { declareDomains, localStack } from "./support/local-stack";
import { knownSecrets, leakedSecrets } from "./support/secrets";

let world: LocalWorld;
beforeAll(async () => {
  world = await startLocalWorld({ resolverLagsMs: [0, 300] });
});
afterAll(() => world?.stop());

const registrarLagMs = 300;

describe("Google Workspace mailboxes under the real engine", () => {
  it("refresh sees a user suspended by hand, up restores it, a removed mailbox is suspended and kept", async () => {
    const domain = sendingDomain("ws.test", { mailboxes: 2 });
    const t = await localStack(world, [domain], { exportPasswords: true });
    try {
      const up = await t.stack.up({ color: "never", onEvent: world.registrar(registrarLagMs) });
      // Stack, MailDomain, WorkspaceDomain, DnsReadiness, verification, and per mailbox: Mailbox, user, account.
      expect(up.summary.resourceChanges).toEqual({ create: 11 });
      expect(up.outputs.passwords.secret).toBe(true);
      const passwords = up.outputs.passwords.value as string[];
      expect(passwords).toHaveLength(2);
      expect(world.google.state.getUser("ana@ws.test")?.suspended).toBe(false);
      expect(world.google.state.getUser("ben@ws.test")?.suspended).toBe(false);

      // An admin suspends Ana in the Admin console.
      world.google.state.suspendUser("ana@ws.test");
      const refreshed = changeLog();
      const refresh = await t.stack.refresh({ color: "never", onEvent: refreshed.onEvent });
      expect(refreshed.changes()).toEqual(["update WorkspaceUser ana@ws.test-user"]);
      expect(refresh.summary.resourceChanges).toMatchObject({ update: 1 });

      const planned = changeLog();
      await t.stack.preview({ color: "never", onEvent: planned.onEvent });
      expect(planned.changes()).toContain("update WorkspaceUser ana@ws.test-user");

      const restored = changeLog();
      const restore = await t.stack.up({ color: "never", onEvent: restored.onEvent });
      expect(restored.changes()).toEqual(["update WorkspaceUser ana@ws.test-user"]);
      expect(restore.outputs.domains.value["ws.test"].mailboxes[0]).toMatchObject({
        email: "ana@ws.test",
        suspended: false,
      });
      expect(world.google.state.getUser("ana@ws.test")?.suspended).toBe(false);

      // Ben is removed from the stack YAML: his mailbox is suspended, not deleted, and keeps its mail.
      await declareDomains(t.stack, [sendingDomain("ws.test", { mailboxes: 1 })]);
      const removed = changeLog();
      const removal = await t.stack.up({ color: "never", onEvent: removed.onEvent });
      expect(removed.changes()).toEqual([
        "delete Mailbox ben@ws.test",
        "delete SmartleadEmailAccount ben@ws.test-smartlead",
        "delete WorkspaceUser ben@ws.test-user",
      ]);
      expect(removal.outputs.domains.value["ws.test"].mailboxes).toHaveLength(1);
      const ben = world.google.state.getUser("ben@ws.test");
      expect(ben).toBeDefined();
      expect(ben?.suspended).toBe(true);
      expect(world.google.state.getUser("ana@ws.test")?.suspended).toBe(false);
      const mailboxes = world.google.state.liveUsers().filter((u) => u.primaryEmail.endsWith("@ws.test"));
      expect(mailboxes.map((u) => u.primaryEmail).sort()).toEqual(["ana@ws.test", "ben@ws.test"]);

      const destroy = await t.stack.destroy({ color: "never" });
      expect(destroy.summary.resourceChanges).toEqual({ delete: 8 });
      expect(world.google.state.getUser("ana@ws.test")?.suspended).toBe(true);

      // Every checkpoint and backup the backend kept, from first up to destroy.
      expect(leakedSecrets(t.stateText(), knownSecrets(world, passwords))).toEqual([]);
      expect(t.stateText()).toMatch(/"password":\s*\{\s*"4dabf18193072939515e22adb298388d"/);
    } finally {
      await t.dispose();
    }
  });
});
