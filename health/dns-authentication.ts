import getDmarcRecord from "mailauth/lib/dmarc/get-dmarc-record";
import { spf } from "mailauth/lib/spf";
import { normalizeDkimKey } from "../components/dns/dkim-key";
import { SPF_LOOKUP_LIMIT } from "../components/dns/spf-terms";
import { type QuorumResolve, quorumResolver, type ResolverQuorum } from "./quorum-resolver";
import type { CheckResult, DnsAuthentication } from "./signals";

/** One record the stack publishes for the domain, as the `domains` stack output lists it. */
export interface PublishedRecord {
  /** Fully qualified, lower case, no trailing dot. */
  name: string;
  /** @example "TXT" */
  type: string;
  /** TXT: the whole value; MX and CNAME: the target host. */
  content: string;
  /** @example "dkim" */
  purpose: string;
}

/** What `checkDnsAuthentication` checks: the domain and what the stack says it publishes there. */
export interface DnsAuthenticationTarget {
  /** ASCII (punycode), lower case. @example "acme-outreach.test" */
  domain: string;
  /** The `records` of the domain in the `domains` stack output. */
  published: PublishedRecord[];
}

/**
 * An address of TEST-NET-1 (RFC 5737), which no SPF record legitimately permits: evaluating the record for it
 * walks every include up to the final `all`, so the lookup count is the record's full cost, and a `pass`
 * means the record lets anyone send (`+all`).
 */
const PROBE_IP = "192.0.2.1";
/** A record this close to RFC 7208's limit breaks the day an include adds one lookup. */
const SPF_LOOKUP_WARN_FROM = SPF_LOOKUP_LIMIT - 1;

const unknown = (detail: string): CheckResult => ({ verdict: "unknown", detail });

/**
 * SPF as a receiver evaluates it (mailauth's RFC 7208 implementation, https://github.com/postalsys/mailauth),
 * through the resolver quorum.
 */
async function checkSpf(
  domain: string,
  published: PublishedRecord | undefined,
  resolve: QuorumResolve,
): Promise<DnsAuthentication["spf"]> {
  const result = await spf({
    sender: `postmaster@${domain}`,
    ip: PROBE_IP,
    helo: domain,
    resolver: resolve as never,
  });
  const record = result.rr;
  const lookups = result.lookups?.count;
  const facts = { ...(record ? { record } : {}), ...(lookups !== undefined ? { lookups } : {}) };
  const comment = result.status.comment ? String(result.status.comment).replace(/^[^:]*: /, "") : "";
  switch (result.status.result) {
    case "temperror":
      return { ...facts, ...unknown(`the resolvers gave no usable answer: ${comment}`) };
    case "none":
      return { ...facts, verdict: "fail", detail: `no SPF record at ${domain}` };
    case "permerror":
      return { ...facts, verdict: "fail", detail: `receivers get a permerror: ${comment}` };
    case "pass":
      return {
        ...facts,
        verdict: "fail",
        detail: `the record permits any sender (${PROBE_IP}, a documentation address, passes): remove +all`,
      };
  }
  if (lookups !== undefined && lookups >= SPF_LOOKUP_WARN_FROM) {
    return {
      ...facts,
      verdict: "warn",
      detail: `${lookups} DNS lookups of at most ${SPF_LOOKUP_LIMIT}: one more include breaks SPF (spf.flatten: true helps)`,
    };
  }
  if (result.status.result === "neutral") {
    return {
      ...facts,
      verdict: "warn",
      detail: "the record ends with ?all: receivers treat unlisted senders as neutral",
    };
  }
  if (published && record && published.content !== record) {
    return {
      ...facts,
      verdict: "warn",
      detail: `differs from the record the stack publishes (${published.content})`,
    };
  }
  return { ...facts, verdict: "pass", detail: `valid, ${lookups ?? 0} DNS lookups of ${SPF_LOOKUP_LIMIT}` };
}

/** The DKIM key the stack publishes (TXT) or delegates (CNAME, Microsoft 365), compared with what DNS serves. */
async function checkDkim(
  domain: string,
  published: PublishedRecord | undefined,
  resolve: QuorumResolve,
): Promise<DnsAuthentication["dkim"]> {
  if (!published) {
    return {
      name: `<selector>._domainkey.${domain}`,
      verdict: "fail",
      detail:
        "the stack publishes no DKIM key for this domain: paste the platform's key into dkim.publicKey (Google: Admin console › Gmail › Authenticate email)",
    };
  }
  const name = published.name;
  try {
    if (published.type === "CNAME") {
      const [target] = (await resolve(name, "CNAME")) as string[];
      return target === published.content
        ? { name, verdict: "pass", detail: `delegated to ${target}` }
        : { name, verdict: "fail", detail: `points to ${target}, not ${published.content}` };
    }
    const values = ((await resolve(name, "TXT")) as string[][]).map((strings) => strings.join(""));
    const keys = values.filter((v) => /(^|;)\s*p=/.test(v)).map(normalizeDkimKey);
    const expected = normalizeDkimKey(published.content);
    if (keys.length === 0) return { name, verdict: "fail", detail: "no DKIM key (p=) is published there" };
    if (keys.includes(expected))
      return { name, verdict: "pass", detail: "the published key is the platform's key" };
    if (keys.every((k) => k === ""))
      return {
        name,
        verdict: "fail",
        detail: "the key is revoked (empty p=): receivers fail every signature",
      };
    return {
      name,
      verdict: "fail",
      detail: "the published key differs from the key the platform signs with",
    };
  } catch (error) {
    return { name, ...missingOrUnknown(error, `no DKIM record at ${name}`) };
  }
}

const DKIM_RANK = { fail: 0, unknown: 1, warn: 2, pass: 3 } as const;

/**
 * Every DKIM record the stack publishes (Microsoft 365 delegates two selectors, selector1 and selector2, and
 * rotates between them): the result of the worst one, so a missing second selector is not hidden by the first.
 */
async function checkDkimRecords(
  domain: string,
  published: PublishedRecord[],
  resolve: QuorumResolve,
): Promise<DnsAuthentication["dkim"]> {
  if (published.length <= 1) return checkDkim(domain, published[0], resolve);
  const results = await Promise.all(published.map((r) => checkDkim(domain, r, resolve)));
  return results.sort((a, b) => DKIM_RANK[a.verdict] - DKIM_RANK[b.verdict])[0]!;
}

function missingOrUnknown(error: unknown, missing: string): CheckResult {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === "ENOTFOUND" || code === "ENODATA") return { verdict: "fail", detail: missing };
  return unknown(
    `the resolvers gave no usable answer: ${error instanceof Error ? error.message : String(error)}`,
  );
}

interface DmarcRecord {
  rr: string;
  p?: string;
  adkim?: string;
  aspf?: string;
  rua?: string;
  isOrgRecord?: boolean;
  recordDomain?: string;
}

const POLICIES = new Set(["none", "quarantine", "reject"]);

/** DMARC policy discovery as receivers do it (mailauth, RFC 9989 §4.10 / RFC 7489 §6.6.3). */
async function checkDmarc(domain: string, resolve: QuorumResolve): Promise<DnsAuthentication["dmarc"]> {
  let found: DmarcRecord | false;
  try {
    found = (await getDmarcRecord(domain, resolve)) as DmarcRecord | false;
  } catch (error) {
    return unknown(
      `the resolvers gave no usable answer: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  if (!found) return { verdict: "fail", detail: `no DMARC record at _dmarc.${domain}` };
  const policy = POLICIES.has(found.p ?? "") ? (found.p as "none" | "quarantine" | "reject") : undefined;
  const alignment = { dkim: found.adkim === "s" ? "s" : "r", spf: found.aspf === "s" ? "s" : "r" } as const;
  const rua = (found.rua ?? "")
    .split(",")
    .map((uri) => uri.trim())
    .filter((uri) => uri !== "");
  const facts = {
    record: found.rr,
    ...(policy ? { policy } : {}),
    alignment,
    ...(rua.length > 0 ? { rua } : {}),
  };
  if (!policy)
    return { ...facts, verdict: "fail", detail: `p= is missing or invalid (${found.p ?? "none given"})` };
  const inherited = found.isOrgRecord ? ` (inherited from ${found.recordDomain})` : "";
  if (policy === "none") {
    return {
      ...facts,
      verdict: "warn",
      detail: `p=none${inherited}: receivers act on nothing; move to quarantine once reports show your mail aligned`,
    };
  }
  if (rua.length === 0) {
    return {
      ...facts,
      verdict: "warn",
      detail: `p=${policy}${inherited} without rua: no aggregate reports come back`,
    };
  }
  return { ...facts, verdict: "pass", detail: `p=${policy}${inherited}` };
}

async function checkMx(
  domain: string,
  published: PublishedRecord[],
  resolve: QuorumResolve,
): Promise<DnsAuthentication["mx"]> {
  let hosts: string[];
  try {
    const found = (await resolve(domain, "MX")) as { exchange: string; priority: number }[];
    hosts = found
      .sort((a, b) => a.priority - b.priority)
      .map((mx) => mx.exchange.toLowerCase().replace(/\.$/, ""));
  } catch (error) {
    return missingOrUnknown(error, `no MX record at ${domain}: replies and bounces are lost`);
  }
  const expected = published.map((r) => r.content.toLowerCase());
  const missing = expected.filter((h) => !hosts.includes(h));
  if (hosts.length === 0) return { hosts, verdict: "fail", detail: `no MX record at ${domain}` };
  if (missing.length > 0) {
    return { hosts, verdict: "fail", detail: `${missing.join(", ")} missing (found ${hosts.join(", ")})` };
  }
  const extra = hosts.filter((h) => !expected.includes(h));
  if (expected.length > 0 && extra.length > 0) {
    return { hosts, verdict: "warn", detail: `also ${extra.join(", ")}, which the stack does not publish` };
  }
  return { hosts, verdict: "pass", detail: hosts.join(", ") };
}

async function checkTracking(
  published: PublishedRecord,
  resolve: QuorumResolve,
): Promise<DnsAuthentication["tracking"]> {
  const name = published.name;
  try {
    const [target] = (await resolve(name, "CNAME")) as string[];
    const found = target?.toLowerCase().replace(/\.$/, "");
    return found === published.content
      ? { name, target: found, verdict: "pass", detail: `CNAME to ${found}` }
      : {
          name,
          ...(found ? { target: found } : {}),
          verdict: "fail",
          detail: `CNAME to ${found}, not ${published.content}`,
        };
  } catch (error) {
    return { name, ...missingOrUnknown(error, `no CNAME at ${name}: tracked links and opens break`) };
  }
}

/**
 * Mail DNS of one domain as receivers see it, asked through `resolvers` (the stack's readiness resolvers; an
 * answer counts when their quorum agrees): SPF evaluated with its lookup count, the DKIM key compared with the
 * one the stack publishes for the platform, DMARC policy, alignment and rua, MX, and the tracking CNAME.
 * A question no quorum answered gives `unknown`, never pass or fail. Never throws.
 */
export async function checkDnsAuthentication(
  target: DnsAuthenticationTarget,
  resolvers: ResolverQuorum | QuorumResolve,
): Promise<DnsAuthentication> {
  const resolve = typeof resolvers === "function" ? resolvers : quorumResolver(resolvers);
  const { domain, published } = target;
  const of = (purpose: string) => published.filter((r) => r.purpose === purpose);
  const tracking = of("tracking")[0];
  const [spfCheck, dkim, dmarc, mx, trackingCheck] = await Promise.all([
    checkSpf(domain, of("spf")[0], resolve).catch((e: unknown) => unknown(String(e))),
    checkDkimRecords(domain, of("dkim"), resolve),
    checkDmarc(domain, resolve),
    checkMx(domain, of("mx"), resolve),
    tracking ? checkTracking(tracking, resolve) : Promise.resolve(undefined),
  ]);
  return { spf: spfCheck, dkim, dmarc, mx, ...(trackingCheck ? { tracking: trackingCheck } : {}) };
}
