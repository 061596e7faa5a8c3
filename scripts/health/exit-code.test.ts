import { describe, expect, it } from "vitest";
import { scoreDomain } from "../../health/score";
import type { BlocklistFinding, DomainSignals, HealthReport } from "../../health/signals";
import { healthVerdict } from "./exit-code";

const pass = { verdict: "pass" as const, detail: "ok" };
function signals(domain: string, blocklists: BlocklistFinding[] = []): DomainSignals {
  return {
    domain,
    dns: { spf: pass, dkim: { ...pass, name: `s._domainkey.${domain}` }, dmarc: pass, mx: pass },
    blocklists,
    mailboxes: [],
  };
}
const listed: BlocklistFinding = {
  list: "Spamhaus DBL",
  kind: "domain",
  target: "b.test",
  role: "domain",
  status: "listed",
  answer: "127.0.1.2",
  detail: "spam domain",
  delistUrl: "https://check.spamhaus.org/",
};
const report: HealthReport = {
  stack: "s",
  generatedAt: "2026-11-28T00:00:00.000Z",
  domains: [signals("a.test"), signals("b.test", [listed])].map(scoreDomain),
};

describe("healthVerdict", () => {
  it("is 0 without thresholds, whatever the scores", () => {
    expect(healthVerdict(report, { failOnListing: false })).toEqual({ code: 0, reasons: [] });
  });
  it("--fail-under names each domain below it", () => {
    expect(healthVerdict(report, { failUnder: 61, failOnListing: false })).toEqual({
      code: 1,
      reasons: ["b.test scores 60, under --fail-under 61"],
    });
    expect(healthVerdict(report, { failUnder: 60, failOnListing: false }).code).toBe(0);
  });
  it("--fail-on-listing names the listing and where to delist", () => {
    expect(healthVerdict(report, { failOnListing: true })).toEqual({
      code: 1,
      reasons: [
        "b.test (b.test) is listed on Spamhaus DBL (--fail-on-listing): delist at https://check.spamhaus.org/",
      ],
    });
  });
});
