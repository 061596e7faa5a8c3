import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { HEALTH_DEDUCTIONS } from "../score";
import type { HealthReport } from "../signals";
import { REPORT_CSP, renderHealthHtml } from "./html";
import { HOSTILE, hostileReport, threeDomainReport } from "./html-fixtures";
import { renderFormula } from "./html-formula";
import { escapeHtml } from "./html-markup";

const report = threeDomainReport();
const page = renderHealthHtml(report);

/** The section of one domain, from its opening tag to the next section. */
function domainSection(domain: string): string {
  const start = page.indexOf(`data-domain="${domain}"`);
  expect(start, domain).toBeGreaterThan(0);
  return page.slice(start, page.indexOf("</section>", start));
}

describe("renderHealthHtml", () => {
  it("is one document that loads nothing: a CSP that forbids loads, no script, no external reference", () => {
    expect(page.startsWith("<!doctype html>")).toBe(true);
    expect(page).toContain(`<meta http-equiv="Content-Security-Policy" content="${escapeHtml(REPORT_CSP)}">`);
    expect(REPORT_CSP).toContain("default-src 'none'");
    expect(page).not.toMatch(/<script|<link|<img|<iframe|@import|url\(|\ssrc=/i);
    // Only the delist page of the listed domain is an outside link, and it is a link, not a load.
    expect(page.match(/href="http[^"]*"/g)).toEqual(['href="https://check.spamhaus.org/"']);
  });

  it("shows each domain's score, status and every deduction with its points and reason", () => {
    for (const health of report.domains) {
      const section = domainSection(health.domain);
      expect(section).toContain(`aria-label="score ${health.score} of 100`);
      expect(section).toContain(`data-status="${health.status}"`);
      for (const d of health.deductions) {
        expect(section).toContain(`>−${d.points}<`);
        expect(section).toContain(escapeHtml(d.reason));
      }
    }
    expect(report.domains.map((d) => d.status)).toEqual(["healthy", "at-risk", "critical"]);
  });

  it("shows the critical domain's listing with its delist link, its missing DKIM and its broken mailbox", () => {
    const section = domainSection("acme-sales.test");
    expect(section).toMatch(/<tr class="listed"><td data-label="list">Spamhaus DBL<\/td>/);
    expect(section).toContain('<a href="https://check.spamhaus.org/" rel="noreferrer">request removal</a>');
    expect(section).toMatch(/DKIM<\/td><td data-label="result"><span class="badge badge-fail">fail<\/span>/);
    expect(section).toContain('<span class="badge badge-fail">authentication failed</span>');
    expect(section).toContain("No warmup data for the last 7 days");
    expect(section).toContain("no aggregate report received yet");
  });

  it("shows a blocklist that refused the query as unknown, never clean or listed", () => {
    const section = domainSection("acme-mail.test");
    expect(section).toMatch(
      /<tr class="unknown"><td data-label="list">Spamhaus DBL<\/td>.*?<span class="badge badge-unknown">unknown<\/span>.*?127\.255\.255\.254/s,
    );
  });

  it("shows the DMARC report summary: reporters, pass rates and failing sources", () => {
    const section = domainSection("acme-mail.test");
    expect(section).toContain(
      "4 reports from google.com, Outlook.com, 2026-11-21 to 2026-11-27: 260 messages.",
    );
    expect(section).toContain("DMARC pass 95 %");
    expect(section).toContain('<code>203.0.113.9</code></td><td data-label="messages">13</td>');
  });

  it("links no delist page that is not http(s)", () => {
    const hostile = hostileReport();
    expect(hostile.domains[0].signals.blocklists[0]).toMatchObject({
      status: "listed",
      delistUrl: HOSTILE.link,
    });
    const out = renderHealthHtml(hostile);
    expect(out).not.toMatch(/javascript:/i);
    expect(out).not.toContain("request removal");
  });

  it("escapes every value from outside: reporters, sources, failure messages, names, the stack", () => {
    const out = renderHealthHtml(hostileReport());
    for (const value of [HOSTILE.script, HOSTILE.image, HOSTILE.iframe, HOSTILE.style]) {
      expect(out).not.toContain(value);
      expect(out).toContain(escapeHtml(value));
    }
    expect(out).not.toMatch(/<script|<img|<iframe/i);
    expect(out.match(/<style/g)).toHaveLength(1);
  });
});

/** Fields whose values are chosen from a fixed set (or a URL vetted by httpUrl), not free text from outside. */
const NOT_FREE_TEXT = new Set([
  "verdict",
  "state",
  "status",
  "kind",
  "role",
  "check",
  "policy",
  "dkim",
  "spf",
  "delistUrl",
]);

/** `value` with every free-text string replaced by the next of `texts` (cycling). */
function withTexts<T>(value: T, texts: string[]): T {
  let next = 0;
  const walk = (v: unknown, key?: string): unknown => {
    if (typeof v === "string")
      return key !== undefined && NOT_FREE_TEXT.has(key) ? v : texts[next++ % texts.length];
    if (Array.isArray(v)) return v.map((item) => walk(item, key));
    if (v && typeof v === "object")
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x, k)]));
    return v;
  };
  return walk(value) as T;
}

describe("outside text cannot change the document's structure", () => {
  it("renders as many tags whatever the names, details, reasons and reporters say", () => {
    const tags = (report: HealthReport) => (renderHealthHtml(report).match(/</g) ?? []).length;
    const baseline = tags(withTexts(report, ["x"]));
    const hostile = fc.oneof(
      fc.string({ minLength: 1, unit: "grapheme" }),
      fc.constantFrom(
        ...Object.values(HOSTILE),
        "</style><script>",
        "]]><!--",
        "&lt;b&gt;",
        "\u003cscript\u003e",
      ),
    );
    fc.assert(
      fc.property(fc.array(hostile, { minLength: 1, maxLength: 20 }), (texts) => {
        expect(tags(withTexts(report, texts))).toBe(baseline);
      }),
      { numRuns: 60 },
    );
  });
});

describe("the printed formula", () => {
  it("prints every entry of HEALTH_DEDUCTIONS, read from the table", () => {
    // A distinct number per entry: each must show (shares as percents), so an entry added to the formula
    // without a line here, or a number written here instead of read, fails.
    const keys = Object.keys(HEALTH_DEDUCTIONS) as (keyof typeof HEALTH_DEDUCTIONS)[];
    const marked = Object.fromEntries(
      keys.map((k, i) => [k, 1000 + 7 * i]),
    ) as unknown as typeof HEALTH_DEDUCTIONS;
    const out = renderFormula(marked).toString();
    for (const [i, key] of keys.entries()) {
      const shown = new RegExp(`(^|[^0-9])(${1000 + 7 * i}|${(1000 + 7 * i) * 100})([^0-9]|$)`);
      expect(out, key).toMatch(shown);
    }
    expect(page).toContain(`−${HEALTH_DEDUCTIONS.domainListed} per list`);
    expect(page).toContain(`<strong>healthy</strong> from ${HEALTH_DEDUCTIONS.healthyFrom}`);
  });
});
