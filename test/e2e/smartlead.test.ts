import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LocalWorld, startLocalWorld } from "../../emulators/local-world";
import { sendingDomain } from "../support/fleet";
import { upAuthorized } from "./support/authorized-up";
import { changeLog } from "./support/changes";
import { declareDomains, localStack } from "./support/local-stack";

let world: LocalWorld;
beforeAll(async () => {
  world = await startLocalWorld({ resolverLagsMs: [0, 300] });
});
afterAll(() => world?.stop());

describe("Smartlead email accounts under the real engine", () => {
  it("refresh sees warmup turned off by hand, up restores it, campaigns converge both ways, a removed mailbox is disconnected", async () => {
    const smartlead = world.smartlead.state;
    // Not ACTIVE: Smartlead refuses removing the last account of an active campaign.
    const [founders, agencies, ecommerce] = ["Founders Q3", "Agencies Q3", "E-commerce Q3"].map(
      (name) => smartlead.addCampaign({ name, status: "PAUSED" }).id,
    );
    const t = await localStack(world, [sendingDomain("sl.test", { campaignIds: [founders, agencies] })]);
    const account = (email: string) => smartlead.findByEmail(email);
    try {
      // up, both mailboxes sign in once at the consent page, up connects them.
      const up = await upAuthorized(t.stack, world, { color: "never", onEvent: world.registrar(300) });
      expect(up.beforeAuthorization?.summary.resourceChanges).toEqual({ create: 11 });
      expect(up.summary.resourceChanges).toEqual({ same: 9, replace: 2 });
      const ana = account("ana@sl.test");
      const ben = account("ben@sl.test");
      if (!ana || !ben) throw new Error("up did not connect both mailboxes to Smartlead");
      for (const a of [ana, ben]) {
        expect(a.warmup.status).toBe("ACTIVE");
        expect(smartlead.campaignIdsOf(a.id)).toEqual([founders, agencies].sort());
      }

      // Someone turns Ana's warmup off in Smartlead's web app.
      smartlead.ui.setWarmup(ana.id, { enabled: false });
      const refreshed = changeLog();
      const refresh = await t.stack.refresh({ color: "never", onEvent: refreshed.onEvent });
      expect(refreshed.changes()).toEqual(["update SmartleadEmailAccount ana@sl.test-smartlead"]);
      expect(refresh.summary.resourceChanges).toMatchObject({ update: 1 });

      const restored = changeLog();
      await t.stack.up({ color: "never", onEvent: restored.onEvent });
      expect(restored.changes()).toEqual(["update SmartleadEmailAccount ana@sl.test-smartlead"]);
      expect(account("ana@sl.test")?.warmup.status).toBe("ACTIVE");

      // The campaign list changes in the stack YAML: Founders out, E-commerce in.
      await declareDomains(t.stack, [sendingDomain("sl.test", { campaignIds: [agencies, ecommerce] })]);
      const moved = changeLog();
      await t.stack.up({ color: "never", onEvent: moved.onEvent });
      expect(moved.changes()).toEqual([
        "update SmartleadEmailAccount ana@sl.test-smartlead",
        "update SmartleadEmailAccount ben@sl.test-smartlead",
      ]);
      for (const a of [ana, ben]) expect(smartlead.campaignIdsOf(a.id)).toEqual([agencies, ecommerce].sort());
      expect([...(smartlead.campaigns.get(founders)?.accountIds ?? [])]).toEqual([]);

      // Ben leaves the stack YAML: his account stays in Smartlead, warmup off, out of every campaign.
      await declareDomains(t.stack, [
        sendingDomain("sl.test", { mailboxes: 1, campaignIds: [agencies, ecommerce] }),
      ]);
      const removed = changeLog();
      await t.stack.up({ color: "never", onEvent: removed.onEvent });
      expect(removed.changes()).toEqual([
        "delete Mailbox ben@sl.test",
        "delete SmartleadEmailAccount ben@sl.test-smartlead",
        "delete WorkspaceUser ben@sl.test-user",
      ]);
      const kept = account("ben@sl.test");
      expect(kept?.id).toBe(ben.id);
      expect(kept?.warmup.status).toBe("INACTIVE");
      expect(smartlead.campaignIdsOf(ben.id)).toEqual([]);
      expect(account("ana@sl.test")?.warmup.status).toBe("ACTIVE");
      expect(smartlead.campaignIdsOf(ana.id)).toEqual([agencies, ecommerce].sort());
      // One account per address, never a second one.
      expect(
        smartlead
          .liveAccounts(1)
          .map((a) => a.fromEmail)
          .sort(),
      ).toEqual(["ana@sl.test", "ben@sl.test"]);
    } finally {
      await t.dispose();
    }
  });
});
