import { describe, expect, it } from "vitest";
import { mxRecords } from "./mx";
import { domainWithDashes, microsoft365Mx } from "./platform";
import { testDomain } from "./test-domain";

describe("mxRecords", () => {
  it.each([
    {
      name: "Google Workspace: smtp.google.com priority 1",
      settings: {},
      mx: [["smtp.google.com", 1]],
    },
    {
      name: "Microsoft 365: <domain-with-dashes>.mail.protection.outlook.com priority 0",
      settings: { name: "my-shop.co.uk", platform: { kind: "microsoft-365", tenant: "shop" } },
      mx: [["my-shop-co-uk.mail.protection.outlook.com", 0]],
    },
    {
      name: "Microsoft 365 with the admin center's mx.microsoft host",
      settings: {
        platform: { kind: "microsoft-365", tenant: "shop", mx: "Example-com.A1b2C3.MX.Microsoft." },
      },
      mx: [["example-com.a1b2c3.mx.microsoft", 0]],
    },
    {
      name: "custom: sorted by priority then host, lower case, no trailing dot",
      settings: {
        platform: {
          kind: "custom",
          mx: [
            { host: "MX2.example.net.", priority: 20 },
            { host: "mx1b.example.net", priority: 10 },
            { host: "mx1a.example.net", priority: 10 },
          ],
        },
      },
      mx: [
        ["mx1a.example.net", 10],
        ["mx1b.example.net", 10],
        ["mx2.example.net", 20],
      ],
    },
  ])("$name", ({ settings, mx }) => {
    const domain = testDomain(settings);
    expect(mxRecords(domain)).toEqual(
      mx.map(([host, priority]) => ({
        name: domain.name,
        type: "MX",
        content: host,
        priority,
        ttl: 3600,
        purpose: "mx",
      })),
    );
  });

  it("names Microsoft's host from the domain with dots turned into dashes", () => {
    expect(domainWithDashes("marketing.contoso.com")).toBe("marketing-contoso-com");
    expect(microsoft365Mx("contoso.com")).toBe("contoso-com.mail.protection.outlook.com");
  });
});
