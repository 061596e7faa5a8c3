import * as pulumi from "@pulumi/pulumi";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DEFAULT_WORKSPACE_CONNECTION } from "./mailbox-connection";
import { parseConfig } from "./parse";

const manual = { host: "manual", registrar: "godaddy" };

function errorsOf(raw: unknown) {
  return parseConfig(raw).issues.map(({ path, message }) => ({ path, message }));
}

describe("parseConfig", () => {
  it("merges defaults into each domain, converts names to punycode and fills every default", () => {
    const { config, issues } = parseConfig({
      "mailinfra:defaults": {
        dns: manual,
        dmarc: { p: "quarantine" },
        smartlead: { campaignIds: [9, 3], warmup: { perDay: 20 } },
      },
      "mailinfra:domains": [
        {
          name: " Bücher.DE. ",
          dmarc: { sp: "reject" },
          mailboxes: [
            {
              username: "Jane.Doe",
              firstName: " Jane ",
              lastName: "Doe",
              smartlead: { campaignIds: [3, 1] },
            },
          ],
        },
      ],
      "aws:region": "eu-west-1",
    });
    expect(issues).toEqual([]);
    expect(config).toEqual({
      readiness: { timeoutMinutes: 30 },
      authorizations: {},
      health: {},
      domains: [
        {
          name: "xn--bcher-kva.de",
          displayName: "bücher.de",
          dns: { host: "manual", registrar: "godaddy" },
          platform: { kind: "google-workspace" },
          spf: { includes: [], ip4: [], ip6: [], all: "~all", flatten: false },
          dkim: { selector: "google" },
          dmarc: {
            p: "quarantine",
            sp: "reject",
            rua: [],
            ruf: [],
            adkim: "r",
            aspf: "r",
            acceptReportsFor: [],
          },
          tracking: { provider: "smartlead", subdomain: "emailtracking", target: "open.sleadtrack.com" },
          ttl: 3600,
          smartlead: { campaignIds: [3, 9] },
          campaignPolicy: { warmupDays: 14, minHealthScore: 70, whenListed: "keep" },
          mailboxes: [
            {
              username: "jane.doe",
              address: "jane.doe@xn--bcher-kva.de",
              firstName: "Jane",
              lastName: "Doe",
              orgUnit: "/",
              adopt: false,
              onDelete: "suspend",
              connection: DEFAULT_WORKSPACE_CONNECTION,
              smartlead: {
                enabled: true,
                warmup: { enabled: true, perDay: 20, dailyRampup: 5, replyRate: 30 },
                maxEmailsPerDay: 50,
                campaignIds: [1, 3, 9],
                onDelete: "disconnect",
              },
            },
          ],
        },
      ],
    });
  });

  it("accepts keys without the namespace", () => {
    expect(parseConfig({ domains: [{ name: "a.com", dns: manual }] }).config?.domains[0].name).toBe("a.com");
  });

  it("reports keys meant for mailinfra under another namespace, by the key as written, and ignores other programs' keys", () => {
    const { config, issues } = parseConfig({
      "mailinfra:domains": [{ name: "a.com", dns: manual }],
      "mailinfa:defaults": { ttl: 300 },
      "Mailinfra:readiness": { timeoutMinutes: 10 },
      "pulumi:domains": [{ name: "b.com", dns: manual }],
      "cloudflare:apiToken": null,
      "pulumi:tags": { team: "growth" },
      "aws:region": "eu-west-1",
    });
    expect(config).toBeUndefined();
    expect(issues.map((i) => [i.path, i.fix])).toEqual([
      [
        "mailinfa:defaults",
        "Rename the key to `mailinfra:defaults` in stacks/Pulumi.<stack>.yaml (or remove it).",
      ],
      [
        "Mailinfra:readiness",
        "Rename the key to `mailinfra:readiness` in stacks/Pulumi.<stack>.yaml (or remove it).",
      ],
      [
        "pulumi:domains",
        "Rename the key to `mailinfra:domains` in stacks/Pulumi.<stack>.yaml; on the command line, name the namespace: `pulumi config set --path mailinfra:domains ...`.",
      ],
    ]);
  });

  it("authorizes reports on a domain of the stack that receives another's DMARC reports", () => {
    const { config } = parseConfig({
      domains: [
        { name: "main.com", dns: manual },
        { name: "b.io", dns: manual, dmarc: { rua: "mailto:dmarc@main.com", ruf: "mailto:f@MAIN.com" } },
        { name: "c.io", dns: manual, dmarc: { rua: "mailto:dmarc@main.com" } },
        { name: "d.io", dns: manual, dmarc: { rua: "mailto:dmarc@outside.net" } },
      ],
    });
    expect(config?.domains.map((d) => d.dmarc.acceptReportsFor)).toEqual([["b.io", "c.io"], [], [], []]);
  });

  it.each([
    {
      name: "not an object",
      raw: "mailinfra:domains: []",
      errors: [{ path: "mailinfra:", message: "the configuration is not a map of settings" }],
    },
    { name: "no domains", raw: {}, errors: [{ path: "mailinfra:domains", message: "is required" }] },
    {
      name: "empty domain list",
      raw: { domains: [] },
      errors: [{ path: "mailinfra:domains", message: "lists no domain" }],
    },
    {
      name: "unknown top-level key",
      raw: { "mailinfra:domain": [], "mailinfra:domains": [{ name: "a.com", dns: manual }] },
      errors: [{ path: "mailinfra:domain", message: "is not a mailinfra setting" }],
    },
    {
      name: "domain entry that is not an object",
      raw: { domains: ["a.com"] },
      errors: [{ path: "mailinfra:domains[0]", message: "must be an object with at least `name` and `dns`" }],
    },
    {
      name: "missing DNS host",
      raw: { domains: [{ name: "a.com" }] },
      errors: [{ path: "mailinfra:domains[0].dns", message: "is required" }],
    },
    {
      name: "unknown DNS host",
      raw: { domains: [{ name: "a.com", dns: { host: "route53" } }] },
      errors: [
        {
          path: "mailinfra:domains[0].dns.host",
          message: 'is "route53"; expected one of "cloudflare", "manual"',
        },
      ],
    },
    {
      name: "Microsoft 365 without its tenant",
      raw: { domains: [{ name: "a.com", dns: manual, platform: "microsoft-365" }] },
      errors: [{ path: "mailinfra:domains[0].platform.tenant", message: "is required" }],
    },
    {
      name: "custom tracking without a target",
      raw: { domains: [{ name: "a.com", dns: manual, tracking: { provider: "custom" } }] },
      errors: [
        {
          path: "mailinfra:domains[0].tracking.target",
          message: "is required when tracking.provider is custom",
        },
      ],
    },
    {
      name: "typo in a nested setting, wrong enum, out-of-range numbers",
      raw: {
        domains: [
          {
            name: "a.com",
            dns: manual,
            dmarc: { polcy: "reject", p: "block", pct: 150 },
            ttl: 30,
            mailboxes: [
              { username: "x", firstName: "X", lastName: "Y", smartlead: { warmup: { replyRate: 101 } } },
            ],
          },
        ],
      },
      errors: [
        {
          path: "mailinfra:domains[0].dmarc.p",
          message: 'is "block"; expected one of "none", "quarantine", "reject"',
        },
        { path: "mailinfra:domains[0].dmarc.pct", message: "must be at most 100, not 150" },
        { path: "mailinfra:domains[0].dmarc.polcy", message: "is not a mailinfra setting" },
        { path: "mailinfra:domains[0].ttl", message: "must be at least 60, not 30" },
        {
          path: "mailinfra:domains[0].mailboxes[0].smartlead.warmup.replyRate",
          message: "must be from 20 to 100, the range Smartlead accepts, not 101",
        },
      ],
    },
    {
      name: "a bad default is blamed on mailinfra:defaults once, not on every domain",
      raw: {
        defaults: { dns: manual, dmarc: { p: "off" } },
        domains: [{ name: "a.com" }, { name: "b.com" }, { name: "c.com", dmarc: { p: "nope" } }],
      },
      errors: [
        {
          path: "mailinfra:defaults.dmarc.p",
          message: 'is "off"; expected one of "none", "quarantine", "reject"',
        },
        {
          path: "mailinfra:domains[2].dmarc.p",
          message: 'is "nope"; expected one of "none", "quarantine", "reject"',
        },
      ],
    },
    {
      name: "name and zone id cannot be defaults",
      raw: {
        defaults: { name: "x.com", dns: { host: "cloudflare", accountId: "a", zoneId: "z" } },
        domains: [{ name: "a.com" }],
      },
      errors: [
        { path: "mailinfra:defaults.name", message: "cannot be a default: every domain has its own name" },
        {
          path: "mailinfra:defaults.dns.zoneId",
          message: "cannot be a default: a Cloudflare zone id belongs to one domain",
        },
      ],
    },
    {
      name: "errors in several domains and top-level keys are all reported",
      raw: {
        domains: [{ name: "a.com", dns: manual, ttl: "1h" }, { dns: manual }],
        readiness: { timeoutMinutes: 5000, quorum: "most" },
        google: { adminEmail: "not-an-email" },
      },
      errors: [
        { path: "mailinfra:google.adminEmail", message: 'is not a valid email: "not-an-email"' },
        { path: "mailinfra:google.serviceAccountKey", message: "is missing" },
        {
          path: "mailinfra:readiness.quorum",
          message: 'must be "all", "majority" or a number of resolvers, not "most"',
        },
        { path: "mailinfra:readiness.timeoutMinutes", message: "must be at most 2880, not 5000" },
        { path: "mailinfra:domains[0].ttl", message: 'must be a number, not "1h"' },
        { path: "mailinfra:domains[1].name", message: "is required" },
      ],
    },
  ])("reports $name", ({ raw, errors }) => {
    const result = parseConfig(raw);
    expect(result.config).toBeUndefined();
    expect(errorsOf(raw)).toEqual(errors);
    expect(result.issues.every((i) => i.severity === "error" && i.fix.length > 0)).toBe(true);
  });

  describe("credentials", () => {
    const base = { domains: [{ name: "a.com", dns: manual }] };

    it("accepts secret outputs and returns them as they are", () => {
      const key = pulumi.secret("{}");
      const { config, issues } = parseConfig({
        ...base,
        google: { adminEmail: "admin@a.com", serviceAccountKey: key },
      });
      expect(issues).toEqual([]);
      expect(config?.google).toEqual({
        adminEmail: "admin@a.com",
        customerId: "my_customer",
        serviceAccountKey: key,
      });
    });

    it("refuses a plain-text API key, names the path and the command, and never repeats the value", () => {
      const { config, issues } = parseConfig({ ...base, smartlead: { apiKey: "sk_live_SECRET" } });
      expect(config).toBeUndefined();
      expect(issues).toEqual([
        {
          severity: "error",
          path: "mailinfra:smartlead.apiKey",
          message:
            "is stored in plain text in the stack configuration; credentials must be encrypted Pulumi secrets",
          fix: "Remove any plain value from stacks/Pulumi.<stack>.yaml and run: pulumi config set --secret --path 'mailinfra:smartlead.apiKey' <api-key>",
        },
      ]);
      expect(JSON.stringify(issues)).not.toContain("SECRET");
    });

    it("does not echo a credential put where an object belongs", () => {
      const { issues } = parseConfig({ ...base, smartlead: "sk_live_SECRET" });
      expect(issues.map((i) => i.message)).toEqual(["must be an object, not a string (value not shown)"]);
    });

    it("explains a still-encrypted value read straight from the stack file", () => {
      const { issues } = parseConfig({ ...base, smartlead: { apiKey: { secure: "v1:abc" } } });
      expect(issues[0].message).toBe(
        "is still encrypted: only the Pulumi engine can decrypt it, so read the configuration with loadConfig()",
      );
    });
  });

  it("never throws and returns only well-formed issues, whatever it is given", () => {
    const domainish = fc.record(
      {
        name: fc.oneof(fc.string(), fc.domain(), fc.constant("bücher.de")),
        dns: fc.oneof(fc.constant(manual), fc.anything()),
        platform: fc.oneof(fc.constantFrom("google-workspace", "microsoft-365", "custom"), fc.anything()),
        dmarc: fc.oneof(fc.record({ p: fc.string(), rua: fc.anything() }), fc.anything()),
        mailboxes: fc.array(
          fc.record({ username: fc.string(), firstName: fc.string(), lastName: fc.anything() }),
          { maxLength: 3 },
        ),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(
        fc.oneof(
          fc.anything(),
          fc.record(
            {
              domains: fc.array(fc.oneof(domainish, fc.anything()), { maxLength: 4 }),
              defaults: fc.anything(),
            },
            { requiredKeys: [] },
          ),
        ),
        (raw) => {
          const result = parseConfig(raw);
          expect(Array.isArray(result.issues)).toBe(true);
          for (const issue of result.issues) {
            expect(issue.path.startsWith("mailinfra:")).toBe(true);
            expect(issue.message.length).toBeGreaterThan(0);
            expect(issue.fix.length).toBeGreaterThan(0);
          }
          expect(result.config === undefined).toBe(result.issues.some((i) => i.severity === "error"));
        },
      ),
      { numRuns: 300 },
    );
  });
});
