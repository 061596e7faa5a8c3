import type { DomainConfig } from "../config/schema";
import { normalizeHost } from "./name";
import type { MailDnsRecord } from "./record";
import { txtRecord } from "./txt";

/**
 * Tag order of the `_dmarc` record. RFC 9989 (DMARCbis, https://www.rfc-editor.org/rfc/rfc9989) only requires
 * `v` first; mailinfra always writes the same order so the value is stable byte for byte:
 * v, p, sp, t, pct, rua, ruf, adkim, aspf, fo.
 * `p`, `adkim` and `aspf` are always written (explicit beats implied when people audit records); `sp`, `t`,
 * `rua`, `ruf` and `fo` only when set. `pct` too: RFC 9989 removes it (receivers that follow it ignore it,
 * https://github.com/domainaware/checkdmarc/pull/252), so it is published only when a user sets it, for
 * receivers still on RFC 7489; its test-mode role is `t` (`y` or `n`, default `n`,
 * https://tamingdns.com/dmarc-tags/t).
 */
export const DMARC_TAG_ORDER = ["v", "p", "sp", "t", "pct", "rua", "ruf", "adkim", "aspf", "fo"] as const;

/** Whether a TXT value is a DMARC record: it starts with the `v=DMARC1` tag (RFC 7489 §6.4; RFC 9989 keeps it). */
export function isDmarcRecord(txt: string): boolean {
  return /^v=DMARC1\s*(?:;|$)/i.test(txt);
}

/**
 * Whether two DMARC records state the same policy, as receivers read them: tags in any order, spacing around
 * `;` and `=` ignored (RFC 7489 §6.4), tag names case-insensitive, and `pct=100` the same as no `pct` (its
 * default, RFC 7489 §6.3; RFC 9989 receivers ignore `pct` altogether). So a record published with the
 * `pct=100` mailinfra wrote before RFC 9989 still serves a stack that no longer writes it.
 */
export function sameDmarcPolicy(a: string, b: string): boolean {
  const tagsOf = (record: string) =>
    record
      .split(";")
      .map((tag) => tag.trim())
      .filter((tag) => tag.length > 0)
      .map((tag) => {
        const eq = tag.indexOf("=");
        return eq < 0
          ? tag.toLowerCase()
          : `${tag.slice(0, eq).trim().toLowerCase()}=${tag.slice(eq + 1).trim()}`;
      })
      .filter((tag) => tag !== "pct=100")
      .sort();
  if (!isDmarcRecord(a.trim()) || !isDmarcRecord(b.trim())) return false;
  const [x, y] = [tagsOf(a), tagsOf(b)];
  return x.length === y.length && x.every((tag, i) => tag === y[i]);
}

export function dmarcContent(dmarc: DomainConfig["dmarc"]): string {
  const tags: Record<(typeof DMARC_TAG_ORDER)[number], string | undefined> = {
    v: "DMARC1",
    p: dmarc.p,
    sp: dmarc.sp,
    t: dmarc.testing === undefined ? undefined : dmarc.testing ? "y" : "n",
    pct: dmarc.pct === undefined ? undefined : String(dmarc.pct),
    rua: dmarc.rua.length > 0 ? dmarc.rua.join(",") : undefined,
    ruf: dmarc.ruf.length > 0 ? dmarc.ruf.join(",") : undefined,
    adkim: dmarc.adkim,
    aspf: dmarc.aspf,
    fo: dmarc.fo,
  };
  return DMARC_TAG_ORDER.filter((tag) => tags[tag] !== undefined)
    .map((tag) => `${tag}=${tags[tag]}`)
    .join("; ");
}

/** A report URI as receivers send to it: `mailto:<address>` with an optional size limit (`!10m`). */
const REPORT_URI = /^(mailto):([^@\s]+)@([^!\s]+)(![0-9]+[kmgt]?)?$/i;

/** The domain a `mailto:` report URI delivers to (`mailto:dmarc@example.com!10m` → `example.com`). */
export function reportUriDomain(uri: string): string | undefined {
  const match = REPORT_URI.exec(uri.trim());
  return match ? match[3].toLowerCase().replace(/\.$/, "") : undefined;
}

/** The URI with its domain as records carry host names (`mailto:d@Bücher.de` → `mailto:d@xn--bcher-kva.de`). */
export function normalizeReportUri(uri: string): string {
  const match = REPORT_URI.exec(uri);
  if (!match) return uri;
  const [, scheme, local, host, size] = match;
  return `${scheme}:${local}@${normalizeHost(host)}${size ?? ""}`;
}

/**
 * Whether reports for `policyDomain` sent to `reportDomain` need an authorization record there
 * (RFC 7489 §7.1). Approximates "different organizational domain" without a public-suffix list:
 * a domain and its subdomains count as one organization.
 */
export function needsReportAuthorization(policyDomain: string, reportDomain: string): boolean {
  return !(
    reportDomain === policyDomain ||
    reportDomain.endsWith(`.${policyDomain}`) ||
    policyDomain.endsWith(`.${reportDomain}`)
  );
}

/** `<sender>._report._dmarc.<receiver>`: the TXT `v=DMARC1` that lets `receiver` take `sender`'s reports. */
export function reportAuthorizationName(sender: string, receiver: string): string {
  return `${sender}._report._dmarc.${receiver}`;
}

/** Domains outside `domain`'s organization that its rua/ruf send reports to, sorted, without duplicates. */
export function externalReportDomains(domain: DomainConfig): string[] {
  const domains = [...domain.dmarc.rua, ...domain.dmarc.ruf]
    .map(reportUriDomain)
    .filter((d): d is string => d !== undefined && needsReportAuthorization(domain.name, d));
  return [...new Set(domains)].sort();
}

/** `_dmarc.<domain>` plus one authorization record per domain whose reports this domain accepts. */
export function dmarcRecords(domain: DomainConfig): MailDnsRecord[] {
  return [
    txtRecord(`_dmarc.${domain.name}`, dmarcContent(domain.dmarc), domain.ttl, "dmarc"),
    ...domain.dmarc.acceptReportsFor.map((sender) =>
      txtRecord(reportAuthorizationName(sender, domain.name), "v=DMARC1", domain.ttl, "dmarc-report-auth"),
    ),
  ];
}
