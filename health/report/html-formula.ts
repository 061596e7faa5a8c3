import { HEALTH_DEDUCTIONS } from "../score";
import type { Deduction } from "../signals";
import { percent } from "./html-format";
import { html, type Markup } from "./html-markup";

type Formula = typeof HEALTH_DEDUCTIONS;

/** One line of the printed formula. */
interface FormulaRow {
  check: Deduction["check"];
  when: string;
  points: string;
}

/** The point table in words, every number read from `HEALTH_DEDUCTIONS` (health/score.ts owns the formula). */
export function formulaRows(d: Formula = HEALTH_DEDUCTIONS): FormulaRow[] {
  const capped = (per: number, max: number) => `−${per} per mailbox, at most −${max}`;
  return [
    { check: "spf", when: "SPF missing, invalid or over the DNS lookup limit", points: `−${d.spfFail}` },
    { check: "spf", when: "SPF valid but weak", points: `−${d.spfWarn}` },
    {
      check: "dkim",
      when: "DKIM key missing or not the key the platform signs with",
      points: `−${d.dkimFail}`,
    },
    {
      check: "dmarc",
      when: "DMARC missing or invalid (p=none is a warning and costs nothing)",
      points: `−${d.dmarcFail}`,
    },
    { check: "mx", when: "MX missing or not the platform's", points: `−${d.mxFail}` },
    { check: "tracking", when: "tracking CNAME missing or pointing elsewhere", points: `−${d.trackingFail}` },
    { check: "blocklist", when: "the sending domain listed", points: `−${d.domainListed} per list` },
    { check: "blocklist", when: "the tracking domain listed", points: `−${d.trackingListed} per list` },
    { check: "blocklist", when: "a sending IP listed", points: `−${d.sendingIpListed} per list` },
    {
      check: "connection",
      when: "a mailbox's SMTP or IMAP not connected (unknown excepted)",
      points: capped(d.connectionBroken, d.connectionBrokenMax),
    },
    {
      check: "warmup",
      when: `over ${percent(d.warmupSpamShare)} of a mailbox's warmup emails in spam over 7 days`,
      points: capped(d.warmupSpam, d.warmupSpamMax),
    },
    {
      check: "warmup",
      when: "a mailbox's warmup not active (status not ACTIVE, or blocked)",
      points: capped(d.warmupInactive, d.warmupInactiveMax),
    },
    {
      check: "dmarc-reports",
      when: `DMARC pass rate below ${percent(d.dmarcReportsPassRate)} over at least ${d.dmarcReportsMinMessages} messages in aggregate reports`,
      points: `−${d.dmarcReportsFailing}`,
    },
  ];
}

/** How the score is computed: the start, the floor, the table of deductions and the status thresholds. */
export function renderFormula(d: Formula = HEALTH_DEDUCTIONS): Markup {
  const rows = formulaRows(d).map(
    (r) =>
      html`<tr><td data-label="check">${r.check}</td><td data-label="when">${r.when}</td><td class="points" data-label="points">${r.points}</td></tr>`,
  );
  return html`<section class="formula" id="formula">
<h2>How the score is computed</h2>
<p>Each domain starts at 100 and loses the points below, down to 0. A check that could not get an answer shows as <em>unknown</em> and costs nothing.</p>
<table class="stack"><colgroup><col style="width:8em"><col><col style="width:13em"></colgroup>
<thead><tr><th>check</th><th>when</th><th>points</th></tr></thead><tbody>${rows}</tbody></table>
<p>Status: <strong>healthy</strong> from ${d.healthyFrom}, <strong>at risk</strong> from ${d.atRiskFrom} to ${d.healthyFrom - 1}, <strong>critical</strong> below ${d.atRiskFrom} or when the domain, its tracking domain or a sending IP is listed on any blocklist.</p>
</section>`;
}
