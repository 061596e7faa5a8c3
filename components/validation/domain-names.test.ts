import { describe, expect, it } from "vitest";
import { quietDomain, summary, testConfig } from "../../test/support/config";
import { domainNamesRule } from "./domain-names";

describe("domainNamesRule", () => {
  it.each([
    {
      name: "valid names: registrable domains, their subdomains, IDNs and the reserved .test TLD",
      domains: ["example.com", "mail.example.co.uk", "example.co.uk", "bücher.de", "send-a.test", "a.b.test"],
      issues: [],
    },
    {
      name: "public suffixes: ICANN section, private section, an IDN suffix",
      domains: ["co.uk", "github.io", "個人.香港"],
      issues: [
        {
          severity: "error",
          path: "mailinfra:domains[0].name",
          message:
            "co.uk is a public suffix (like com or co.uk): domains are registered under it, not it, so no one can publish its MX, SPF and DMARC records",
        },
        {
          severity: "error",
          path: "mailinfra:domains[1].name",
          message:
            "github.io is a public suffix its operator shares among its users (Public Suffix List, private section, like github.io): only the operator controls its DNS, and receivers judge each name under it as a separate organization",
        },
        {
          severity: "error",
          path: "mailinfra:domains[2].name",
          message:
            "個人.香港 (xn--gmqw5a.xn--j6w193g) is a public suffix (like com or co.uk): domains are registered under it, not it, so no one can publish its MX, SPF and DMARC records",
        },
      ],
    },
    {
      name: "empty label",
      domains: ["example..com"],
      issues: [
        {
          severity: "error",
          path: "mailinfra:domains[0].name",
          message: '"example..com" contains an empty label (two dots in a row, or a leading dot)',
        },
      ],
    },
    {
      name: "leading hyphen",
      domains: ["-bad.com"],
      issues: [
        {
          severity: "error",
          path: "mailinfra:domains[0].name",
          message:
            '"-bad.com" has the label "-bad"; labels may contain only letters, digits and inner hyphens',
        },
      ],
    },
    {
      name: "no TLD",
      domains: ["localhost"],
      issues: [
        {
          severity: "error",
          path: "mailinfra:domains[0].name",
          message: '"localhost" has no top-level domain (expected something like example.com)',
        },
      ],
    },
    {
      name: "a URL instead of a domain",
      domains: ["https://example.com/"],
      issues: [
        {
          severity: "error",
          path: "mailinfra:domains[0].name",
          message:
            '"https://example.com/" has the label "https://example"; labels may contain only letters, digits and inner hyphens',
        },
      ],
    },
    {
      name: "spaces",
      domains: ["exa mple.com"],
      issues: [
        {
          severity: "error",
          path: "mailinfra:domains[0].name",
          message:
            '"exa mple.com" has the label "exa mple"; labels may contain only letters, digits and inner hyphens',
        },
      ],
    },
    {
      name: "an IP address",
      domains: ["192.0.2.1"],
      issues: [
        {
          severity: "error",
          path: "mailinfra:domains[0].name",
          message: '"192.0.2.1" looks like an IP address, not a domain name',
        },
      ],
    },
    {
      name: "duplicates after case folding and punycode",
      domains: ["bücher.de", "Example.com", "XN--BCHER-KVA.DE", "example.COM."],
      issues: [
        {
          severity: "error",
          path: "mailinfra:domains[2].name",
          message: "bücher.de (xn--bcher-kva.de) is already configured as mailinfra:domains[0]",
        },
        {
          severity: "error",
          path: "mailinfra:domains[3].name",
          message: "example.com is already configured as mailinfra:domains[1]",
        },
      ],
    },
  ])("$name", ({ domains, issues }) => {
    const config = testConfig(domains.map((name) => quietDomain(name)));
    expect(summary(domainNamesRule(config))).toEqual(issues);
  });

  it("tells what to use instead of a public suffix", () => {
    const config = testConfig([quietDomain("co.uk"), quietDomain("github.io")]);
    expect(domainNamesRule(config).map((i) => i.fix)).toEqual([
      "Use the domain you registered under it, e.g. yourbrand.co.uk.",
      "Send from a domain you registered and whose DNS you control, e.g. yourbrand.com.",
    ]);
  });
});
