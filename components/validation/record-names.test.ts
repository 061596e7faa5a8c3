import { describe, expect, it } from "vitest";
import { quietDomain, summary, testConfig } from "../../test/support/config";
import { recordNamesRule } from "./record-names";

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

  it.each([
    { name: "the whole host under the domain", subdomain: "track.example.com", issues: [] },
    { name: "the whole host with a trailing dot", subdomain: "Track.Example.com.", issues: [] },
    {
      name: "the domain itself",
      subdomain: "example.com.",
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
      name: "an absolute host under another domain",
      subdomain: "track.other.com.",
      issues: [
        {
          severity: "error",
          path: at(".tracking.subdomain"),
          message:
            '"track.other.com." is an absolute host name (it ends with a dot) outside example.com; the tracking CNAME is published in example.com\'s DNS, so it must be a name under example.com',
        },
      ],
    },
    {
      name: "a host of another domain of the stack",
      subdomain: "mail.b.test",
      issues: [
        {
          severity: "error",
          path: at(".tracking.subdomain"),
          message:
            '"mail.b.test" is a host of mailinfra:domains[1] (b.test), but a tracking subdomain is a label under example.com: the CNAME would be published at mail.b.test.example.com, and Smartlead would be given that host',
        },
      ],
    },
    {
      name: "a name that ends in a real TLD",
      subdomain: "track.other.com",
      issues: [
        {
          severity: "warning",
          path: at(".tracking.subdomain"),
          message:
            '"track.other.com" looks like a host under other.com, but a tracking subdomain is a label under example.com: the CNAME will be published at track.other.com.example.com, and Smartlead will be given that host',
        },
      ],
    },
    { name: "a nested label whose last label is no TLD", subdomain: "t.mail", issues: [] },
  ])("tracking subdomain: $name", ({ subdomain, issues }) => {
    const config = testConfig([
      quietDomain("example.com", { tracking: { subdomain } }),
      quietDomain("b.test"),
    ]);
    expect(summary(recordNamesRule(config))).toEqual(issues);
  });

  it("says what to write instead of a whole host under another domain", () => {
    const fixes = (subdomain: string) =>
      recordNamesRule(
        testConfig([quietDomain("example.com", { tracking: { subdomain } }), quietDomain("b.test")]),
      ).map((i) => i.fix);
    expect(fixes("track.other.com.")).toEqual([
      "Write only the label under example.com, e.g. track for track.example.com.",
    ]);
    expect(fixes("mail.b.test")).toEqual([
      "Set tracking.subdomain on mailinfra:domains[1] for a host under b.test; here, write only the label under example.com, e.g. track for track.example.com.",
    ]);
    expect(fixes("track.other.com")).toEqual([
      "Write only the label under example.com, e.g. track for track.example.com. Keep it only if you do mean track.other.com.example.com.",
    ]);
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
