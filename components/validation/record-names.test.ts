import { describe, expect, it } from "vitest";
import { recordNamesRule } from "./record-names";
import { quietDomain, summary, testConfig } from "./test-config";

describe("recordNamesRule", () => {
  const at = (sub: string) => `mailinfra:domains[0]${sub}`;

  it.each([
    { name: "default tracking host", settings: {}, issues: [] },
    { name: "nested tracking host", settings: { tracking: { subdomain: "t.mail" } }, issues: [] },
    { name: "tracking off", settings: { tracking: { provider: "none", subdomain: "@" } }, issues: [] },
    {
      name: "tracking CNAME at the apex",
      settings: { tracking: { subdomain: "@" } },
      issues: [
        {
          severity: "error",
          path: at(".tracking.subdomain"),
          message:
            "puts the tracking CNAME at the apex of example.com; a CNAME there would replace the MX, SPF and DMARC records",
        },
      ],
    },
    {
      name: "tracking host colliding with DMARC",
      settings: { tracking: { subdomain: "_dmarc" } },
      issues: [
        {
          severity: "error",
          path: at(".tracking.subdomain"),
          message:
            '"_dmarc" makes a host name that has the label "_dmarc"; labels may contain only letters, digits and inner hyphens',
        },
        {
          severity: "error",
          path: at(".tracking.subdomain"),
          message: "the tracking CNAME _dmarc has the same name as the dmarc TXT record",
        },
      ],
    },
    {
      name: "tracking host colliding with the Google DKIM record",
      settings: { tracking: { subdomain: "s1" }, dkim: { selector: "x", publicKey: "k" } },
      issues: [],
    },
    {
      name: "tracking target written as a URL",
      settings: { tracking: { provider: "custom", target: "https://t.vendor.net/x" } },
      issues: [
        {
          severity: "error",
          path: at(".tracking.target"),
          message:
            '"https://t.vendor.net/x" has the label "https://t"; labels may contain only letters, digits and inner hyphens',
        },
      ],
    },
  ])("$name", ({ settings, issues }) => {
    expect(summary(recordNamesRule(testConfig([quietDomain("example.com", settings)])))).toEqual(issues);
  });

  it("leaves a bad domain name to the domain-names rule instead of blaming the tracking subdomain", () => {
    const config = testConfig([quietDomain("https://example.com/mail")]);
    expect(recordNamesRule(config)).toEqual([]);
  });

  it("catches the tracking CNAME on a Microsoft DKIM selector name", () => {
    const config = testConfig([
      {
        name: "example.com",
        platform: { kind: "microsoft-365", tenant: "t" },
        tracking: { subdomain: "selector1.x" },
      },
    ]);
    expect(recordNamesRule(config)).toEqual([]);
    const clash = testConfig([
      {
        name: "example.com",
        dkim: { selector: "track", publicKey: "k" },
        tracking: { subdomain: "track._domainkey" },
      },
    ]);
    expect(summary(recordNamesRule(clash)).map((i) => i.message)).toContain(
      "the tracking CNAME track._domainkey has the same name as the dkim TXT record",
    );
  });
});
