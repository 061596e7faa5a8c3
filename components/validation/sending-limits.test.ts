import { describe, expect, it } from "vitest";
import { quietDomain, summary, testConfig } from "../../test/support/config";
import { sendingLimitsRule } from "./sending-limits";

const mailbox = (smartlead: Record<string, unknown>) => ({
  username: "jane",
  firstName: "J",
  lastName: "D",
  smartlead,
});

describe("sendingLimitsRule", () => {
  it.each([
    { name: "seed defaults", smartlead: {}, issues: [] },
    {
      name: "warmup off",
      smartlead: { warmup: { enabled: false } },
      issues: [
        {
          severity: "warning",
          path: "mailinfra:domains[0].mailboxes[0].smartlead.warmup.enabled",
          message:
            "jane@example.com sends campaigns without warmup; new mailboxes that skip warmup land in spam",
        },
      ],
    },
    {
      name: "ramp-up above the daily warmup",
      smartlead: { warmup: { perDay: 10, dailyRampup: 20 } },
      issues: [
        {
          severity: "warning",
          path: "mailinfra:domains[0].mailboxes[0].smartlead.warmup.dailyRampup",
          message: "rises by 20 a day, more than the 10 warmup emails a day it ramps to",
        },
      ],
    },
    {
      name: "too many campaign emails a day",
      smartlead: { maxEmailsPerDay: 120 },
      issues: [
        {
          severity: "warning",
          path: "mailinfra:domains[0].mailboxes[0].smartlead.maxEmailsPerDay",
          message: "120 campaign emails a day from one mailbox is above the 50 cold-email senders keep to",
        },
      ],
    },
    {
      name: "campaigns on a mailbox kept out of Smartlead",
      smartlead: { enabled: false, campaignIds: [42] },
      issues: [
        {
          severity: "warning",
          path: "mailinfra:domains[0].mailboxes[0].smartlead.campaignIds",
          message: "jane@example.com is not connected to Smartlead, so campaigns 42 are ignored",
        },
      ],
    },
  ])("$name", ({ smartlead, issues }) => {
    const config = testConfig([quietDomain("example.com", { mailboxes: [mailbox(smartlead)] })]);
    expect(summary(sendingLimitsRule(config))).toEqual(issues);
  });

  it("blames a domain-level Smartlead default on the mailbox path it applies to", () => {
    const config = testConfig([
      quietDomain("example.com", { smartlead: { maxEmailsPerDay: 80 }, mailboxes: [mailbox({})] }),
    ]);
    expect(summary(sendingLimitsRule(config)).map((i) => i.path)).toEqual([
      "mailinfra:domains[0].mailboxes[0].smartlead.maxEmailsPerDay",
    ]);
  });
});
