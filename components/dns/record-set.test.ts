import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { planDomain, planRecords } from "./record-set";
import { testDomain } from "./test-domain";

const KEY =
  "MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAw7Bq4Fz5q2cM0a1oQy8xvdl9uDEwQXxkT7TSz3l0ZJTl0dWyx3Bz9V2Xn6q0n3yQ9oBfLJ0tXbW5gYHh4G6r3dX0Q5FcYy1h4q1jVgk3s0v1fM1Z2o8Ck9z6eB2bR5qTn3l0Wc4pY6aVx1QdF2KcH5n8yJ9uM0tL3sP7wA1eD6rG4hU2iN8oB5vC9xZ0kE3fT7yQ1mR6jH4nW8lS2aX0pV5cD3gK9bF1uI7tO6eY2wM4qL8sJ0rZ5xN1hA3vG7kP9dB2fU6oE4iT8cQ0mW5yR1nL3jX7gH9aS2kD6vF4pC8bZ0uM2tO5eI1wY7qN3rJ9xK4lG6hA0sV8dP2fB5cT1oU7iE3mQ9yW4nR6jL0gZ8kX2aH5vS1pD3bF7uC9tM4eO6iY0wQ2nJ8rK5lG1xA3hV7sP9dZ4fB6cU0oT2iE8mW1yR5nL3jQ7gX9kH4aD6vS2pF8bC0uZ5tM1eO3iY7wN9rJ4xK6lG2hA8sV0dP5fB3cU7oT1iE9mQ4yW6nR2jL8gZ0kX5aH3vS7pD1bF9uC4tM6eO2iY8wQIDAQAB";

describe("planRecords", () => {
  it("Google Workspace with a DKIM key and a verification token: the whole record set, in order", () => {
    const domain = testDomain({ name: "Acme.com", dkim: { publicKey: KEY } });
    const dkim = `v=DKIM1; k=rsa; p=${KEY}`;
    expect(planRecords(domain, { googleVerificationToken: "google-site-verification=tok_123" })).toEqual([
      { name: "acme.com", type: "MX", content: "smtp.google.com", priority: 1, ttl: 3600, purpose: "mx" },
      {
        name: "acme.com",
        type: "TXT",
        content: "v=spf1 include:_spf.google.com ~all",
        strings: ["v=spf1 include:_spf.google.com ~all"],
        ttl: 3600,
        purpose: "spf",
      },
      {
        name: "acme.com",
        type: "TXT",
        content: "google-site-verification=tok_123",
        strings: ["google-site-verification=tok_123"],
        ttl: 3600,
        purpose: "verification",
      },
      {
        name: "google._domainkey.acme.com",
        type: "TXT",
        content: dkim,
        strings: [dkim.slice(0, 255), dkim.slice(255, 510), dkim.slice(510)],
        ttl: 3600,
        purpose: "dkim",
      },
      {
        name: "_dmarc.acme.com",
        type: "TXT",
        content: "v=DMARC1; p=none; adkim=r; aspf=r",
        strings: ["v=DMARC1; p=none; adkim=r; aspf=r"],
        ttl: 3600,
        purpose: "dmarc",
      },
      {
        name: "emailtracking.acme.com",
        type: "CNAME",
        content: "open.sleadtrack.com",
        ttl: 3600,
        purpose: "tracking",
      },
    ]);
  });

  it("Microsoft 365 on an internationalized domain: punycode names, CNAME selectors, no tracking", () => {
    const domain = testDomain({
      name: "Bücher.de",
      platform: { kind: "microsoft-365", tenant: "buecher" },
      tracking: { provider: "none" },
      dmarc: { p: "quarantine", rua: "mailto:dmarc@bücher.de" },
      ttl: 300,
    });
    expect(planRecords(domain).map((r) => [r.type, r.name, r.content, r.priority])).toEqual([
      ["MX", "xn--bcher-kva.de", "xn--bcher-kva-de.mail.protection.outlook.com", 0],
      ["TXT", "xn--bcher-kva.de", "v=spf1 include:spf.protection.outlook.com ~all", undefined],
      [
        "CNAME",
        "selector1._domainkey.xn--bcher-kva.de",
        "selector1-xn--bcher-kva-de._domainkey.buecher.onmicrosoft.com",
        undefined,
      ],
      [
        "CNAME",
        "selector2._domainkey.xn--bcher-kva.de",
        "selector2-xn--bcher-kva-de._domainkey.buecher.onmicrosoft.com",
        undefined,
      ],
      [
        "TXT",
        "_dmarc.xn--bcher-kva.de",
        "v=DMARC1; p=quarantine; rua=mailto:dmarc@xn--bcher-kva.de; adkim=r; aspf=r",
        undefined,
      ],
    ]);
    expect(new Set(planRecords(domain).map((r) => r.ttl))).toEqual(new Set([300]));
  });

  it("returns the DKIM warning with the domain's config path", () => {
    expect(planDomain(testDomain(), {}, "mailinfra:domains[4]").issues.map((i) => i.path)).toEqual([
      "mailinfra:domains[4].dkim.publicKey",
    ]);
  });

  const settings = fc.record(
    {
      platform: fc.constantFrom(
        "google-workspace",
        { kind: "microsoft-365", tenant: "t" },
        {
          kind: "custom",
          mx: [{ host: "mx.example.net", priority: 5 }],
        },
      ),
      spf: fc.record({
        includes: fc.array(fc.constantFrom("a.net", "b.net", "_spf.x.org"), { maxLength: 5 }),
        ip4: fc.array(fc.ipV4(), { maxLength: 30 }),
      }),
      dmarc: fc.record({
        p: fc.constantFrom("none", "quarantine", "reject"),
        pct: fc.integer({ min: 0, max: 100 }),
      }),
      tracking: fc.record({ provider: fc.constantFrom("smartlead", "instantly", "none") }),
      ttl: fc.integer({ min: 60, max: 86400 }),
    },
    { requiredKeys: [] },
  );

  it("is deterministic, has exactly one SPF record, and every TXT string fits 255 bytes", () => {
    fc.assert(
      fc.property(settings, fc.option(fc.string({ maxLength: 40 }), { nil: undefined }), (s, token) => {
        const domain = testDomain(s);
        const first = planRecords(domain, { googleVerificationToken: token, dkimPublicKey: KEY });
        expect(
          planRecords(structuredClone(domain), { googleVerificationToken: token, dkimPublicKey: KEY }),
        ).toEqual(first);
        expect(first.filter((r) => r.type === "TXT" && r.content.startsWith("v=spf1"))).toHaveLength(1);
        for (const record of first.filter((r) => r.type === "TXT")) {
          expect(record.strings?.join("")).toBe(record.content);
          for (const s of record.strings ?? []) expect(Buffer.byteLength(s)).toBeLessThanOrEqual(255);
        }
        for (const record of first.filter((r) => r.type !== "TXT")) {
          expect(record.content).toBe(record.content.toLowerCase());
          expect(record.content.endsWith(".")).toBe(false);
        }
      }),
    );
  });
});
