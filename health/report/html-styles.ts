import { Markup } from "./html-markup";
import { CHART_COLOURS, VERDICT_COLOURS } from "./html-palette";

const verdictRules = Object.entries(VERDICT_COLOURS)
  .map(([verdict, c]) => `.badge-${verdict}{color:${c.text};background:${c.background}}`)
  .join("\n");

/**
 * The report's only stylesheet, inline (the CSP allows inline styles and nothing else). Phones: one column,
 * tables turn into labelled rows under 640 px, long values (SPF records, DKIM names) wrap instead of
 * widening the page. Print: colours kept, links followed by their address, a mailbox or domain header never
 * split across pages.
 */
export const REPORT_STYLESHEET = Markup.trusted(`
*,*::before,*::after{box-sizing:border-box}
:root{color-scheme:light;font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:#111827;background:#f9fafb;line-height:1.45;-webkit-print-color-adjust:exact;print-color-adjust:exact}
body{margin:0 auto;padding:16px;max-width:1100px}
h1{font-size:1.5rem;margin:0 0 4px}
h2{font-size:1.25rem;margin:0;overflow-wrap:anywhere}
h3{font-size:1rem;margin:20px 0 8px}
h4{font-size:.95rem;margin:12px 0 6px;overflow-wrap:anywhere}
.mailbox h4{margin-top:0}
p{margin:4px 0}
a{color:#1d4ed8}
code{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.85em;overflow-wrap:anywhere;word-break:break-all}
.meta{color:#4b5563;font-size:.9rem}
.overview,.domain,.formula{background:#fff;border:1px solid #e5e7eb;border-radius:8px;padding:16px;margin:16px 0}
.domain-head{display:flex;flex-wrap:wrap;gap:16px;align-items:center}
.domain-head>div{min-width:0;flex:1 1 200px}
.score-ring{flex:0 0 auto;width:120px;height:120px}
.badge{display:inline-block;padding:1px 8px;border-radius:999px;font-size:.8rem;font-weight:600;max-width:100%}
${verdictRules}
.status-healthy{color:#166534;background:#dcfce7}.status-at-risk{color:#854d0e;background:#fef9c3}.status-critical{color:#991b1b;background:#fee2e2}
table{width:100%;border-collapse:collapse;table-layout:fixed;font-size:.9rem}
th,td{text-align:left;vertical-align:top;padding:6px 8px;border-bottom:1px solid #e5e7eb;overflow-wrap:anywhere}
th{font-weight:600;color:#374151;background:#f3f4f6}
td.points{font-weight:700;color:#991b1b}
ul.plain{margin:0;padding-left:18px}
.listed td{background:#fef2f2}
.mailboxes{display:grid;grid-template-columns:repeat(auto-fill,minmax(min(100%,330px),1fr));gap:12px}
.mailbox{border:1px solid #e5e7eb;border-radius:8px;padding:12px;min-width:0}
.mailbox dl{display:grid;grid-template-columns:max-content minmax(0,1fr);gap:2px 10px;margin:8px 0;font-size:.9rem}
.mailbox dt{color:#4b5563}
.mailbox dd{margin:0;overflow-wrap:anywhere}
.warmup-chart{margin:8px 0 0}
.warmup-chart svg{display:block;width:100%;height:auto;max-width:420px}
.warmup-chart figcaption{font-size:.8rem;color:#4b5563}
.warmup-chart-empty{border:1px dashed ${CHART_COLOURS.axis};border-radius:6px;padding:24px 8px;text-align:center;color:#374151;font-weight:600}
.rates{display:flex;flex-wrap:wrap;gap:8px 20px}
@media (max-width:640px){
  body{padding:8px}
  .overview,.domain,.formula{padding:10px}
  table.stack thead{display:none}
  table.stack,table.stack tbody,table.stack tr,table.stack td{display:block;width:100%}
  table.stack tr{border-bottom:1px solid #d1d5db;padding:4px 0}
  table.stack td{border:0;padding:2px 4px}
  table.stack td[data-label]::before{content:attr(data-label) ": ";font-weight:600;color:#4b5563}
}
@media print{
  :root{background:#fff}
  body{max-width:none;padding:0}
  .overview,.domain,.formula{border:0;padding:0;margin:0 0 16px}
  .domain{break-before:page}
  .domain-head,.mailbox,tr{break-inside:avoid}
  a[href^="http"]::after{content:" (" attr(href) ")";font-size:.8em;overflow-wrap:anywhere}
}
`);
