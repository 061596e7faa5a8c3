/** SPF record syntax (RFC 7208 §4.6, §5, §6), enough to count DNS lookups and flatten includes. */

export type SpfQualifier = "+" | "-" | "~" | "?";
export type SpfMechanismName = "all" | "include" | "a" | "mx" | "ptr" | "ip4" | "ip6" | "exists";

export type SpfTerm =
  | {
      kind: "mechanism";
      qualifier: SpfQualifier;
      name: SpfMechanismName;
      /** Domain spec or address after `:`, without the CIDR suffix. */
      value?: string;
      /** IPv4 prefix length after `/` (ip4, a, mx). */
      cidr4?: number;
      /** IPv6 prefix length after `//` (a, mx) or `/` (ip6). */
      cidr6?: number;
      raw: string;
    }
  | { kind: "modifier"; name: string; value: string; raw: string }
  | { kind: "unknown"; raw: string };

const MECHANISMS: readonly string[] = ["all", "include", "a", "mx", "ptr", "ip4", "ip6", "exists"];

/**
 * Mechanisms and modifiers that cost one DNS lookup each; at most 10 per evaluation (§4.6.4,
 * https://www.rfc-editor.org/rfc/rfc7208#section-4.6.4).
 */
const LOOKUP_TERMS: readonly string[] = ["include", "a", "mx", "ptr", "exists", "redirect"];
export const SPF_LOOKUP_LIMIT = 10;

/** Whether evaluating `term` costs a DNS lookup; the one rule that counting and flattening both use. */
export function costsLookup(term: SpfTerm): boolean {
  return term.kind !== "unknown" && LOOKUP_TERMS.includes(term.name);
}

/**
 * Whether a TXT value is an SPF record: it begins with exactly `v=spf1`, then a space or its end (RFC 7208 §4.5:
 * receivers discard every other record, so ` v=spf1 …` with a leading space is not one). The one test of it: the
 * stack's duplicate-SPF check, adopted Cloudflare zones and SPF flattening all use it.
 */
export function isSpfRecord(txt: string): boolean {
  return /^v=spf1(?: |$)/i.test(txt);
}

function parseTerm(raw: string): SpfTerm {
  const modifier = /^([a-z][a-z0-9_.-]*)=(.*)$/i.exec(raw);
  if (modifier) return { kind: "modifier", name: modifier[1].toLowerCase(), value: modifier[2], raw };
  const match = /^([+\-~?]?)([a-z0-9]+)(?::([^/]*))?(?:\/(\d+))?(?:\/\/(\d+))?$/i.exec(raw);
  if (!match || !MECHANISMS.includes(match[2].toLowerCase())) return { kind: "unknown", raw };
  const name = match[2].toLowerCase() as SpfMechanismName;
  return {
    kind: "mechanism",
    qualifier: (match[1] || "+") as SpfQualifier,
    name,
    ...(match[3] === undefined ? {} : { value: match[3] }),
    ...(match[4] === undefined ? {} : { cidr4: Number(match[4]) }),
    ...(match[5] === undefined ? {} : { cidr6: Number(match[5]) }),
    raw,
  };
}

/** ip6 addresses contain colons, so `ip6:` terms split on the first colon and the last slash. */
function parseIp6(raw: string): SpfTerm {
  const qualifier = /^[+\-~?]/.test(raw) ? (raw[0] as SpfQualifier) : "+";
  const body = raw.slice(raw.indexOf(":") + 1);
  const slash = body.lastIndexOf("/");
  return {
    kind: "mechanism",
    qualifier,
    name: "ip6",
    value: slash >= 0 ? body.slice(0, slash) : body,
    ...(slash >= 0 ? { cidr6: Number(body.slice(slash + 1)) } : {}),
    raw,
  };
}

/** The terms of an SPF record (without `v=spf1`), or undefined when `txt` is not an SPF record. */
export function parseSpf(txt: string): SpfTerm[] | undefined {
  if (!isSpfRecord(txt)) return undefined;
  return txt
    .trim()
    .split(/ +/)
    .slice(1)
    .filter((t) => t !== "")
    .map((raw) => (/^[+\-~?]?ip6:/i.test(raw) ? parseIp6(raw) : parseTerm(raw)));
}
