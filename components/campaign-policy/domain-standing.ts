import { type BlocklistTarget, checkBlocklists } from "../../health/blocklists";
import { blocklistTargets, sendingAddresses } from "../../health/blocklists/targets";
import { checkDnsAuthentication } from "../../health/dns-authentication";
import type { ResolverQuorum } from "../../health/quorum-resolver";
import { scoreDomain } from "../../health/score";
import type { BlocklistFinding, DnsAuthentication, MailboxSignals } from "../../health/signals";
import type { DomainConfig } from "../config/schema";
import type { MailDnsRecord } from "../dns/record";
import type { DomainStanding } from "./campaign-policy";

/** Where the checks ask, from the stack configuration (campaign-gate.ts fills it). */
export interface DomainCheckSetup {
  /** The readiness resolvers and quorum (`mailinfra:readiness`), else the public resolvers. */
  dns: ResolverQuorum;
  /** `mailinfra:health.blocklistResolvers`, else the DNS resolvers. */
  blocklistResolvers: string[];
  /** `mailinfra:health.spamhausDqsKey`, revealed. */
  spamhausDqsKey?: string;
}

/** The checks this module runs; tests may pass others. */
export interface DomainChecks {
  dns: typeof checkDnsAuthentication;
  blocklists: typeof checkBlocklists;
}

export const LIVE_DOMAIN_CHECKS: DomainChecks = { dns: checkDnsAuthentication, blocklists: checkBlocklists };

/** What the blocklists are asked about a domain (health/blocklists/targets.ts: the same as `npm run health`). */
export function domainBlocklistTargets(
  domain: DomainConfig,
  records: readonly MailDnsRecord[],
): BlocklistTarget[] {
  const tracking = records.find((r) => r.purpose === "tracking");
  return blocklistTargets(domain.name, tracking?.name, sendingAddresses(domain));
}

const describe = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * The domain's standing at `up` time: DNS authentication through the readiness resolvers, the blocklists, and the
 * health score (health/score.ts) over those and the mailboxes' platform signals (connection, warmup status; no
 * warmup stats and no DMARC reports at `up` time: both cost more than a run should spend, and their absence costs
 * no points). Never throws: checks that could not run make the standing `unknown`, with why.
 */
export async function checkDomainStanding(
  domain: DomainConfig,
  records: readonly MailDnsRecord[],
  mailboxes: readonly MailboxSignals[],
  setup: DomainCheckSetup,
  checks: DomainChecks = LIVE_DOMAIN_CHECKS,
): Promise<DomainStanding> {
  try {
    const published = records.map((r) => ({
      name: r.name,
      type: r.type,
      content: r.content,
      purpose: r.purpose,
    }));
    const [dns, blocklists]: [DnsAuthentication, BlocklistFinding[]] = await Promise.all([
      checks.dns({ domain: domain.name, published }, setup.dns),
      checks.blocklists(domainBlocklistTargets(domain, records), {
        resolvers: setup.blocklistResolvers,
        ...(setup.spamhausDqsKey ? { spamhausDqsKey: setup.spamhausDqsKey } : {}),
      }),
    ]);
    const health = scoreDomain({ domain: domain.name, dns, blocklists, mailboxes: [...mailboxes] });
    return { kind: "checked", blocklists, score: health.score, deductions: health.deductions };
  } catch (error) {
    return { kind: "unknown", detail: describe(error) };
  }
}
