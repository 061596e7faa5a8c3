import type { DomainsOutput } from "./domains-output";

/**
 * The demo's summary after `up`: per domain the records it serves and how long the readiness gate waited,
 * then one line per mailbox with its Smartlead account and warmup. Pure: output in, lines out.
 */
export function summaryTable(domains: DomainsOutput): string[] {
  const rows: string[][] = [["domain", "records", "ready after", "mailbox", "smartlead id", "warmup"]];
  for (const [name, domain] of Object.entries(domains).sort(([a], [b]) => a.localeCompare(b))) {
    domain.mailboxes.forEach((mailbox, i) => {
      rows.push([
        i === 0 ? name : "",
        i === 0 ? String(domain.records.length) : "",
        i === 0 ? readyAfter(domain) : "",
        mailbox.suspended ? `${mailbox.email} (suspended)` : mailbox.email,
        mailbox.smartleadAccountId === undefined ? "-" : String(mailbox.smartleadAccountId),
        warmup(mailbox.warmup),
      ]);
    });
  }
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  const lines = rows.map((r) =>
    r
      .map((cell, c) => cell.padEnd(widths[c]))
      .join("  ")
      .trimEnd(),
  );
  lines.splice(1, 0, widths.map((w) => "─".repeat(w)).join("  "));
  return lines;
}

function readyAfter(domain: DomainsOutput[string]): string {
  if (!domain.ready) return "not ready";
  return domain.secondsToReady === undefined ? "ready" : `${domain.secondsToReady.toFixed(1)} s`;
}

function warmup(w: DomainsOutput[string]["mailboxes"][number]["warmup"]): string {
  if (!w) return "-";
  if (!w.enabled) return "off";
  return `on, ${w.perDay}/day (+${w.dailyRampup}/day), ${w.replyRate}% replies`;
}
