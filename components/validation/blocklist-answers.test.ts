import * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import { quietDomain, testConfig } from "../../test/support/config";
import { blocklistAnswersRule } from "./blocklist-answers";

const smartlead = { apiKey: pulumi.secret("sl-key") };
const withCampaigns = quietDomain("a.test", {
  smartlead: { campaignIds: [501] },
  mailboxes: [{ username: "ana", firstName: "Ana", lastName: "Lima" }],
});

describe("blocklistAnswersRule", () => {
  it("warns once when mailboxes wait on blocklists that only public resolvers would ask, with the fix", () => {
    const issues = blocklistAnswersRule(testConfig([withCampaigns, withCampaigns], { smartlead }));
    expect(issues.map((i) => `${i.severity} ${i.path}`)).toEqual(["warning mailinfra:health"]);
    expect(issues[0]?.message).toContain("1.1.1.1, 8.8.8.8, 9.9.9.9, which Spamhaus, URIBL and SURBL refuse");
    expect(issues[0]?.fix).toContain(
      "pulumi config set --secret --path 'mailinfra:health.spamhausDqsKey' <key>",
    );
  });

  it("is quiet with a DQS key, with blocklist resolvers, with the stack's own resolvers, or with no campaigns", () => {
    const cases = [
      testConfig([withCampaigns], { smartlead, health: { spamhausDqsKey: pulumi.secret("k".repeat(26)) } }),
      testConfig([withCampaigns], { smartlead, health: { blocklistResolvers: ["10.0.0.53"] } }),
      testConfig([withCampaigns], { smartlead, readiness: { resolvers: ["10.0.0.53", "1.1.1.1"] } }),
      testConfig([quietDomain("a.test")], { smartlead }),
    ];
    expect(cases.map((c) => blocklistAnswersRule(c))).toEqual([[], [], [], []]);
  });
});
