import { SPF_LOOKUP_LIMIT } from "../../components/dns/spf-terms";
import type {
  BlocklistFinding,
  DmarcReportSummary,
  DnsAuthentication,
  DomainHealth,
  ListingStatus,
  Verdict,
} from "../signals";
import { statusBadge, verdictBadge } from "./html-badge";
import { percent, utcDay } from "./html-format";
import { renderMailbox } from "./html-mailbox";
import { html, httpUrl, joinMarkup, type Markup } from "./html-markup";
import { renderScoreRing } from "./score-ring";

/** The element id of a domain's section, for the overview's links. */
export function domainAnchor(domain: string): string {
  return `domain-${domain}`;
}

function deductionsList(health: DomainHealth): Markup {
  if (health.deductions.length === 0) return html`<p>No deductions: every check that answered passed.</p>`;
  const rows = health.deductions.map(
    (d) =>
      html`<tr><td class="points" data-label="points">−${d.points}</td><td data-label="check">${d.check}</td><td data-label="reason">${d.reason}</td></tr>`,
  );
  return html`<table class="stack deductions"><colgroup><col style="width:5em"><col style="width:9em"><col></colgroup>
<thead><tr><th>points</th><th>check</th><th>reason</th></tr></thead><tbody>${rows}</tbody></table>`;
}

const ALIGNMENT = { r: "relaxed", s: "strict" } as const;

function dnsRow(check: string, verdict: Verdict, detail: Markup): Markup {
  return html`<tr><td data-label="check">${check}</td><td data-label="result">${verdictBadge(verdict)}</td><td data-label="detail">${detail}</td></tr>`;
}

function dnsTable(dns: DnsAuthentication): Markup {
  const { spf, dkim, dmarc, mx, tracking } = dns;
  const rows = [
    dnsRow(
      "SPF",
      spf.verdict,
      html`${spf.detail}${spf.lookups !== undefined ? html`<br>${spf.lookups} of ${SPF_LOOKUP_LIMIT} DNS lookups` : ""}${spf.record ? html`<br><code>${spf.record}</code>` : ""}`,
    ),
    dnsRow("DKIM", dkim.verdict, html`${dkim.detail}<br><code>${dkim.name}</code>`),
    dnsRow(
      "DMARC",
      dmarc.verdict,
      html`${dmarc.detail}${dmarc.policy ? html`<br>policy <code>p=${dmarc.policy}</code>` : ""}${
        dmarc.alignment
          ? html`<br>alignment: DKIM ${ALIGNMENT[dmarc.alignment.dkim]}, SPF ${ALIGNMENT[dmarc.alignment.spf]}`
          : ""
      }${
        dmarc.rua
          ? html`<br>aggregate reports to ${
              dmarc.rua.length > 0
                ? joinMarkup(
                    dmarc.rua.map((a) => html`<code>${a}</code>`),
                    html`, `,
                  )
                : "nobody (no rua)"
            }`
          : ""
      }${dmarc.record ? html`<br><code>${dmarc.record}</code>` : ""}`,
    ),
    dnsRow(
      "MX",
      mx.verdict,
      html`${mx.detail}${
        mx.hosts && mx.hosts.length > 0
          ? html`<br>${joinMarkup(
              mx.hosts.map((h) => html`<code>${h}</code>`),
              html`, `,
            )}`
          : ""
      }`,
    ),
    tracking
      ? dnsRow(
          "Tracking",
          tracking.verdict,
          html`${tracking.detail}<br><code>${tracking.name}</code>${tracking.target ? html` → <code>${tracking.target}</code>` : ""}`,
        )
      : html`<tr><td data-label="check">Tracking</td><td data-label="result">–</td><td data-label="detail">No tracking domain declared.</td></tr>`,
  ];
  return html`<table class="stack dns"><colgroup><col style="width:6.5em"><col style="width:6.5em"><col></colgroup>
<thead><tr><th>check</th><th>result</th><th>detail</th></tr></thead><tbody>${rows}</tbody></table>`;
}

const LISTING_VERDICT: Record<ListingStatus, Verdict> = { listed: "fail", clean: "pass", unknown: "unknown" };
const ROLE_LABELS: Record<BlocklistFinding["role"], string> = {
  domain: "sending domain",
  tracking: "tracking domain",
  "sending-ip": "sending IP",
};

function blocklistTable(findings: BlocklistFinding[]): Markup {
  if (findings.length === 0) return html`<p>No blocklist was asked.</p>`;
  // Listed first, then unknown, then clean: what needs a person comes first.
  const order: Record<ListingStatus, number> = { listed: 0, unknown: 1, clean: 2 };
  const sorted = [...findings].sort((a, b) => order[a.status] - order[b.status]);
  const rows = sorted.map((f) => {
    const delist = f.status === "listed" ? httpUrl(f.delistUrl) : undefined;
    return html`<tr class="${f.status}"><td data-label="list">${f.list}</td><td data-label="target"><code>${f.target}</code><br>${ROLE_LABELS[f.role]}</td><td data-label="status">${verdictBadge(LISTING_VERDICT[f.status], f.status)}</td><td data-label="detail">${f.answer ? html`<code>${f.answer}</code> ` : ""}${f.detail}${
      delist ? html`<br><a href="${delist}" rel="noreferrer">request removal</a>` : ""
    }</td></tr>`;
  });
  return html`<table class="stack blocklists"><colgroup><col style="width:22%"><col style="width:26%"><col style="width:7em"><col></colgroup>
<thead><tr><th>list</th><th>target</th><th>status</th><th>detail</th></tr></thead><tbody>${rows}</tbody></table>`;
}

function dmarcReports(summary: DmarcReportSummary | undefined, detail: string | undefined): Markup {
  if (!summary) return html`<p>${detail ?? "No DMARC aggregate reports read."}</p>`;
  const sources = summary.failingSources.map(
    (s) =>
      html`<tr><td data-label="source IP"><code>${s.sourceIp}</code></td><td data-label="messages">${s.messages}</td><td data-label="DMARC">${verdictBadge(s.dmarcPass ? "pass" : "fail")}</td></tr>`,
  );
  return html`<p>${summary.reports} report${summary.reports === 1 ? "" : "s"} from ${
    summary.reporters.length > 0 ? joinMarkup(summary.reporters, html`, `) : "no named reporter"
  }${summary.period ? html`, ${utcDay(summary.period.begin)} to ${utcDay(summary.period.end)}` : ""}: ${summary.messages} messages.</p>
<p class="rates"><span>SPF pass ${percent(summary.spfPassRate)}</span><span>DKIM pass ${percent(summary.dkimPassRate)}</span><span>DMARC pass ${percent(summary.dmarcPassRate)}</span></p>
${
  sources.length > 0
    ? html`<h4>Sources sending as the domain that fail DMARC</h4><table class="stack sources"><thead><tr><th>source IP</th><th>messages</th><th>DMARC</th></tr></thead><tbody>${sources}</tbody></table>`
    : html`<p>No source failed DMARC.</p>`
}${detail ? html`<p class="meta">${detail}</p>` : ""}`;
}

/**
 * One domain's section: score ring and status, what cost points, DNS authentication, blocklists, DMARC
 * aggregate reports and one card per mailbox.
 */
export function renderDomain(health: DomainHealth): Markup {
  const { signals } = health;
  const listed = signals.blocklists.filter((f) => f.status === "listed").length;
  return html`<section class="domain" id="${domainAnchor(health.domain)}" data-domain="${health.domain}">
<div class="domain-head">${renderScoreRing(health.score, health.status)}<div>
<h2>${health.domain}</h2>
<p>${statusBadge(health.status)} score ${health.score} of 100${listed > 0 ? html` · listed on ${listed} blocklist${listed === 1 ? "" : "s"}` : ""} · ${signals.mailboxes.length} mailbox${signals.mailboxes.length === 1 ? "" : "es"}</p>
</div></div>
<h3>What cost points</h3>
${deductionsList(health)}
<h3>DNS authentication</h3>
${dnsTable(signals.dns)}
<h3>Blocklists</h3>
${blocklistTable(signals.blocklists)}
<h3>DMARC aggregate reports</h3>
${dmarcReports(signals.dmarcReports, signals.dmarcReportsDetail)}
<h3>Mailboxes</h3>
${signals.mailboxes.length > 0 ? html`<div class="mailboxes">${signals.mailboxes.map(renderMailbox)}</div>` : html`<p>No mailboxes.</p>`}
</section>`;
}
