import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseAggregateReport } from "./aggregate-report";
import { summarizeReports } from "./report-summary";

const sample = (name: string) => parseAggregateReport(readFileSync(join(__dirname, "samples", name), "utf8"));
const google = sample("google.com!acme-outreach.test!1764115200!1764201599.xml");
const yahoo = sample("yahoo.com!acme-outreach.test!1764115200!1764201599.xml");
const outlook = sample("protection.outlook.com!tryacme.test!1764115200!1764201600.xml");
const dmarcbis = sample("rfc9990!acme-outreach.test.xml");

describe("summarizeReports", () => {
  it("adds up each domain's reports: messages, aligned SPF/DKIM and DMARC pass rates, failing sources", () => {
    const summaries = summarizeReports([google, yahoo, outlook, dmarcbis]);
    expect([...summaries.keys()]).toEqual(["acme-outreach.test", "tryacme.test"]);
    // acme-outreach.test: Google 120 (both) + 30 (DKIM only) + 12 (neither); Yahoo 36 (both) + 2 (neither);
    // RFC 9990 reporter 5 (DKIM only). 205 messages; SPF 156, DKIM 191, DMARC 191.
    const acme = summaries.get("acme-outreach.test")!;
    expect(acme).toEqual({
      reports: 3,
      reporters: ["Reporter & Co", "Yahoo", "google.com"],
      period: { begin: "2025-11-26T00:00:00.000Z", end: "2025-11-27T23:59:59.000Z" },
      messages: 205,
      spfPassRate: 156 / 205,
      dkimPassRate: 191 / 205,
      dmarcPassRate: 191 / 205,
      failingSources: [
        { sourceIp: "203.0.113.7", messages: 12, dmarcPass: false },
        { sourceIp: "198.51.100.23", messages: 2, dmarcPass: false },
      ],
    });
    expect(summaries.get("tryacme.test")).toMatchObject({
      reports: 1,
      messages: 40,
      spfPassRate: 1,
      dkimPassRate: 0,
      dmarcPassRate: 1,
      failingSources: [],
    });
  });

  it("counts a report delivered twice once, and a report without records as no messages", () => {
    const empty = { ...google, reportId: "empty", records: [] };
    const summary = summarizeReports([google, google, empty]).get("acme-outreach.test")!;
    expect([summary.reports, summary.messages]).toEqual([2, 162]);
    expect(summarizeReports([empty]).get("acme-outreach.test")).toMatchObject({
      messages: 0,
      dmarcPassRate: 0,
    });
  });

  it("keeps the first received of two reports with one reporter and report id, whatever the order given", () => {
    // Anyone can mail the reports address: a later copy of Google's report, every message failing.
    const forged = {
      ...google,
      records: [{ sourceIp: "192.0.2.66", count: 1000, dkimAligned: false, spfAligned: false }],
    };
    const real = { ...google, receivedAt: new Date("2025-11-28T01:00:00Z") };
    const later = { ...forged, receivedAt: new Date("2025-11-28T09:00:00Z") };
    for (const order of [
      [real, later],
      [later, real],
    ]) {
      expect(summarizeReports(order).get("acme-outreach.test")).toMatchObject({
        reports: 1,
        messages: 162,
        failingSources: [{ sourceIp: "203.0.113.7", messages: 12, dmarcPass: false }],
      });
    }
    // Without receipt times, the first given wins.
    expect(summarizeReports([google, forged]).get("acme-outreach.test")?.messages).toBe(162);
  });
});
