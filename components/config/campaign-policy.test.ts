import { describe, expect, it } from "vitest";
import { CAMPAIGN_POLICY_DEFAULTS } from "./campaign-policy";
import { parseConfig } from "./parse";

const manual = { host: "manual", registrar: "godaddy" };

function parse(defaults: unknown, domain: Record<string, unknown>) {
  return parseConfig({
    ...(defaults === undefined ? {} : { "mailinfra:defaults": defaults }),
    "mailinfra:domains": [{ name: "send.test", dns: manual, ...domain }],
  });
}

describe("campaignPolicy", () => {
  it("defaults to the documented 14 warmup days, score 70, listed mailboxes kept in their campaigns", () => {
    const { config, issues } = parse(undefined, {});
    expect(issues).toEqual([]);
    expect(config?.domains[0]?.campaignPolicy).toEqual({
      warmupDays: 14,
      minHealthScore: 70,
      whenListed: "keep",
    });
    expect(CAMPAIGN_POLICY_DEFAULTS).toEqual({ warmupDays: 14, minHealthScore: 70, whenListed: "keep" });
  });

  it("takes mailinfra:defaults, and a domain's own setting wins field by field", () => {
    const { config, issues } = parse(
      { campaignPolicy: { warmupDays: 21, whenListed: "leave" } },
      { campaignPolicy: { warmupDays: 0 } },
    );
    expect(issues).toEqual([]);
    expect(config?.domains[0]?.campaignPolicy).toEqual({
      warmupDays: 0,
      minHealthScore: 70,
      whenListed: "leave",
    });
  });

  it("names the setting, the line that wrote it and the fix for a value out of range", () => {
    const { config, issues } = parse(
      { campaignPolicy: { minHealthScore: 120 } },
      { campaignPolicy: { warmupDays: -1, whenListed: "pause", minutes: 3 } },
    );
    expect(config).toBeUndefined();
    const byPath = Object.fromEntries(issues.map((i) => [i.path, i]));
    expect(byPath["mailinfra:domains[0].campaignPolicy.warmupDays"]?.message).toMatch(
      /from 0 to 365 days, not -1/,
    );
    expect(byPath["mailinfra:domains[0].campaignPolicy.warmupDays"]?.fix).toMatch(
      /Set campaignPolicy.warmupDays/,
    );
    expect(byPath["mailinfra:defaults.campaignPolicy.minHealthScore"]?.message).toMatch(/from 0 to 100/);
    expect(byPath["mailinfra:domains[0].campaignPolicy.whenListed"]?.message).toMatch(
      /"pause"; expected one of "keep", "leave"/,
    );
    expect(Object.keys(byPath).some((p) => p.includes("minutes"))).toBe(true);
  });
});
