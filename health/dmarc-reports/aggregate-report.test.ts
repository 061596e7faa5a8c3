import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { DmarcReportError, parseAggregateReport } from "./aggregate-report";

const sample = (name: string) => readFileSync(join(__dirname, "samples", name), "utf8");
const SAMPLES = {
  google: "google.com!acme-outreach.test!1764115200!1764201599.xml",
  yahoo: "yahoo.com!acme-outreach.test!1764115200!1764201599.xml",
  microsoft: "protection.outlook.com!tryacme.test!1764115200!1764201600.xml",
  rfc9990: "rfc9990!acme-outreach.test.xml",
} as const;

describe("parseAggregateReport", () => {
  it("reads a Google-style report: reporter, period, policy domain and each source's aligned results", () => {
    expect(parseAggregateReport(sample(SAMPLES.google))).toEqual({
      reporter: "google.com",
      reportId: "4417329858123904771",
      begin: new Date("2025-11-26T00:00:00.000Z"),
      end: new Date("2025-11-26T23:59:59.000Z"),
      domain: "acme-outreach.test",
      records: [
        { sourceIp: "209.85.220.41", count: 120, dkimAligned: true, spfAligned: true },
        // SPF passed for a forwarder's bounce domain, not aligned: policy_evaluated says fail, and so do we.
        { sourceIp: "209.85.220.69", count: 30, dkimAligned: true, spfAligned: false },
        { sourceIp: "203.0.113.7", count: 12, dkimAligned: false, spfAligned: false },
      ],
    });
  });

  it("reads Yahoo's and Outlook.com's styles (domain lower-cased, schema namespaces, IPv6 sources, one record)", () => {
    const yahoo = parseAggregateReport(sample(SAMPLES.yahoo));
    expect([yahoo.reporter, yahoo.domain, yahoo.records.length]).toEqual(["Yahoo", "acme-outreach.test", 2]);
    const outlook = parseAggregateReport(sample(SAMPLES.microsoft));
    expect(outlook).toMatchObject({ reporter: "Outlook.com", domain: "tryacme.test" });
    expect(outlook.records).toEqual([
      { sourceIp: "2a00:1450:4864:20::32b", count: 40, dkimAligned: false, spfAligned: true },
    ]);
  });

  it("reads RFC 9990's namespaced document and XML's own entities", () => {
    const report = parseAggregateReport(sample(SAMPLES.rfc9990));
    expect([report.reporter, report.domain, report.records[0]?.count]).toEqual([
      "Reporter & Co",
      "acme-outreach.test",
      5,
    ]);
  });

  it.each([
    ["not XML", "this is not xml <", /not well-formed XML/],
    ["truncated", sample(SAMPLES.google).slice(0, 600), /not well-formed XML/],
    [
      "entity expansion (billion laughs)",
      '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;">]><feedback>&lol2;</feedback>',
      /declares a DOCTYPE or entities/,
    ],
    ["another document", "<html><body>hello</body></html>", /not an RFC 7489 aggregate report: <feedback>/],
    [
      "a count that is no number",
      sample(SAMPLES.google).replace("<count>120</count>", "<count>many</count>"),
      /<feedback\/record\/row\/count> must be a whole number/,
    ],
    [
      "no policy domain",
      sample(SAMPLES.google).replace("<domain>acme-outreach.test</domain>\n    <adkim>", "<adkim>"),
      /<feedback\/policy_published\/domain>/,
    ],
  ])("refuses %s with the reason", (_name, xml, reason) => {
    expect(() => parseAggregateReport(xml)).toThrow(DmarcReportError);
    expect(() => parseAggregateReport(xml)).toThrow(reason);
  });
});
