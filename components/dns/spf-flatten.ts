import type { SpfFlattened } from "./spf";
import { costsLookup, isSpfRecord, parseSpf, type SpfTerm } from "./spf-terms";

/**
 * The DNS queries SPF evaluation needs. `resolveTxt` is required; without the address lookups, `a` and
 * `mx` mechanisms are counted but not flattened. `createSpfResolver` implements it on node's resolver.
 */
export interface SpfResolver {
  resolveTxt(name: string): Promise<string[][]>;
  resolve4?(name: string): Promise<string[]>;
  resolve6?(name: string): Promise<string[]>;
  resolveMx?(name: string): Promise<{ exchange: string; priority: number }[]>;
}

export type SpfProblemKind = "no-spf" | "multiple-spf" | "unresolvable" | "loop" | "not-flattenable";

export interface SpfProblem {
  kind: SpfProblemKind;
  /** The top-level include the problem was found under. */
  include: string;
  detail: string;
}

/** One top-level `include:` after resolution. */
export interface SpfIncludeResolution {
  domain: string;
  /** DNS lookups this include costs, itself included. */
  lookups: number;
  /** Whether every address it authorizes is known, so it can be replaced by `ip4:`/`ip6:` terms. */
  flattenable: boolean;
  ip4: string[];
  ip6: string[];
}

export interface SpfFlattenResult extends SpfFlattened {
  /** Lookups of the includes as written (the record's cost without flattening). */
  lookups: number;
  /** Lookups left after flattening: the includes kept as includes. */
  lookupsAfter: number;
  includes: SpfIncludeResolution[];
  problems: SpfProblem[];
}

/** RFC 7208 §4.6.4 caps the MX names looked up per `mx` mechanism at 10. */
const MX_NAME_LIMIT = 10;
/** Nesting deeper than this is a loop or a misconfiguration; evaluation would hit the lookup limit anyway. */
const MAX_DEPTH = 10;

type TxtAnswer = { records: string[] } | { error: string };

const ABSENT = new Set(["ENOTFOUND", "ENODATA", "NXDOMAIN"]);

function errorCode(error: unknown): string {
  const code = (error as { code?: unknown })?.code;
  return typeof code === "string" ? code : error instanceof Error ? error.message : String(error);
}

class Expansion {
  private readonly txtCache = new Map<string, Promise<TxtAnswer>>();

  constructor(private readonly resolver: SpfResolver) {}

  txt(name: string): Promise<TxtAnswer> {
    let answer = this.txtCache.get(name);
    if (answer === undefined) {
      answer = this.resolver.resolveTxt(name).then(
        (rows) => ({ records: rows.map((chunks) => chunks.join("")) }),
        (error) => (ABSENT.has(errorCode(error)) ? { records: [] } : { error: errorCode(error) }),
      );
      this.txtCache.set(name, answer);
    }
    return answer;
  }

  /** Addresses of `name` as `ip4`/`ip6` values with the mechanism's prefix lengths, or undefined if unknown. */
  async addresses(
    name: string,
    cidr4: number | undefined,
    cidr6: number | undefined,
  ): Promise<{ ip4: string[]; ip6: string[] } | undefined> {
    const { resolve4, resolve6 } = this.resolver;
    if (resolve4 === undefined || resolve6 === undefined) return undefined;
    const lookup = async (fn: (n: string) => Promise<string[]>) => {
      try {
        return await fn.call(this.resolver, name);
      } catch (error) {
        if (ABSENT.has(errorCode(error))) return [];
        throw error;
      }
    };
    try {
      const [v4, v6] = await Promise.all([lookup(resolve4), lookup(resolve6)]);
      return {
        ip4: v4.map((ip) => (cidr4 === undefined ? ip : `${ip}/${cidr4}`)),
        ip6: v6.map((ip) => (cidr6 === undefined ? ip : `${ip}/${cidr6}`)),
      };
    } catch {
      return undefined;
    }
  }

  async mxAddresses(
    name: string,
    cidr4: number | undefined,
    cidr6: number | undefined,
  ): Promise<{ ip4: string[]; ip6: string[] } | undefined> {
    const { resolveMx } = this.resolver;
    if (resolveMx === undefined) return undefined;
    let exchanges: string[];
    try {
      exchanges = (await resolveMx.call(this.resolver, name)).map((mx) => mx.exchange);
    } catch (error) {
      if (!ABSENT.has(errorCode(error))) return undefined;
      exchanges = [];
    }
    if (exchanges.length > MX_NAME_LIMIT) return undefined;
    const out = { ip4: [] as string[], ip6: [] as string[] };
    for (const exchange of exchanges) {
      const found = await this.addresses(exchange, cidr4, cidr6);
      if (found === undefined) return undefined;
      out.ip4.push(...found.ip4);
      out.ip6.push(...found.ip6);
    }
    return out;
  }

  /**
   * Follows one SPF domain (an include or redirect target). Returns the lookups its record causes (not
   * counting the include that led here), the addresses it authorizes, and whether that list is complete.
   */
  async expand(
    domain: string,
    include: string,
    chain: readonly string[],
    problems: SpfProblem[],
  ): Promise<{ lookups: number; flattenable: boolean; ip4: string[]; ip6: string[] }> {
    const result = { lookups: 0, flattenable: true, ip4: [] as string[], ip6: [] as string[] };
    const fail = (kind: SpfProblemKind, detail: string) => {
      problems.push({ kind, include, detail });
      result.flattenable = false;
      return result;
    };
    if (chain.includes(domain) || chain.length > MAX_DEPTH) {
      return fail("loop", `${[...chain, domain].join(" → ")} includes itself`);
    }
    const answer = await this.txt(domain);
    if ("error" in answer) return fail("unresolvable", `TXT lookup of ${domain} failed (${answer.error})`);
    const spf = answer.records.filter(isSpfRecord);
    if (spf.length === 0) {
      return fail("no-spf", `${domain} publishes no SPF record, which makes include:${domain} a permerror`);
    }
    if (spf.length > 1) {
      return fail("multiple-spf", `${domain} publishes ${spf.length} SPF records, which is a permerror`);
    }
    const terms = parseSpf(spf[0]) ?? [];
    const next = [...chain, domain];
    let redirect: Extract<SpfTerm, { kind: "modifier" }> | undefined;
    for (const term of terms) {
      if (term.kind === "modifier") {
        if (term.name === "redirect") redirect = term;
        continue;
      }
      if (term.kind === "unknown") {
        fail("not-flattenable", `${domain} has the term "${term.raw}" mailinfra cannot evaluate`);
        continue;
      }
      if (term.name === "all") {
        redirect = undefined; // RFC 7208 §6.1: redirect is ignored when the record has `all`.
        break;
      }
      await this.mechanism(term, domain, include, next, problems, result);
    }
    if (redirect !== undefined) {
      if (costsLookup(redirect)) result.lookups += 1;
      if (redirect.value.includes("%")) {
        fail("not-flattenable", `${domain} redirects with a macro (${redirect.value})`);
      } else {
        const sub = await this.expand(redirect.value.toLowerCase(), include, next, problems);
        merge(result, sub);
      }
    }
    return result;
  }

  private async mechanism(
    term: Extract<SpfTerm, { kind: "mechanism" }>,
    domain: string,
    include: string,
    chain: readonly string[],
    problems: SpfProblem[],
    result: { lookups: number; flattenable: boolean; ip4: string[]; ip6: string[] },
  ): Promise<void> {
    const notFlattenable = (detail: string) => {
      problems.push({ kind: "not-flattenable", include, detail });
      result.flattenable = false;
    };
    const target = (term.value ?? domain).toLowerCase();
    if (costsLookup(term)) result.lookups += 1;
    // Only `+` terms authorize; a `-`/`~`/`?` term changes the include's result, which plain
    // addresses cannot express.
    if (term.qualifier !== "+") {
      notFlattenable(`${domain} has "${term.raw}", which flattening cannot express`);
      if (term.name !== "include") return;
    }
    if (target.includes("%")) return notFlattenable(`${domain} uses a macro in "${term.raw}"`);
    switch (term.name) {
      case "ip4":
        result.ip4.push(term.cidr4 === undefined ? target : `${target}/${term.cidr4}`);
        return;
      case "ip6":
        result.ip6.push(term.cidr6 === undefined ? target : `${target}/${term.cidr6}`);
        return;
      case "include": {
        const sub = await this.expand(target, include, chain, problems);
        result.lookups += sub.lookups;
        if (term.qualifier === "+") merge(result, { ...sub, lookups: 0 });
        return;
      }
      case "a": {
        const found = await this.addresses(target, term.cidr4, term.cidr6);
        if (found === undefined)
          return notFlattenable(`${domain} has "${term.raw}" and its addresses are unknown`);
        result.ip4.push(...found.ip4);
        result.ip6.push(...found.ip6);
        return;
      }
      case "mx": {
        const found = await this.mxAddresses(target, term.cidr4, term.cidr6);
        if (found === undefined)
          return notFlattenable(`${domain} has "${term.raw}" and its addresses are unknown`);
        result.ip4.push(...found.ip4);
        result.ip6.push(...found.ip6);
        return;
      }
      default:
        // ptr and exists depend on the connecting client: they cannot be turned into addresses.
        return notFlattenable(
          `${domain} has "${term.raw}", which depends on the sender and cannot be flattened`,
        );
    }
  }
}

function merge(
  into: { lookups: number; flattenable: boolean; ip4: string[]; ip6: string[] },
  from: { lookups: number; flattenable: boolean; ip4: string[]; ip6: string[] },
): void {
  into.lookups += from.lookups;
  into.flattenable &&= from.flattenable;
  into.ip4.push(...from.ip4);
  into.ip6.push(...from.ip6);
}

function sortedUnique(values: readonly string[]): string[] {
  return [...new Set(values)].sort();
}

/**
 * Resolves each `include:` domain recursively through `resolver`, counting the DNS lookups SPF
 * evaluation would make, and computes the addresses to publish instead of the includes that can be
 * flattened safely. Includes that cannot (macros, `exists`, `ptr`, negative terms, failed lookups) are
 * kept as includes. Never throws: lookup failures become problems.
 */
export async function flattenSpf(
  includes: readonly string[],
  resolver: SpfResolver,
): Promise<SpfFlattenResult> {
  const expansion = new Expansion(resolver);
  const problems: SpfProblem[] = [];
  const resolutions: SpfIncludeResolution[] = [];
  for (const include of includes) {
    const domain = include.toLowerCase();
    const sub = domain.includes("%")
      ? { lookups: 0, flattenable: false, ip4: [], ip6: [] }
      : await expansion.expand(domain, domain, [], problems);
    resolutions.push({
      domain,
      lookups: 1 + sub.lookups,
      flattenable: sub.flattenable,
      ip4: sortedUnique(sub.ip4),
      ip6: sortedUnique(sub.ip6),
    });
  }
  const flat = resolutions.filter((r) => r.flattenable);
  const kept = resolutions.filter((r) => !r.flattenable);
  return {
    ip4: sortedUnique(flat.flatMap((r) => r.ip4)),
    ip6: sortedUnique(flat.flatMap((r) => r.ip6)),
    kept: kept.map((r) => r.domain),
    lookups: resolutions.reduce((sum, r) => sum + r.lookups, 0),
    lookupsAfter: kept.reduce((sum, r) => sum + r.lookups, 0),
    includes: resolutions,
    problems,
  };
}
