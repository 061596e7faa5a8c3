import { describe, expect, it } from "vitest";
import {
  dmarcContent,
  dmarcRecords,
  externalReportDomains,
  needsReportAuthorization,
  normalizeReportUri,
  reportUriDomain,
  sameDmarcPolicy,
} from "./dmarc";
import { testDomain } from "./test-domain";

describe("dmarcContent", () => {
  it.each([
    {
      name: "defaults",
      dmarc: {},
      content: "v=DMARC1; p=none; adkim=r; aspf=r",
    },
    {
      name: "every tag, in canonical order",
      dmarc: {
        fo: "1",
        aspf: "s",
        adkim: "s",
        ruf: "mailto:forensic@example.com",
        rua: ["mailto:a@example.com", "mailto:b@example.org!10m"],
        pct: 50,
        testing: true,
        sp: "reject",
        p: "quarantine",
      },
      content:
        "v=DMARC1; p=quarantine; sp=reject; t=y; pct=50; rua=mailto:a@example.com,mailto:b@example.org!10m; ruf=mailto:forensic@example.com; adkim=s; aspf=s; fo=1",
    },
    {
      name: "RFC 9989's test mode off, written out",
      dmarc: { p: "reject", testing: false },
      content: "v=DMARC1; p=reject; t=n; adkim=r; aspf=r",
    },
    {
      name: "a pct the user sets is still published, 100 too",
      dmarc: { p: "reject", pct: 100 },
      content: "v=DMARC1; p=reject; pct=100; adkim=r; aspf=r",
    },
    {
      name: "comma-separated rua string",
      dmarc: { rua: "mailto:a@x.com, mailto:b@x.com" },
      content: "v=DMARC1; p=none; rua=mailto:a@x.com,mailto:b@x.com; adkim=r; aspf=r",
    },
    {
      name: "rua explicitly empty",
      dmarc: { rua: [] },
      content: "v=DMARC1; p=none; adkim=r; aspf=r",
    },
    {
      name: "fo given as a YAML number",
      dmarc: { fo: 1 },
      content: "v=DMARC1; p=none; adkim=r; aspf=r; fo=1",
    },
  ])("$name", ({ dmarc, content }) => {
    expect(dmarcContent(testDomain({ dmarc }).dmarc)).toBe(content);
  });
});

describe("sameDmarcPolicy", () => {
  const policy = "v=DMARC1; p=reject; rua=mailto:d@example.com; adkim=s; aspf=r";
  it.each([
    ["the same record", policy, true],
    [
      "pct=100 added (RFC 7489's default)",
      "v=DMARC1; p=reject; pct=100; rua=mailto:d@example.com; adkim=s; aspf=r",
      true,
    ],
    [
      "tags reordered and spaced differently",
      "v=DMARC1;aspf=r ; adkim = s;rua=mailto:d@example.com;p=reject",
      true,
    ],
    ["pct=20", "v=DMARC1; p=reject; pct=20; rua=mailto:d@example.com; adkim=s; aspf=r", false],
    ["another policy", "v=DMARC1; p=none; rua=mailto:d@example.com; adkim=s; aspf=r", false],
    ["a report address missing", "v=DMARC1; p=reject; adkim=s; aspf=r", false],
    ["not a DMARC record", "v=spf1 -all", false],
  ])("%s: %s", (_label, other, same) => {
    expect(sameDmarcPolicy(other, policy)).toBe(same);
    expect(sameDmarcPolicy(policy, other)).toBe(same);
  });
});

describe("normalizeReportUri", () => {
  it.each([
    ["mailto:dmarc@Bücher.DE.!10m", "mailto:dmarc@xn--bcher-kva.de!10m"],
    ["MAILTO:r@Reports.Example.org", "MAILTO:r@reports.example.org"],
    ["mailto:nobody", "mailto:nobody"],
    ["https://example.com/report", "https://example.com/report"],
  ])("%s → %s", (uri, normalized) => {
    expect(normalizeReportUri(uri)).toBe(normalized);
  });
});

describe("reportUriDomain", () => {
  it.each([
    ["mailto:dmarc@example.com", "example.com"],
    ["mailto:dmarc@Example.COM!10m", "example.com"],
    ["MAILTO:x@reports.example.org", "reports.example.org"],
    ["dmarc@example.com", undefined],
    ["https://example.com/report", undefined],
    ["mailto:example.com", undefined],
  ])("%s → %s", (uri, domain) => {
    expect(reportUriDomain(uri)).toBe(domain);
  });
});

describe("needsReportAuthorization", () => {
  it.each([
    ["example.com", "example.com", false],
    ["example.com", "reports.example.com", false],
    ["mail.example.com", "example.com", false],
    ["example.com", "example.org", true],
    ["example.com", "notexample.com", true],
  ])("%s → %s: %s", (policy, report, needed) => {
    expect(needsReportAuthorization(policy, report)).toBe(needed);
  });
});

describe("dmarcRecords", () => {
  it("publishes _dmarc and one authorization record per domain whose reports come here", () => {
    const domain = testDomain({ dmarc: { acceptReportsFor: ["b.org", "A.org"] } });
    expect(dmarcRecords(domain).map((r) => [r.name, r.content, r.purpose])).toEqual([
      ["_dmarc.example.com", "v=DMARC1; p=none; adkim=r; aspf=r", "dmarc"],
      ["a.org._report._dmarc.example.com", "v=DMARC1", "dmarc-report-auth"],
      ["b.org._report._dmarc.example.com", "v=DMARC1", "dmarc-report-auth"],
    ]);
  });

  it("lists the report domains outside the organization", () => {
    const domain = testDomain({
      dmarc: {
        rua: ["mailto:a@reports.example.com", "mailto:b@vendor.net"],
        ruf: ["mailto:c@vendor.net", "mailto:d@other.io"],
      },
    });
    expect(externalReportDomains(domain)).toEqual(["other.io", "vendor.net"]);
  });
});
