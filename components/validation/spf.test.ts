import { describe, expect, it } from "vitest";
import { quietDomain, summary, testConfig } from "../../test/support/config";
import { spfRule } from "./spf";

describe("spfRule", () => {
  const at = (sub: string) => `mailinfra:domains[0].spf${sub}`;

  it.each([
    { name: "defaults", spf: {}, issues: [] },
    {
      name: "valid addresses and includes",
      spf: {
        includes: ["sendgrid.net", "_spf.salesforce.com"],
        ip4: ["203.0.113.7", "198.51.100.0/24"],
        ip6: ["2001:db8::/48"],
      },
      issues: [],
    },
    {
      name: "include written with its mechanism name",
      spf: { includes: ["include:sendgrid.net"] },
      issues: [
        {
          severity: "error",
          path: at(".includes[0]"),
          message: '"include:sendgrid.net" repeats the mechanism name',
        },
      ],
    },
    {
      name: "include that is not a domain",
      spf: { includes: ["send grid.net"] },
      issues: [
        {
          severity: "error",
          path: at(".includes[0]"),
          message:
            '"send grid.net" has the label "send grid"; labels may contain only letters, digits and inner hyphens (and underscores)',
        },
      ],
    },
    {
      name: "include the platform already adds",
      spf: { includes: ["_spf.google.com"] },
      issues: [
        {
          severity: "warning",
          path: at(".includes[0]"),
          message: "include:_spf.google.com is already added by the google-workspace platform",
        },
      ],
    },
    {
      name: "the domain including itself",
      spf: { includes: ["example.com"] },
      issues: [
        { severity: "error", path: at(".includes[0]"), message: "includes example.com itself, an SPF loop" },
      ],
    },
    {
      name: "bad and too broad addresses",
      spf: { ip4: ["300.1.1.1", "0.0.0.0/0", "10.0.0.0/33"], ip6: ["2001:db8::/8", "fe80::1/64/1"] },
      issues: [
        {
          severity: "error",
          path: at(".ip4[0]"),
          message: '"300.1.1.1" is not an IPv4 address or CIDR range',
        },
        {
          severity: "error",
          path: at(".ip4[1]"),
          message: '"0.0.0.0/0" authorizes /0, a huge part of the internet, to send as this domain',
        },
        {
          severity: "error",
          path: at(".ip4[2]"),
          message: '"10.0.0.0/33" has the prefix /33; IPv4 prefixes go from 0 to 32',
        },
        {
          severity: "error",
          path: at(".ip6[0]"),
          message: '"2001:db8::/8" authorizes /8, a huge part of the internet, to send as this domain',
        },
        {
          severity: "error",
          path: at(".ip6[1]"),
          message: '"fe80::1/64/1" is not an IPv6 address or CIDR range',
        },
      ],
    },
    {
      name: "more than 10 lookups without flattening",
      spf: { includes: Array.from({ length: 10 }, (_, i) => `s${i}.example.net`) },
      issues: [
        {
          severity: "error",
          path: at(".includes"),
          message:
            "the SPF record needs 11 DNS lookups before counting nested includes; receivers fail SPF above 10",
        },
      ],
    },
    {
      name: "more than 10 includes with flattening on (checked by the DNS rule instead)",
      spf: { flatten: true, includes: Array.from({ length: 10 }, (_, i) => `s${i}.example.net`) },
      issues: [],
    },
    {
      name: "record over 512 bytes",
      spf: { ip4: Array.from({ length: 32 }, (_, i) => `198.51.100.${i + 100}`) },
      issues: [
        {
          severity: "error",
          path: at(""),
          message: "the SPF record is 643 bytes; keep it within 512 so it fits one UDP DNS answer",
        },
      ],
    },
    {
      name: "neutral all",
      spf: { all: "?all" },
      issues: [
        {
          severity: "warning",
          path: at(".all"),
          message: "?all (neutral) tells receivers nothing about mail from other servers",
        },
      ],
    },
  ])("$name", ({ spf, issues }) => {
    expect(summary(spfRule(testConfig([quietDomain("example.com", { spf })])))).toEqual(issues);
  });
});
