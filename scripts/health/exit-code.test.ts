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

  describe("--fail-on-listing and targets no list gave a verdict for", () => {
    const finding = (
      list: string,
      target: string,
      role: BlocklistFinding["role"],
      status: BlocklistFinding["status"],
      answer?: string,
    ): BlocklistFinding => ({
      list,
      kind: role === "sending-ip" ? "ip" : "domain",
      target,
      role,
      status,
      ...(answer ? { answer } : {}),
      detail:
        status === "clean"
          ? `not listed on ${list}`
          : answer
            ? `${list} refused the query (${answer}): it came through a public/open resolver`
            : `no answer from ${list}: 1.1.1.1 ETIMEOUT`,
    });
    // What the default public resolvers get: Spamhaus 127.255.255.254, URIBL and SURBL 127.0.0.1, and the IP
    // lists no answer at all.
    const blind = (domain: string, tracking: string, ip: string) =>
      signals(domain, [
        finding("Spamhaus DBL", domain, "domain", "unknown", "127.255.255.254"),
        finding("SURBL multi", domain, "domain", "unknown", "127.0.0.1"),
        finding("URIBL multi", domain, "domain", "unknown", "127.0.0.1"),
        finding("Spamhaus DBL", tracking, "tracking", "unknown", "127.255.255.254"),
        finding("Spamhaus ZEN", ip, "sending-ip", "unknown", "127.255.255.254"),
        finding("SpamCop SCBL", ip, "sending-ip", "unknown"),
      ]);

    it("fails a domain, tracking host and sending IP that every list refused, one line each with the answers and the fix", () => {
      const verdict = healthVerdict(
        { ...report, domains: [scoreDomain(blind("c.test", "track.c.test", "192.0.2.9"))] },
        { failOnListing: true },
      );
      expect(verdict.code).toBe(1);
      expect(verdict.reasons).toHaveLength(3);
      const [domain, tracking, ip] = verdict.reasons;
      expect(domain).toMatch(/^c\.test \(c\.test\): no blocklist gave a verdict \(--fail-on-listing\): /);
      expect(domain).toContain("Spamhaus DBL answered 127.255.255.254 (Spamhaus DBL refused the query");
      expect(domain).toContain("SURBL multi answered 127.0.0.1");
      expect(domain).toContain("URIBL multi answered 127.0.0.1");
      expect(tracking).toMatch(/^track\.c\.test \(c\.test\): no blocklist gave a verdict/);
      expect(ip).toMatch(/^192\.0\.2\.9 \(c\.test\): no blocklist gave a verdict/);
      expect(ip).toContain("SpamCop SCBL: no answer from SpamCop SCBL: 1.1.1.1 ETIMEOUT");
      for (const reason of verdict.reasons) {
        expect(reason).not.toContain("\n");
        expect(reason).toContain("pulumi config set --secret --path 'mailinfra:health.spamhausDqsKey' <key>");
        expect(reason).toContain("mailinfra:health.blocklistResolvers");
      }
      // Without the flag the blind report does not fail: the unknowns are in the report for a human to read.
      expect(
        healthVerdict(
          { ...report, domains: [scoreDomain(blind("c.test", "t.c.test", "192.0.2.9"))] },
          {
            failOnListing: false,
          },
        ),
      ).toEqual({ code: 0, reasons: [] });
    });

    it("passes a target one list answered clean while the others refused", () => {
      const partly = signals("d.test", [
        finding("Spamhaus DBL", "d.test", "domain", "clean"),
        finding("SURBL multi", "d.test", "domain", "unknown", "127.0.0.1"),
        finding("URIBL multi", "d.test", "domain", "unknown", "127.0.0.1"),
        finding("Spamhaus ZEN", "192.0.2.8", "sending-ip", "unknown", "127.255.255.254"),
        finding("Barracuda BRBL", "192.0.2.8", "sending-ip", "clean"),
      ]);
      expect(healthVerdict({ ...report, domains: [scoreDomain(partly)] }, { failOnListing: true })).toEqual({
        code: 0,
        reasons: [],
      });
    });

    it("fails only the target left without a verdict, beside a listing reported as before", () => {
      const mixed = signals("e.test", [
        { ...listed, target: "e.test" },
        finding("SURBL multi", "e.test", "domain", "clean"),
        finding("Spamhaus DBL", "t.e.test", "tracking", "unknown", "127.255.255.254"),
        finding("SURBL multi", "t.e.test", "tracking", "unknown", "127.0.0.1"),
      ]);
      const verdict = healthVerdict({ ...report, domains: [scoreDomain(mixed)] }, { failOnListing: true });
      expect(verdict.code).toBe(1);
      expect(verdict.reasons.map((r) => r.split(":")[0])).toEqual([
        "e.test (e.test) is listed on Spamhaus DBL (--fail-on-listing)",
        "t.e.test (e.test)",
      ]);
    });
  });
});
