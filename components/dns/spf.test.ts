import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { spfContent, spfRecords } from "./spf";
import { testDomain } from "./test-domain";

describe("spfContent", () => {
  it.each([
    { name: "Google Workspace default", settings: {}, content: "v=spf1 include:_spf.google.com ~all" },
    {
      name: "Microsoft 365",
      settings: { platform: { kind: "microsoft-365", tenant: "contoso" } },
      content: "v=spf1 include:spf.protection.outlook.com ~all",
    },
    {
      name: "custom platform includes, then extra includes, ip4, ip6 and -all",
      settings: {
        platform: {
          kind: "custom",
          mx: [{ host: "mx.example.net", priority: 10 }],
          spfIncludes: ["spf.example.net"],
        },
        spf: {
          includes: ["sendgrid.net"],
          ip4: ["203.0.113.7", "198.51.100.0/24"],
          ip6: ["2001:DB8::/48"],
          all: "-all",
        },
      },
      content:
        "v=spf1 include:spf.example.net include:sendgrid.net ip4:203.0.113.7 ip4:198.51.100.0/24 ip6:2001:db8::/48 -all",
    },
    {
      name: "duplicate includes (also of the platform's) appear once, names lower case",
      settings: { spf: { includes: ["_SPF.google.com.", "Mailgun.org", "mailgun.org"] } },
      content: "v=spf1 include:_spf.google.com include:mailgun.org ~all",
    },
    {
      name: "?all kept as written",
      settings: { spf: { all: "?all" } },
      content: "v=spf1 include:_spf.google.com ?all",
    },
  ])("$name", ({ settings, content }) => {
    expect(spfContent(testDomain(settings))).toBe(content);
  });

  it("uses the flattening result only when spf.flatten is on", () => {
    const flattened = {
      ip4: ["35.190.247.0/24", "203.0.113.7"],
      ip6: ["2001:4860:4000::/36"],
      kept: ["x.example.net"],
    };
    const on = testDomain({ spf: { flatten: true, ip4: ["203.0.113.7"] } });
    const off = testDomain({ spf: { flatten: false } });
    expect(spfContent(on, flattened)).toBe(
      "v=spf1 include:x.example.net ip4:203.0.113.7 ip4:35.190.247.0/24 ip6:2001:4860:4000::/36 ~all",
    );
    expect(spfContent(off, flattened)).toBe("v=spf1 include:_spf.google.com ~all");
    expect(spfContent(on)).toBe("v=spf1 include:_spf.google.com ip4:203.0.113.7 ~all");
  });
});

describe("spfRecords", () => {
  it("is one TXT record at the apex", () => {
    expect(spfRecords(testDomain({ ttl: 600 }))).toEqual([
      {
        name: "example.com",
        type: "TXT",
        content: "v=spf1 include:_spf.google.com ~all",
        strings: ["v=spf1 include:_spf.google.com ~all"],
        ttl: 600,
        purpose: "spf",
      },
    ]);
  });

  it("is exactly one record starting with v=spf1 whatever the includes and addresses", () => {
    const label = fc.stringMatching(/^[a-z0-9]{1,12}$/);
    fc.assert(
      fc.property(
        fc.array(
          label.map((l) => `${l}.example.net`),
          { maxLength: 40 },
        ),
        fc.array(fc.ipV4(), { maxLength: 60 }),
        fc.array(fc.ipV6(), { maxLength: 20 }),
        fc.constantFrom("~all", "-all", "?all"),
        fc.boolean(),
        (includes, ip4, ip6, all, flatten) => {
          const records = spfRecords(testDomain({ spf: { includes, ip4, ip6, all, flatten } }));
          expect(records).toHaveLength(1);
          expect(records[0].content.startsWith("v=spf1 ")).toBe(true);
          expect(records[0].content.endsWith(` ${all}`)).toBe(true);
          expect(records[0].content.match(/v=spf1/g)).toHaveLength(1);
          expect(records[0].strings?.join("")).toBe(records[0].content);
        },
      ),
    );
  });
});
