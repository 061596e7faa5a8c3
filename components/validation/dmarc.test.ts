import { describe, expect, it } from "vitest";
import { quietDomain, summary, testConfig } from "../../test/support/config";
import { dmarcRule } from "./dmarc";
import { validateConfigSync } from "./validate";

describe("dmarcRule", () => {
  const at = (sub: string) => `mailinfra:domains[0].dmarc${sub}`;

  it.each([
    { name: "default rua on the domain itself", dmarc: {}, issues: [] },
    {
      name: "rua on a subdomain of the same organization",
      dmarc: { rua: "mailto:r@reports.example.com" },
      issues: [],
    },
    {
      name: "rua and ruf that are not mailto: URIs",
      dmarc: { rua: ["dmarc@example.com", "https://example.com/dmarc"], ruf: "mailto:nobody" },
      issues: [
        {
          severity: "error",
          path: at(".rua[0]"),
          message: '"dmarc@example.com" is not a mailto: URI; receivers send DMARC reports by email only',
        },
        {
          severity: "error",
          path: at(".rua[1]"),
          message:
            '"https://example.com/dmarc" is not a mailto: URI; receivers send DMARC reports by email only',
        },
        {
          severity: "error",
          path: at(".ruf[0]"),
          message: '"mailto:nobody" is not a mailto: URI; receivers send DMARC reports by email only',
        },
      ],
    },
    {
      name: "rua on another organization's domain",
      dmarc: { rua: "mailto:reports@dmarc-vendor.net!10m" },
      issues: [
        {
          severity: "warning",
          path: at(".rua[0]"),
          message:
            'sends DMARC aggregate reports to dmarc-vendor.net, outside this stack; receivers drop them unless dmarc-vendor.net publishes TXT "v=DMARC1" at example.com._report._dmarc.dmarc-vendor.net',
        },
      ],
    },
    {
      name: "no rua at all",
      dmarc: { rua: [] },
      issues: [
        {
          severity: "warning",
          path: at(".rua"),
          message:
            "is empty, so no receiver sends aggregate reports and you cannot see who sends as this domain",
        },
      ],
    },
    {
      name: "fo without ruf, pct with p=none",
      dmarc: { fo: "1", pct: 50 },
      issues: [
        { severity: "warning", path: at(".fo"), message: "has no effect without dmarc.ruf" },
        { severity: "warning", path: at(".pct"), message: "pct=50 has no effect with p=none" },
        {
          severity: "warning",
          path: at(".pct"),
          message:
            "pct is removed by RFC 9989 (DMARCbis): receivers that follow it ignore pct=50 and apply p=none to all mail that fails DMARC",
        },
      ],
    },
    {
      name: "p=quarantine with pct=0",
      dmarc: { p: "quarantine", pct: 0 },
      issues: [
        {
          severity: "warning",
          path: at(".pct"),
          message:
            "pct=0 applies p=quarantine to no message: receivers handle mail that fails DMARC as with p=none (RFC 7489 §6.6.4)",
        },
        {
          severity: "warning",
          path: at(".pct"),
          message:
            "pct is removed by RFC 9989 (DMARCbis): receivers that follow it ignore pct=0 and apply p=quarantine to all mail that fails DMARC",
        },
      ],
    },
    {
      name: "p=reject with pct=0",
      dmarc: { p: "reject", pct: 0 },
      issues: [
        {
          severity: "warning",
          path: at(".pct"),
          message:
            "pct=0 applies p=reject to no message: receivers quarantine mail that fails DMARC instead (RFC 7489 §6.6.4), so this is p=quarantine",
        },
        {
          severity: "warning",
          path: at(".pct"),
          message:
            "pct is removed by RFC 9989 (DMARCbis): receivers that follow it ignore pct=0 and apply p=reject to all mail that fails DMARC",
        },
      ],
    },
    {
      name: "p=reject with pct=1",
      dmarc: { p: "reject", pct: 1 },
      issues: [
        {
          severity: "warning",
          path: at(".pct"),
          message:
            "pct is removed by RFC 9989 (DMARCbis): receivers that follow it ignore pct=1 and apply p=reject to all mail that fails DMARC",
        },
      ],
    },
    { name: "p=quarantine in RFC 9989's test mode", dmarc: { p: "quarantine", testing: true }, issues: [] },
    {
      name: "test mode with p=none",
      dmarc: { testing: true },
      issues: [
        {
          severity: "warning",
          path: at(".testing"),
          message: "testing: true (t=y) has no effect with p=none: there is no weaker policy to apply",
        },
      ],
    },
    {
      name: "acceptReportsFor entries that are not domains",
      dmarc: { acceptReportsFor: ["*", "partner.org", "not a domain"] },
      issues: [
        {
          severity: "error",
          path: at(".acceptReportsFor[1]"),
          message: '"not a domain" is not a domain name',
        },
      ],
    },
    {
      name: "acceptReportsFor entries the domain-name rule refuses: an IP address, a leading hyphen",
      dmarc: { acceptReportsFor: ["192.0.2.1", "-partner.org", "_partner.org"] },
      issues: [
        {
          severity: "error",
          path: at(".acceptReportsFor[0]"),
          message: '"-partner.org" is not a domain name',
        },
        { severity: "error", path: at(".acceptReportsFor[1]"), message: '"192.0.2.1" is not a domain name' },
      ],
    },
  ])("$name", ({ dmarc, issues }) => {
    expect(summary(dmarcRule(testConfig([quietDomain("example.com", { dmarc })])))).toEqual(issues);
  });

  it("does not warn when the report domain is in this stack (mailinfra publishes the authorization)", () => {
    const config = testConfig([
      quietDomain("main.com"),
      quietDomain("b.io", { dmarc: { rua: "mailto:dmarc@main.com" } }),
    ]);
    expect(dmarcRule(config)).toEqual([]);
    expect(config.domains[0].dmarc.acceptReportsFor).toEqual(["b.io"]);
  });

  it("says how to make a zero pct enforce, once, at mailinfra:defaults when it is inherited", () => {
    const config = testConfig([quietDomain("a.com"), quietDomain("b.com")], {
      defaults: { dns: { host: "manual", registrar: "other" }, dmarc: { p: "reject", pct: 0 } },
      dmarcReports: { mailbox: "dmarc-reports@a.com" },
    });
    expect(validateConfigSync(config).map(({ severity, path, fix }) => ({ severity, path, fix }))).toEqual([
      {
        severity: "warning",
        path: "mailinfra:defaults.dmarc.pct",
        fix: "Remove pct to reject failing mail, or write p: quarantine without pct if quarantine is what you want (testing: true, t=y, tests p=reject the same way).",
      },
      {
        severity: "warning",
        path: "mailinfra:defaults.dmarc.pct",
        fix: "Write testing: true to publish t=y (receivers apply the next weaker policy to failing mail: p=reject as quarantine), or remove pct to enforce p=reject; pct is still published while you keep it, for receivers that follow RFC 7489.",
      },
    ]);
  });

  it.each([
    { dmarc: { pct: 100 }, fix: "Remove pct: receivers apply the policy to all failing mail without it." },
    { dmarc: { pct: 40 }, fix: "Remove pct: with p=none it changes nothing." },
    {
      dmarc: { p: "quarantine", pct: 25, testing: true },
      fix: "Remove pct once the receivers you care about follow RFC 9989: testing: true already publishes t=y.",
    },
  ])("a pct the user writes ($dmarc) is removed by RFC 9989: the fix fits the policy", ({ dmarc, fix }) => {
    const issues = dmarcRule(testConfig([quietDomain("example.com", { dmarc })]));
    expect(
      issues.filter((i) => i.message.startsWith("pct is removed by RFC 9989")).map((i) => i.fix),
    ).toEqual([fix]);
  });

  it("warns once, at mailinfra:defaults, when every domain inherits an external rua", () => {
    const config = testConfig([quietDomain("a.com"), quietDomain("b.com"), quietDomain("c.com")], {
      defaults: { dns: { host: "manual", registrar: "other" }, dmarc: { rua: "mailto:dmarc@vendor.net" } },
    });
    expect(summary(validateConfigSync(config))).toEqual([
      {
        severity: "warning",
        path: "mailinfra:defaults.dmarc.rua[0]",
        message:
          'sends DMARC aggregate reports to vendor.net, outside this stack; receivers drop them unless vendor.net publishes TXT "v=DMARC1" at <domain>._report._dmarc.vendor.net',
      },
    ]);
  });
});
