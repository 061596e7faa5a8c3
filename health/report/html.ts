import type { HealthReport, HealthStatus } from "../signals";
import { statusBadge } from "./html-badge";
import { domainAnchor, renderDomain } from "./html-domain";
import { utcTime } from "./html-format";
import { renderFormula } from "./html-formula";
import { html, type Markup } from "./html-markup";
import { REPORT_STYLESHEET } from "./html-styles";

/**
 * Nothing may load or run: no script, font, image or request leaves the file, whatever a value in it says
 * (default-src, https://www.w3.org/TR/CSP3/#directive-default-src). Given in a `<meta>` because the file is
 * opened from disk, with no server to send a header: a meta policy is enforced on the document but may not
 * carry report-uri, frame-ancestors or sandbox, which browsers ignore there (https://github.com/whatwg/html/pull/523).
 */
export const REPORT_CSP =
  "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";

function overview(report: HealthReport): Markup {
  const count = (status: HealthStatus) => report.domains.filter((d) => d.status === status).length;
  const rows = report.domains.map(
    (d) =>
      html`<tr><td data-label="domain"><a href="#${domainAnchor(d.domain)}">${d.domain}</a></td><td data-label="score">${d.score}</td><td data-label="status">${statusBadge(d.status)}</td><td data-label="mailboxes">${d.signals.mailboxes.length}</td></tr>`,
  );
  return html`<section class="overview">
<p>${report.domains.length} domain${report.domains.length === 1 ? "" : "s"}: ${count("healthy")} healthy, ${count("at-risk")} at risk, ${count("critical")} critical.</p>
${
  report.domains.length > 0
    ? html`<table class="stack"><colgroup><col><col style="width:5em"><col style="width:7em"><col style="width:7em"></colgroup><thead><tr><th>domain</th><th>score</th><th>status</th><th>mailboxes</th></tr></thead><tbody>${rows}</tbody></table>`
    : ""
}
</section>`;
}

/**
 * The health report as one self-contained HTML page: an overview of the stack's domains, then per domain its
 * score ring, deductions, DNS checks, blocklists, DMARC report summary and mailboxes with their 7-day warmup
 * charts, then the formula. Inline CSS and SVG only, under a CSP that forbids every load and script; every
 * value from outside is escaped. Readable on a phone and printed.
 * @param report What `npm run health` gathered and scored for one stack.
 */
export function renderHealthHtml(report: HealthReport): string {
  const title = `Deliverability health: ${report.stack}`;
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${REPORT_CSP}">
<meta name="referrer" content="no-referrer">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<style>${REPORT_STYLESHEET}</style>
</head>
<body>
<header>
<h1>${title}</h1>
<p class="meta">Stack <strong>${report.stack}</strong> · checked ${utcTime(report.generatedAt)} · mailinfra <code>npm run health</code></p>
</header>
<main>
${overview(report)}
${report.domains.map(renderDomain)}
${renderFormula()}
</main>
</body>
</html>
`.toString();
}
