import { describe, expect, it } from "vitest";
import { quietDomain, testConfig } from "../../test/support/config";
import {
  declaredCampaigns,
  distinctCampaignIds,
  unknownCampaignIssues,
} from "./smartlead-declared-campaigns";

const mailbox = (username: string, smartlead?: Record<string, unknown>) => ({
  username,
  firstName: "Ana",
  lastName: "Lima",
  ...(smartlead ? { smartlead } : {}),
});

describe("declaredCampaigns", () => {
  it("names each id by the line that writes it: domain, mailbox or defaults, at its index as written", () => {
    const config = testConfig(
      [
        quietDomain("a.com", {
          smartlead: { campaignIds: [30, 10] },
          mailboxes: [mailbox("ana", { campaignIds: [10, 40] }), mailbox("ben")],
        }),
        quietDomain("b.com", { mailboxes: [mailbox("cy"), mailbox("di")] }),
        quietDomain("c.com", { mailboxes: [mailbox("ed")] }),
      ],
      {
        defaults: {
          dns: { host: "manual", registrar: "other" },
          smartlead: { campaignIds: [50] },
        },
      },
    );
    expect(declaredCampaigns(config)).toEqual([
      { campaignId: 10, path: "mailinfra:domains[0].smartlead.campaignIds[1]" },
      { campaignId: 30, path: "mailinfra:domains[0].smartlead.campaignIds[0]" },
      { campaignId: 40, path: "mailinfra:domains[0].mailboxes[0].smartlead.campaignIds[1]" },
      // Two domains inherit it: one line to fix, one declaration.
      { campaignId: 50, path: "mailinfra:defaults.smartlead.campaignIds[0]" },
    ]);
  });

  it("blames mailinfra:defaults for mailboxes declared there", () => {
    const config = testConfig([quietDomain("a.com"), quietDomain("b.com")], {
      defaults: {
        dns: { host: "manual", registrar: "other" },
        mailboxes: [mailbox("ana", { campaignIds: [7] })],
      },
    });
    expect(declaredCampaigns(config)).toEqual([
      { campaignId: 7, path: "mailinfra:defaults.mailboxes[0].smartlead.campaignIds[0]" },
    ]);
  });

  it("leaves out ids no connected mailbox uses", () => {
    const disabled = testConfig([
      quietDomain("a.com", {
        smartlead: { campaignIds: [1] },
        mailboxes: [mailbox("ana", { enabled: false, campaignIds: [2] })],
      }),
      quietDomain("b.com", { smartlead: { campaignIds: [3] } }), // no mailbox at all
    ]);
    expect(declaredCampaigns(disabled)).toEqual([]);
    const noSmartlead = testConfig(
      [quietDomain("a.com", { mailboxes: [mailbox("ana", { campaignIds: [4] })] })],
      {
        smartlead: undefined,
      },
    );
    expect(declaredCampaigns(noSmartlead)).toEqual([]);
  });

  it("looks each distinct id up once, however many mailboxes and domains use it", () => {
    const domains = Array.from({ length: 20 }, (_, i) =>
      quietDomain(`d${i}.com`, {
        smartlead: { campaignIds: [9, 8] },
        mailboxes: [mailbox("ana", { campaignIds: [7] }), mailbox("ben", { campaignIds: [7, 9] })],
      }),
    );
    expect(distinctCampaignIds(declaredCampaigns(testConfig(domains)))).toEqual([7, 8, 9]);
  });
});

describe("unknownCampaignIssues", () => {
  const declarations = [
    { campaignId: 10, path: "mailinfra:domains[0].smartlead.campaignIds[0]" },
    { campaignId: 999, path: "mailinfra:domains[0].smartlead.campaignIds[1]" },
    { campaignId: 999, path: "mailinfra:domains[1].mailboxes[0].smartlead.campaignIds[0]" },
  ];

  it("reports only the unknown id, at every line that writes it, offering existing campaigns", () => {
    const issues = unknownCampaignIssues(declarations, new Set([999]), [
      { id: 10, name: "Q3 founders" },
      { id: 9 },
    ]);
    expect(issues.map((i) => [i.severity, i.path, i.message])).toEqual([
      [
        "error",
        "mailinfra:domains[0].smartlead.campaignIds[1]",
        "campaign 999 does not exist in Smartlead (or this API key cannot see it)",
      ],
      [
        "error",
        "mailinfra:domains[1].mailboxes[0].smartlead.campaignIds[0]",
        "campaign 999 does not exist in Smartlead (or this API key cannot see it)",
      ],
    ]);
    expect(issues[0].fix).toBe(
      "Replace 999 with the id of an existing campaign, or remove it; create the campaign in Smartlead first if it is new. Campaigns this API key sees: 10 (Q3 founders), 9.",
    );
  });

  it("shows at most five existing campaigns and nothing when every id exists", () => {
    const many = Array.from({ length: 8 }, (_, k) => ({ id: 100 - k }));
    expect(unknownCampaignIssues(declarations, new Set([999]), many)[0].fix).toMatch(
      /sees: 100, 99, 98, 97, 96, \.\.\.\.$/,
    );
    expect(unknownCampaignIssues(declarations, new Set([]), many)).toEqual([]);
    expect(unknownCampaignIssues(declarations, new Set([10]))[0].fix).toMatch(/sees no campaign yet\.$/);
  });
});
