import { readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync, zipSync } from "fflate";
import { describe, expect, it } from "vitest";
import { parseAggregateReport } from "./aggregate-report";
import { reportPacking, reportXml } from "./report-attachment";
import { DMARC_REPORT_LIMITS } from "./report-limits";

const xml = readFileSync(
  join(__dirname, "samples", "google.com!acme-outreach.test!1764115200!1764201599.xml"),
);

describe("reportPacking", () => {
  it.each([
    ["google.com!a.test!1!2.zip", "application/zip", "zip"],
    ["yahoo.com!a.test!1!2.xml.gz", "application/gzip", "gzip"],
    ["report.xml", "text/xml", "xml"],
    ["", "application/x-zip-compressed", "zip"],
    ["", "application/gzip", "gzip"],
    ["logo.png", "image/png", undefined],
  ])("%s (%s) is %s", (name, type, packing) => {
    expect(reportPacking(name, type)).toBe(packing);
  });

  it("falls back to the first bytes when name and type say nothing", () => {
    expect(reportPacking("", "application/octet-stream", gzipSync(xml))).toBe("gzip");
    expect(reportPacking("", "application/octet-stream", zipSync({ "r.xml": xml }))).toBe("zip");
  });
});

describe("reportXml", () => {
  it("opens the same report zipped (Google), gzipped (Yahoo, Outlook.com) or plain", () => {
    const expected = parseAggregateReport(xml.toString());
    for (const [bytes, packing] of [
      [zipSync({ "google.com!a!1!2.xml": xml }), "zip"],
      [gzipSync(xml), "gzip"],
      [new Uint8Array(xml), "xml"],
    ] as const) {
      expect(parseAggregateReport(reportXml(bytes, packing))).toEqual(expected);
    }
  });

  it("stops a gzip or zip bomb at the XML limit, mid-inflate", () => {
    const zeros = new Uint8Array(DMARC_REPORT_LIMITS.xmlBytes + 1024 * 1024);
    const gzBomb = gzipSync(zeros, { level: 9 });
    expect(gzBomb.length).toBeLessThan(100_000);
    expect(() => reportXml(gzBomb, "gzip")).toThrow(/decompresses to more than 26214400 bytes/);
    expect(() => reportXml(zipSync({ "r.xml": zeros }, { level: 9 }), "zip")).toThrow(
      /decompresses to more than/,
    );
  });

  it("refuses an oversized attachment, a zip without exactly one XML file, and bytes that are not what they claim", () => {
    expect(() => reportXml(new Uint8Array(DMARC_REPORT_LIMITS.attachmentBytes + 1), "xml")).toThrow(
      /attachment is larger than 10485760 bytes/,
    );
    expect(() => reportXml(zipSync({ "a.xml": xml, "b.xml": xml }), "zip")).toThrow(/holds 2 XML files/);
    expect(() => reportXml(zipSync({ "readme.txt": xml }), "zip")).toThrow(
      /holds 0 XML files \(readme.txt\)/,
    );
    expect(() => reportXml(new Uint8Array(xml), "gzip")).toThrow(/not a readable gzip file/);
    expect(() => reportXml(new Uint8Array(xml), "zip")).toThrow(/holds 0 XML files|not a readable zip file/);
  });
});
