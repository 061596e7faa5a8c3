import { warmupSpamShare } from "../score";
import type { ConnectionState, MailboxSignals } from "../signals";
import { verdictBadge } from "./html-badge";
import { percent } from "./html-format";
import { html, type Markup } from "./html-markup";
import { renderWarmupChart } from "./warmup-chart";

const CONNECTION_LABELS: Record<ConnectionState, string> = {
  connected: "connected",
  "authentication-failed": "authentication failed",
  timeout: "timed out",
  failed: "failed",
  unknown: "unknown",
};

function connection(check: MailboxSignals["smtp"]): Markup {
  return html`${verdictBadge(check.verdict, CONNECTION_LABELS[check.state])} ${check.detail}`;
}

/**
 * One mailbox's card: Smartlead account, SMTP and IMAP state (authentication failure told apart from a
 * timeout), warmup status and reputation, daily limit, campaigns, and the 7-day warmup chart.
 */
export function renderMailbox(mailbox: MailboxSignals): Markup {
  const { warmup } = mailbox;
  const share = warmupSpamShare(mailbox);
  return html`<article class="mailbox" data-mailbox="${mailbox.address}">
<h4>${mailbox.address}</h4>
<dl>
<dt>Smartlead</dt><dd>${mailbox.smartleadAccountId !== undefined ? `account ${mailbox.smartleadAccountId}` : "not connected to Smartlead"}</dd>
<dt>SMTP</dt><dd>${connection(mailbox.smtp)}</dd>
<dt>IMAP</dt><dd>${connection(mailbox.imap)}</dd>
<dt>Warmup</dt><dd>${verdictBadge(warmup.verdict, warmup.status ?? warmup.verdict)} ${warmup.detail}</dd>
<dt>Reputation</dt><dd>${warmup.reputation !== undefined ? `${warmup.reputation} %` : "–"}</dd>
<dt>Spam, 7 days</dt><dd>${share !== undefined ? percent(share) : "–"}</dd>
<dt>Daily limit</dt><dd>${mailbox.dailyLimit !== undefined ? `${mailbox.dailyLimit} emails` : "–"}</dd>
<dt>Campaigns</dt><dd>${mailbox.campaignIds.length > 0 ? mailbox.campaignIds.join(", ") : "none"}</dd>
</dl>
${renderWarmupChart(warmup.days, mailbox.address)}
</article>`;
}
