import * as pulumi from "@pulumi/pulumi";
import pLimit from "p-limit";
import type { MailboxSignals } from "../../health/signals";
import { PUBLIC_RESOLVERS } from "../../providers/readiness/default-resolvers";
import { revealConfigSecret as reveal } from "../config/config-secret";
import type { DomainConfig, MailinfraConfig } from "../config/schema";
import type { MailDnsRecord } from "../dns/record";
import type { SendingPlatform } from "../sending-platforms/sending-platform";
import type { CampaignAdmission } from "./admission";
import {
  type CampaignPlan,
  type MailboxStanding,
  needsDomainChecks,
  planCampaignAdmissions,
  type WaitingMailbox,
  waitingLine,
} from "./campaign-policy";
import {
  checkDomainStanding,
  type DomainCheckSetup,
  type DomainChecks,
  LIVE_DOMAIN_CHECKS,
} from "./domain-standing";
import type { MailboxStandings } from "./mailbox-standings";

/**
 * The campaign policy inside a run of the program: the sending platform's standings are read once before anything
 * is registered; each domain whose mailboxes have a campaign to wait for is checked once its records resolve and it
 * is verified (`ready`), at most `concurrency` domains at a time; every other domain is not checked at all.
 */
export interface CampaignGate {
  /**
   * The plan of `domain`'s mailboxes. Resolves at once for a domain with nothing to decide; else when `ready`
   * resolves, after the checks. Never rejects: a check that fails makes the mailboxes wait, with why. Each waiting
   * mailbox is announced on one line (`pulumi.log`: info when only its warmup holds it back, else warn).
   */
  plan(
    domain: DomainConfig,
    records: pulumi.Input<MailDnsRecord[]>,
    ready: pulumi.Input<unknown>,
  ): pulumi.Output<CampaignPlan>;
}

export interface CampaignGateOptions {
  /** The clock the warmup days are counted on. @default () => new Date() */
  now?: () => Date;
  /** The checks (tests pass others). @default LIVE_DOMAIN_CHECKS */
  checks?: DomainChecks;
  /** Domains checked at once. @default 4 */
  concurrency?: number;
}

/** Where the checks ask: the readiness resolvers and quorum, `mailinfra:health`'s blocklist resolvers and DQS key. */
async function checkSetup(config: MailinfraConfig): Promise<DomainCheckSetup> {
  const resolvers = config.readiness.resolvers ?? PUBLIC_RESOLVERS;
  const key = config.health.spamhausDqsKey;
  return {
    dns: { resolvers, ...(config.readiness.quorum !== undefined ? { quorum: config.readiness.quorum } : {}) },
    blocklistResolvers: config.health.blocklistResolvers ?? resolvers,
    ...(key ? { spamhausDqsKey: await reveal(key) } : {}),
  };
}

/**
 * The gate of a run whose platform could not say which campaigns its accounts are in (a failed account list):
 * every mailbox that declares campaigns holds (keeps the campaigns it is in, joins none), no domain is checked, and
 * the stack hears it once rather than once per mailbox. A fleet whose every mailbox is already assigned pays no
 * checks for a Smartlead outage, and its waitingMailboxes output still names each mailbox with the reason.
 */
function membershipUnknown(standings: MailboxStandings, why: string): CampaignGate {
  void pulumi.log.warn(
    `No mailbox joins a campaign it is not in during this run: ${why}. Mailboxes already in their campaigns stay; the next \`pulumi up\` decides again.`,
  );
  return {
    plan(domain) {
      const admissions: Record<string, CampaignAdmission> = {};
      const waiting: WaitingMailbox[] = [];
      for (const m of domain.mailboxes) {
        const standing = standings.mailboxes.get(m.address.toLowerCase());
        if (standing === undefined) {
          admissions[m.address] = "join";
          continue;
        }
        admissions[standing.address] = "hold";
        waiting.push({ address: standing.address, campaignIds: [...standing.campaignIds], reasons: [why] });
      }
      return pulumi.output({ admissions, waiting });
    },
  };
}

/** Announces each waiting mailbox on its own line. */
function announce(plan: CampaignPlan): void {
  for (const waiting of plan.waiting) {
    const line = waitingLine(waiting);
    if (waiting.joinsOn) void pulumi.log.info(line);
    else void pulumi.log.warn(line);
  }
}

/**
 * The gate of a run, or undefined when the sending platform has no campaign standings to give (no platform, or
 * one without campaigns): mailboxes then converge to their declared campaigns as they always have.
 */
export async function campaignGate(
  config: MailinfraConfig,
  platform: SendingPlatform | undefined,
  options: CampaignGateOptions = {},
): Promise<CampaignGate | undefined> {
  if (!platform?.campaignStandings) return undefined;
  const standings: MailboxStandings = await platform.campaignStandings(config);
  if (standings.mailboxes.size === 0) return undefined;
  const now = options.now ?? (() => new Date());
  if (standings.unreadable !== undefined) return membershipUnknown(standings, standings.unreadable);
  const checks = options.checks ?? LIVE_DOMAIN_CHECKS;
  const limit = pLimit(options.concurrency ?? 4);
  const standingsOf = (domain: DomainConfig): MailboxStanding[] =>
    domain.mailboxes.flatMap((m) => standings.mailboxes.get(m.address.toLowerCase()) ?? []);
  const checked = config.domains.filter((d) => needsDomainChecks(d.campaignPolicy, standingsOf(d)));
  const checkedNames = new Set(checked.map((d) => d.name));
  // One read of the platform's signals for every mailbox of every checked domain, the first time one is needed.
  let signals: Promise<Map<string, MailboxSignals>> | undefined;
  const signalsOf = async (domain: DomainConfig) => {
    signals ??= standings
      .signals(checked.flatMap((d) => d.mailboxes.map((m) => m.address)))
      .then((list) => new Map(list.map((s) => [s.address.toLowerCase(), s])))
      .catch(() => new Map<string, MailboxSignals>());
    const byAddress = await signals;
    return domain.mailboxes.flatMap((m) => byAddress.get(m.address.toLowerCase()) ?? []);
  };
  let setup: Promise<DomainCheckSetup> | undefined;

  return {
    plan(domain, records, ready) {
      const policy = domain.campaignPolicy;
      const mailboxes = standingsOf(domain);
      if (!checkedNames.has(domain.name))
        return pulumi.output(planCampaignAdmissions({ policy, mailboxes, now: now() }));
      return pulumi.all([records, ready]).apply(async ([published]) => {
        const standing = await limit(async () => {
          setup ??= checkSetup(config);
          return checkDomainStanding(domain, published, await signalsOf(domain), await setup, checks);
        }).catch((error: unknown) => ({
          kind: "unknown" as const,
          detail: error instanceof Error ? error.message : String(error),
        }));
        const plan = planCampaignAdmissions({ policy, mailboxes, domain: standing, now: now() });
        announce(plan);
        return plan;
      });
    },
  };
}
