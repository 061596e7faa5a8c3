import { describe, expect, it } from "vitest";
import { campaignLines, declaredCampaignIds } from "./campaigns";

describe("declaredCampaignIds", () => {
  it("collects campaign ids from defaults, domains and mailboxes, once each, ascending", () => {
    expect(
      declaredCampaignIds({
        "mailinfra:defaults": { smartlead: { campaignIds: [502] } },
        "mailinfra:domains": [
          { name: "a.test", smartlead: { campaignIds: [501, 502] } },
          { name: "b.test", mailboxes: [{ username: "x", smartlead: { campaignIds: [503] } }] },
        ],
      }),
    ).toEqual([501, 502, 503]);
  });
});

describe("campaignLines", () => {
  it("lists each campaign's members as Smartlead has them, then each waiting mailbox on its up line", async () => {
    const { start } = await import("../../emulators/smartlead");
    const smartlead = await start({ apiKeys: ["k"] });
    try {
      const c = smartlead.state.addCampaign({ name: "Demo campaign 501" });
      const ana = smartlead.state.addAccount({ fromEmail: "ana@a.test" });
      smartlead.state.addAccount({ fromEmail: "ben@b.test" });
      smartlead.state.ui.addToCampaign(c.id, ana.id);
      const waiting = [
        { address: "ben@b.test", campaignIds: [c.id], reasons: ["b.test is listed on Spamhaus DBL"] },
      ];
      expect(campaignLines(smartlead, ["ana@a.test", "ben@b.test"], waiting)).toEqual([
        `campaign ${c.id}: ana@a.test`,
        `waiting — ben@b.test waits to join campaign ${c.id}: b.test is listed on Spamhaus DBL. The next \`pulumi up\` after that assigns it.`,
      ]);
    } finally {
      await smartlead.stop();
    }
  });
});
