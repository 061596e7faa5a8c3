import fc from "fast-check";
import { afterEach, describe, expect, it } from "vitest";
import { quietDomain, summary, testConfig } from "../../test/support/config";
import { parseConfig } from "../config/parse";
import type { MailinfraConfig } from "../config/schema";
import type { SpfResolver } from "../dns/spf-flatten";
import { SYNC_RULES, validateConfig, validateConfigSync } from "./validate";

const noSpfAnywhere: SpfResolver = {
  resolveTxt: () => Promise.reject(Object.assign(new Error("nx"), { code: "ENOTFOUND" })),
};

describe("validateConfig", () => {
  const config = () =>
    testConfig([
      quietDomain("example.com", {
        spf: { ip4: ["999.1.1.1"] },
        dmarc: { rua: "dmarc@example.com" },
        mailboxes: [{ username: "john..doe", firstName: "J", lastName: "D" }],
        tracking: { subdomain: "@" },
      }),
      quietDomain("EXAMPLE.com"),
    ]);

  it("reports every problem at once, each with its path", async () => {
    expect(summary(await validateConfig(config())).map((i) => `${i.severity} ${i.path}`)).toEqual([
      "error mailinfra:domains[1].name",
      "error mailinfra:domains[0].mailboxes[0].username",
      "error mailinfra:domains[0].spf.ip4[0]",
      "error mailinfra:domains[0].dmarc.rua[0]",
      "warning mailinfra:dmarcReports",
      "error mailinfra:domains[0].tracking.subdomain",
    ]);
  });

  it("adds the DNS checks only when a resolver is given", async () => {
    const clean = testConfig([quietDomain("example.com")], {
      dmarcReports: { mailbox: "dmarc-reports@example.com" },
    });
    expect(await validateConfig(clean)).toEqual([]);
    expect(summary(await validateConfig(clean, { resolver: noSpfAnywhere }))).toEqual([
      {
        severity: "error",
        path: "mailinfra:domains[0].platform",
        message:
          "include:_spf.google.com: _spf.google.com publishes no SPF record, which makes include:_spf.google.com a permerror",
      },
    ]);
  });

  describe("when a rule fails", () => {
    const name = "test: broken rule";
    afterEach(() => {
      delete SYNC_RULES[name];
    });

    it("reports the failure as an issue and still runs every other rule", () => {
      SYNC_RULES[name] = () => {
        throw new Error("boom");
      };
      const issues = validateConfigSync(config());
      expect(issues).toContainEqual({
        severity: "error",
        path: "mailinfra:",
        message: "the test: broken rule check could not run on this configuration (boom)",
        fix: "Check the configuration against stacks/Pulumi.example.yaml; if it matches, report this as a mailinfra bug.",
      });
      expect(issues.filter((i) => i.path.startsWith("mailinfra:domains"))).toHaveLength(5);
    });
  });

  it("never throws, on arbitrary input or on any parsed configuration", async () => {
    const domain = fc.record(
      {
        name: fc.oneof(fc.domain(), fc.constantFrom("bücher.de", "a..b", "x")),
        platform: fc.constantFrom(
          "google-workspace",
          { kind: "microsoft-365", tenant: "t t" },
          { kind: "custom", mx: [{ host: "@", priority: 1 }] },
        ),
        spf: fc.record(
          {
            includes: fc.array(fc.string(), { maxLength: 12 }),
            ip4: fc.array(fc.string(), { maxLength: 3 }),
            flatten: fc.boolean(),
          },
          { requiredKeys: [] },
        ),
        dmarc: fc.record(
          { rua: fc.array(fc.string(), { maxLength: 2 }), fo: fc.constantFrom("1", "0:d") },
          { requiredKeys: [] },
        ),
        dkim: fc.record(
          { publicKey: fc.string({ minLength: 1 }), selector: fc.string({ minLength: 1 }) },
          { requiredKeys: [] },
        ),
        tracking: fc.record(
          {
            provider: fc.constantFrom("smartlead", "instantly", "none"),
            subdomain: fc.string({ minLength: 1 }),
          },
          { requiredKeys: [] },
        ),
        mailboxes: fc.array(
          fc.record({
            username: fc.string({ minLength: 1 }),
            firstName: fc.string({ minLength: 1 }),
            lastName: fc.string({ minLength: 1 }),
            orgUnit: fc.string({ minLength: 1 }),
          }),
          { maxLength: 3 },
        ),
      },
      { requiredKeys: ["name"] },
    );
    await fc.assert(
      fc.asyncProperty(fc.array(domain, { minLength: 1, maxLength: 4 }), async (domains) => {
        const { config } = parseConfig({
          defaults: { dns: { host: "manual", registrar: "other" } },
          domains,
        });
        if (config === undefined) return;
        const issues = await validateConfig(config, { resolver: noSpfAnywhere });
        for (const issue of issues) {
          expect(["error", "warning"]).toContain(issue.severity);
          expect(issue.path).toMatch(/^mailinfra:/);
          expect(issue.fix.length).toBeGreaterThan(0);
        }
        expect(issues.filter((i) => i.message.includes("could not run"))).toEqual([]);
      }),
      { numRuns: 150 },
    );
    await fc.assert(
      fc.asyncProperty(fc.anything(), async (garbage) => {
        const issues = await validateConfig(garbage as MailinfraConfig);
        expect(Array.isArray(issues)).toBe(true);
      }),
      { numRuns: 150 },
    );
  });
});
