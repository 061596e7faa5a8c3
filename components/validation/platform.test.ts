import { describe, expect, it } from "vitest";
import { quietDomain, summary, testConfig } from "../../test/support/config";
import { dnsHostRule } from "./dns-host";
import { platformRule } from "./platform";

describe("platformRule", () => {
  const at = (sub: string) => `mailinfra:domains[0].platform${sub}`;

  it.each([
    { name: "Google Workspace", platform: "google-workspace", issues: [] },
    {
      name: "Microsoft 365 with tenant given as its initial domain",
      platform: { kind: "microsoft-365", tenant: "Contoso.onmicrosoft.com", verification: "MS=ms12345678" },
      issues: [],
    },
    {
      name: "Microsoft 365 MX written as people paste it (spaces, capitals, final dot, Unicode): checked as published",
      platform: { kind: "microsoft-365", tenant: "buecher", mx: " Bücher-DE.mx.Microsoft. " },
      issues: [],
    },
    {
      name: "Microsoft 365 with a bad tenant, MX and verification value",
      platform: {
        kind: "microsoft-365",
        tenant: "contoso corp",
        mx: "https://x",
        verification: "ms-verify=1",
      },
      issues: [
        {
          severity: "error",
          path: at(".tenant"),
          message: '"contoso corp" is not the prefix of a .onmicrosoft.com domain',
        },
        {
          severity: "error",
          path: at(".mx"),
          message: '"https://x" has no top-level domain (expected something like example.com)',
        },
        {
          severity: "warning",
          path: at(".verification"),
          message: '"ms-verify=1" does not look like Microsoft\'s MS=ms12345678 verification value',
        },
      ],
    },
    {
      name: "custom platform with a bad and a duplicate MX host and a bad include",
      platform: {
        kind: "custom",
        mx: [
          { host: "mx1.example.net", priority: 10 },
          { host: "mx 2.example.net", priority: 20 },
          { host: "MX1.example.net.", priority: 30 },
        ],
        spfIncludes: ["spf..example.net"],
      },
      issues: [
        {
          severity: "error",
          path: at(".mx[1].host"),
          message:
            '"mx 2.example.net" has the label "mx 2"; labels may contain only letters, digits and inner hyphens',
        },
        { severity: "error", path: at(".mx[2].host"), message: "mx1.example.net is listed twice" },
        {
          severity: "error",
          path: at(".spfIncludes[0]"),
          message: '"spf..example.net" contains an empty label (two dots in a row, or a leading dot)',
        },
      ],
    },
    {
      name: "custom platform include written with its mechanism name, as in spf.includes",
      platform: {
        kind: "custom",
        mx: [{ host: "mx.example.net", priority: 10 }],
        spfIncludes: ["include:spf.example.net"],
      },
      issues: [
        {
          severity: "error",
          path: at(".spfIncludes[0]"),
          message: '"include:spf.example.net" repeats the mechanism name',
        },
      ],
    },
  ])("$name", ({ platform, issues }) => {
    expect(summary(platformRule(testConfig([quietDomain("example.com", { platform, dkim: {} })])))).toEqual(
      issues,
    );
  });
});

describe("dnsHostRule", () => {
  it.each([
    { name: "manual", dns: { host: "manual", registrar: "porkbun" }, issues: [] },
    {
      name: "Cloudflare ids",
      dns: {
        host: "cloudflare",
        accountId: "0123456789abcdef0123456789abcdef",
        zoneId: "fedcba9876543210fedcba9876543210",
      },
      issues: [],
    },
    {
      name: "Cloudflare ids that are not 32 hex characters",
      dns: { host: "cloudflare", accountId: "my-account", zoneId: "ZONE" },
      issues: [
        {
          severity: "error",
          path: "mailinfra:domains[0].dns.accountId",
          message: '"my-account" is not a Cloudflare account id (32 hexadecimal characters)',
        },
        {
          severity: "error",
          path: "mailinfra:domains[0].dns.zoneId",
          message: '"ZONE" is not a Cloudflare zone id (32 hexadecimal characters)',
        },
      ],
    },
    {
      name: "a zone named twice: by id and by name",
      dns: {
        host: "cloudflare",
        accountId: "0123456789abcdef0123456789abcdef",
        zoneId: "fedcba9876543210fedcba9876543210",
        adoptExistingZone: true,
      },
      issues: [
        {
          severity: "error",
          path: "mailinfra:domains[0].dns.adoptExistingZone",
          message: "is set together with zoneId: the zone to adopt would be named twice",
        },
      ],
    },
  ])("$name", ({ dns, issues }) => {
    expect(summary(dnsHostRule(testConfig([quietDomain("example.com", { dns })])))).toEqual(issues);
  });

  it("blames a bad default account id once, at mailinfra:defaults", () => {
    const config = testConfig([quietDomain("a.com"), quietDomain("b.com")], {
      defaults: { dns: { host: "cloudflare", accountId: "nope" } },
    });
    expect(new Set(dnsHostRule(config).map((i) => i.path))).toEqual(
      new Set(["mailinfra:defaults.dns.accountId"]),
    );
  });
});
