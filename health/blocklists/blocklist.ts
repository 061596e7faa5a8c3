import type { BlocklistFinding } from "../signals";

/** One name or address to look up, and what it is to the domain. */
export interface BlocklistTarget {
  /** A domain name (`acme.test`, `emailtracking.acme.test`) or a sending IP address. */
  target: string;
  /** Domain lists take names; IP lists take addresses. */
  kind: "domain" | "ip";
  role: BlocklistFinding["role"];
}

/**
 * What one A record a list answered means, from the list's own documentation:
 * - `listing`: the target is on the list (`text` says which sub-list or why);
 * - `refusal`: the list answered an error instead of a verdict (public resolver, too many queries, typing error in
 *   the zone name, a blocked resolver): it says nothing about the target;
 * - `undocumented`: an answer the documentation does not give.
 */
export type AnswerMeaning =
  | { kind: "listing"; text: string }
  | { kind: "refusal"; text: string }
  | { kind: "undocumented" };

/** One DNSBL as `checkBlocklists` asks it: where, in what form, and what its answers mean. */
export interface Blocklist {
  /** The list as people name it. @example "Spamhaus DBL" */
  name: string;
  kind: "domain" | "ip";
  /** The public zone the target is prepended to. @example "dbl.spamhaus.org" */
  zone: string;
  /** The zone when a Spamhaus DQS key is set, `<key>.<this>`; undefined for lists without DQS. */
  dqsZone?: string;
  /**
   * Whether a listed domain's hosts answer as listed too (a wildcarded zone: Spamhaus DBL, SURBL multi), so a
   * host is asked as it is.
   */
  wildcarded?: boolean;
  /** Whether the list takes IPv6 addresses (RFC 5782 §2.4 nibble form). Lists that do not are not asked for them. */
  ipv6?: boolean;
  /**
   * The name the list holds for a domain target, when it is not the target itself (URIBL lists registered
   * domains only). @default the target
   */
  listedName?: (domain: string) => string;
  /** What one A record answered means. */
  meaning(address: string): AnswerMeaning;
  /** Where a listed target's owner asks for removal. */
  delistUrl(target: string): string;
}
