import { normalizeDkimKey } from "../dns/dkim-key";
import { normalizeReportUri } from "../dns/dmarc";
import { normalizeHost } from "../dns/name";
import { TRACKING_SUBDOMAINS, TRACKING_TARGETS } from "../dns/tracking";
import { toAsciiDomain, toUnicodeDomain } from "./domain-name";
import { DEFAULT_WORKSPACE_CONNECTION } from "./mailbox-connection";
import { previousAddress } from "./previous-address";
import type { DomainConfig, DomainInput, MailboxConfig } from "./schema";
import { SMARTLEAD_DEFAULTS } from "./smartlead-defaults";

/** Default DKIM selector per platform. Microsoft 365 has fixed selectors; the value is informative only. */
const DKIM_SELECTORS = {
  "google-workspace": "google",
  "microsoft-365": "selector1",
  custom: "mailinfra",
} as const;

function reportUris(value: string | string[] | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  const list = Array.isArray(value) ? value : value.split(",");
  return list
    .map((uri) => uri.trim())
    .filter((uri) => uri !== "")
    .map(normalizeReportUri);
}

function sortedUnique<T extends string | number>(values: readonly T[]): T[] {
  return [...new Set(values)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

function normalizeMailbox(
  mailbox: DomainInput["mailboxes"][number],
  domain: DomainInput,
  name: string,
): MailboxConfig {
  const own = mailbox.smartlead ?? {};
  const inherited = domain.smartlead;
  const username = mailbox.username.trim().toLowerCase();
  return {
    username,
    address: `${username}@${name}`,
    firstName: mailbox.firstName.trim(),
    lastName: mailbox.lastName.trim(),
    orgUnit: mailbox.orgUnit.trim(),
    adopt: mailbox.adopt,
    onDelete: mailbox.onDelete,
    ...(mailbox.renamedFrom === undefined ? {} : { renamedFrom: previousAddress(mailbox.renamedFrom, name) }),
    connection: mailbox.connection ?? DEFAULT_WORKSPACE_CONNECTION,
    ...(mailbox.appPassword === undefined ? {} : { appPassword: mailbox.appPassword }),
    smartlead: {
      enabled: own.enabled ?? inherited.enabled ?? SMARTLEAD_DEFAULTS.enabled,
      warmup: {
        enabled: own.warmup?.enabled ?? inherited.warmup?.enabled ?? SMARTLEAD_DEFAULTS.warmup.enabled,
        perDay: own.warmup?.perDay ?? inherited.warmup?.perDay ?? SMARTLEAD_DEFAULTS.warmup.perDay,
        dailyRampup:
          own.warmup?.dailyRampup ?? inherited.warmup?.dailyRampup ?? SMARTLEAD_DEFAULTS.warmup.dailyRampup,
        replyRate:
          own.warmup?.replyRate ?? inherited.warmup?.replyRate ?? SMARTLEAD_DEFAULTS.warmup.replyRate,
      },
      maxEmailsPerDay: own.maxEmailsPerDay ?? inherited.maxEmailsPerDay ?? SMARTLEAD_DEFAULTS.maxEmailsPerDay,
      campaignIds: sortedUnique([...inherited.campaignIds, ...(own.campaignIds ?? [])]),
      onDelete: own.onDelete ?? inherited.onDelete ?? SMARTLEAD_DEFAULTS.onDelete,
    },
  };
}

/**
 * `tracking.subdomain` as a label under `domain` (punycode). People paste the whole host
 * (`track.example.com` on example.com), which taken as a label would publish `track.example.com.example.com`
 * and hand Smartlead that host: a name ending with the domain is made relative (the domain itself is the
 * apex, `@`). A trailing dot marks an absolute name, as in a zone file: under the domain it is made
 * relative too; anywhere else it keeps its dot, for the record-names rule to reject.
 */
export function trackingLabel(subdomain: string, domain: string): string {
  const written = subdomain.trim().toLowerCase();
  const absolute = written.endsWith(".");
  const bare = absolute ? written.slice(0, -1) : written;
  // Only non-ASCII needs converting; url.domainToASCII would read a label such as "1.2" as an IPv4 address.
  const ascii = [...bare].some((c) => c.charCodeAt(0) > 0x7f) ? toAsciiDomain(bare) || bare : bare;
  if (ascii === domain) return "@";
  if (ascii.endsWith(`.${domain}`)) return ascii.slice(0, -(domain.length + 1));
  return absolute ? `${ascii}.` : ascii;
}

function normalizeTracking(tracking: DomainInput["tracking"], name: string): DomainConfig["tracking"] {
  const { provider, target, subdomain } = tracking;
  if (provider === "none") return { provider };
  // The schema requires `target` for custom; the fallback only keeps the types honest.
  const resolved = target ?? (provider === "custom" ? "" : TRACKING_TARGETS[provider]);
  return {
    provider,
    subdomain: trackingLabel(subdomain ?? TRACKING_SUBDOMAINS[provider], name),
    target: normalizeHost(resolved),
  };
}

function normalizePlatform(platform: DomainInput["platform"]): DomainConfig["platform"] {
  if (platform.kind !== "custom") return platform;
  return {
    kind: "custom",
    mx: platform.mx.map((mx) => ({ host: normalizeHost(mx.host), priority: mx.priority })),
    spfIncludes: platform.spfIncludes.map(normalizeHost),
  };
}

/**
 * One merged domain entry → the `DomainConfig` the builders use: punycode names, per-platform defaults,
 * no DMARC report address unless written (parseConfig adds the stack's reports mailbox), mailbox Smartlead settings inherited from the domain.
 * Pure and total on schema-valid input; problems with values are left to the validation rules.
 */
export function normalizeDomain(domain: DomainInput): DomainConfig {
  const name = toAsciiDomain(domain.name) || domain.name.trim().toLowerCase();
  const publicKey = domain.dkim.publicKey === undefined ? undefined : normalizeDkimKey(domain.dkim.publicKey);
  return {
    name,
    displayName: toUnicodeDomain(name),
    dns: domain.dns,
    platform: normalizePlatform(domain.platform),
    spf: {
      includes: domain.spf.includes.map(normalizeHost),
      ip4: domain.spf.ip4.map((ip) => ip.trim()),
      ip6: domain.spf.ip6.map((ip) => ip.trim().toLowerCase()),
      all: domain.spf.all,
      flatten: domain.spf.flatten,
    },
    dkim: {
      selector: (domain.dkim.selector ?? DKIM_SELECTORS[domain.platform.kind]).trim().toLowerCase(),
      ...(publicKey === undefined ? {} : { publicKey }),
    },
    dmarc: {
      p: domain.dmarc.p,
      ...(domain.dmarc.sp === undefined ? {} : { sp: domain.dmarc.sp }),
      ...(domain.dmarc.pct === undefined ? {} : { pct: domain.dmarc.pct }),
      ...(domain.dmarc.testing === undefined ? {} : { testing: domain.dmarc.testing }),
      // Unwritten: none here; parseConfig sets the stack's reports mailbox (components/config/dmarc-reports.ts).
      rua: reportUris(domain.dmarc.rua) ?? [],
      ruf: reportUris(domain.dmarc.ruf) ?? [],
      adkim: domain.dmarc.adkim,
      aspf: domain.dmarc.aspf,
      ...(domain.dmarc.fo === undefined ? {} : { fo: domain.dmarc.fo }),
      acceptReportsFor: sortedUnique(domain.dmarc.acceptReportsFor.map(normalizeHost)),
    },
    tracking: normalizeTracking(domain.tracking, name),
    ttl: domain.ttl,
    smartlead: { campaignIds: sortedUnique(domain.smartlead.campaignIds) },
    campaignPolicy: domain.campaignPolicy,
    mailboxes: domain.mailboxes.map((mailbox) => normalizeMailbox(mailbox, domain, name)),
  };
}
