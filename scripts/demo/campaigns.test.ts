import { describe, expect, it } from "vitest";
import { declaredCampaignIds } from "./campaigns";

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
