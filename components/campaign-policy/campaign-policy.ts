/**
 * The deliverability policy as a pure planner: from a domain's `campaignPolicy`, what is known of its mailboxes
 * (declared campaigns, the campaigns their accounts are in, when their warmup started) and of the domain (blocklist
 * findings, health score), the admission of each mailbox (admission.ts) and the mailboxes that wait, each with its
 * reasons and, when the warmup is all it waits for, the date it can join. No I/O: domain-standing.ts gathers the
 * signals, the program applies the plan.
 *
 * The rules, as the README states them:
 * - a mailbox joins a campaign it is not in only when its warmup period is over, no blocklist lists the domain (or
 *   its tracking domain or sending IPs), at least one list answered for each of them, and the health score is at
 *   least `minHealthScore`;
 * - while a condition does not hold, a mailbox keeps the campaigns it is in (`hold`): waiting never removes one;
 * - a listing takes mailboxes out of their campaigns only when `whenListed: leave` says so (`leave`);
 * - a check that cannot answer holds mailboxes back, with its reason; it never lets one join and never fails a run.
 */

import type { BlocklistFinding, Deduction } from "../../health/signals";
import type { CampaignPolicy } from "../config/campaign-policy";
import type { CampaignAdmission } from "./admission";

/** One mailbox as the sending platform knows it at the start of the run. */
export interface MailboxStanding {
  /** @example "ana@send.example.com" */
  address: string;
  /** The campaigns the configuration declares for it (domain's and its own). */
  campaignIds: readonly number[];
  /** The campaigns its account is in now; undefined when the platform could not say. */
  currentCampaignIds?: readonly number[];
  /**
   * When its warmup started: `started` with the platform's time; `new` when it has no account yet (its warmup
   * starts when it is connected: in this run, or once authorized); `unknown` with the reason.
   */
  warmup:
    | { kind: "started"; at: string }
    | { kind: "new" }
    | { kind: "unknown"; detail: string }
    /** The configuration turns its warmup off (`smartlead.warmup.enabled: false`): no warmup period to wait for. */
    | { kind: "off" };
}

/** What the domain's checks found at `up` time, or why they could not run. */
export type DomainStanding =
  | {
      kind: "checked";
      /** Every blocklist answer for the domain, its tracking domain and its sending IPs. */
      blocklists: readonly BlocklistFinding[];
      /** health/score.ts over the signals cheap at `up` time. */
      score: number;
      deductions: readonly Deduction[];
    }
  | { kind: "unknown"; detail: string };

/** A mailbox that does not join (all of) its campaigns in this run. */
export interface WaitingMailbox {
  /** @example "ana@send.example.com" */
  address: string;
  /** The declared campaigns it is not in yet (all of them when the platform could not say). */
  campaignIds: number[];
  /** Each reason on its own, as a person reads it. @example ["warming up since 2026-11-20: 14 days end on 2026-12-04"] */
  reasons: string[];
  /**
   * The day (UTC, YYYY-MM-DD) it can join, when its warmup is the only thing it waits for (for a mailbox not
   * connected yet: the earliest such day).
   */
  joinsOn?: string;
  /** True when it left its campaigns because the domain is listed (`whenListed: leave`). */
  leftCampaigns?: boolean;
}

export interface CampaignPlan {
  /** Address → admission, for every mailbox given. */
  admissions: Record<string, CampaignAdmission>;
  waiting: WaitingMailbox[];
}

const DAY_MS = 86_400_000;

/** `YYYY-MM-DD` in UTC. */
export function utcDate(at: Date): string {
  return at.toISOString().slice(0, 10);
}

/** The declared campaigns a mailbox is not in (all of them when its membership is not known). */
export function campaignsAwaited(mailbox: MailboxStanding): number[] {
  const current = mailbox.currentCampaignIds;
  if (current === undefined) return [...mailbox.campaignIds];
  return mailbox.campaignIds.filter((id) => !current.includes(id));
}

/**
 * Whether the domain's checks must run at all: some mailbox is not in all of its campaigns yet, or a listing
 * would take mailboxes out of theirs (`whenListed: leave`). Every other domain is left as it is, unchecked: what
 * keeps `up` cheap on a fleet whose mailboxes are assigned.
 */
export function needsDomainChecks(policy: CampaignPolicy, mailboxes: readonly MailboxStanding[]): boolean {
  return mailboxes.some(
    (m) => campaignsAwaited(m).length > 0 || (policy.whenListed === "leave" && m.campaignIds.length > 0),
  );
}

function warmupReason(
  policy: CampaignPolicy,
  mailbox: MailboxStanding,
  now: Date,
): { reason?: string; endsOn?: string } {
  if (policy.warmupDays === 0 || mailbox.warmup.kind === "off") return {};
  const days = `${policy.warmupDays} day${policy.warmupDays === 1 ? "" : "s"}`;
  const w = mailbox.warmup;
  if (w.kind === "unknown") return { reason: `its warmup start is not known (${w.detail})` };
  if (w.kind === "new") {
    const end = utcDate(new Date(now.getTime() + policy.warmupDays * DAY_MS));
    return {
      reason: `its warmup starts when its account is connected (in this run, or once authorized): ${days} from then, ${end} at the earliest`,
      endsOn: end,
    };
  }
  const start = Date.parse(w.at);
  if (Number.isNaN(start)) return { reason: `its warmup start is not a date (${w.at})` };
  const end = start + policy.warmupDays * DAY_MS;
  if (now.getTime() >= end) return {};
  const endsOn = utcDate(new Date(end));
  return { reason: `warming up since ${utcDate(new Date(start))}: ${days} end on ${endsOn}`, endsOn };
}

/**
 * The names and addresses no list gave a verdict for: nothing is known of them, so their mailboxes wait. One list
 * answering is an answer. Spamhaus, URIBL and SURBL all refuse public resolvers (health/blocklists/), so requiring
 * every list would hold the mailboxes of a stack with only a Spamhaus DQS key back for ever; the lists that could
 * not answer stay `unknown` in `npm run health`, never clean.
 */
export function unansweredTargets(
  findings: readonly BlocklistFinding[],
): { target: string; findings: BlocklistFinding[] }[] {
  const byTarget = new Map<string, BlocklistFinding[]>();
  for (const f of findings) byTarget.set(f.target, [...(byTarget.get(f.target) ?? []), f]);
  return [...byTarget]
    .filter(([, answers]) => answers.every((f) => f.status === "unknown"))
    .map(([target, answers]) => ({ target, findings: answers }));
}

/** `<target> is listed on <list> (<answer>: <meaning>)`, without saying the list twice when the detail names it. */
function listingReason(f: BlocklistFinding): string {
  if (f.detail.includes(f.list)) return `${f.target} is ${f.detail}`;
  return `${f.target} is listed on ${f.list}${f.answer ? ` (${f.answer}: ${f.detail})` : ` (${f.detail})`}`;
}

function domainReasons(
  policy: CampaignPolicy,
  domain: DomainStanding,
): { reasons: string[]; listed: boolean } {
  if (domain.kind === "unknown") {
    return {
      reasons: [`the domain's blocklist and health checks could not run (${domain.detail})`],
      listed: false,
    };
  }
  const listed = domain.blocklists.filter((f) => f.status === "listed");
  const reasons = [
    ...listed.map(listingReason),
    ...unansweredTargets(domain.blocklists).map(
      ({ target, findings }) =>
        `no blocklist could answer for ${target}: ${findings.map((f) => `${f.list} (${f.detail})`).join("; ")}`,
    ),
  ];
  if (domain.score < policy.minHealthScore) {
    const why = [...domain.deductions]
      .sort((a, b) => b.points - a.points)
      .map((d) => `-${d.points} ${d.reason}`)
      .join("; ");
    reasons.push(`health score ${domain.score} is below ${policy.minHealthScore}${why ? ` (${why})` : ""}`);
  }
  return { reasons, listed: listed.length > 0 };
}

/**
 * The admission of every mailbox of one domain, and those that wait. `domain` is undefined when the domain was not
 * checked (`needsDomainChecks` false): every mailbox then keeps converging to its declared campaigns.
 */
export function planCampaignAdmissions(args: {
  policy: CampaignPolicy;
  mailboxes: readonly MailboxStanding[];
  domain?: DomainStanding;
  now: Date;
}): CampaignPlan {
  const { policy, mailboxes, now } = args;
  const admissions: Record<string, CampaignAdmission> = {};
  const waiting: WaitingMailbox[] = [];
  const fromDomain = args.domain
    ? domainReasons(policy, args.domain)
    : { reasons: ["the domain's blocklist and health checks did not run"], listed: false };
  for (const mailbox of mailboxes) {
    if (mailbox.campaignIds.length === 0 || (!args.domain && !needsDomainChecks(policy, [mailbox]))) {
      admissions[mailbox.address] = "join";
      continue;
    }
    const warmup = warmupReason(policy, mailbox, now);
    const reasons = [...(warmup.reason ? [warmup.reason] : []), ...fromDomain.reasons];
    const leave = fromDomain.listed && policy.whenListed === "leave";
    const admission: CampaignAdmission = reasons.length === 0 ? "join" : leave ? "leave" : "hold";
    admissions[mailbox.address] = admission;
    const awaited = campaignsAwaited(mailbox);
    if (admission === "join" || (awaited.length === 0 && !leave)) continue;
    const onlyWarmup = warmup.endsOn !== undefined && reasons.length === 1;
    waiting.push({
      address: mailbox.address,
      campaignIds: leave ? [...mailbox.campaignIds] : awaited,
      reasons: leave
        ? [...reasons, "left its campaigns while listed (campaignPolicy.whenListed: leave)"]
        : reasons,
      ...(onlyWarmup ? { joinsOn: warmup.endsOn } : {}),
      ...(leave ? { leftCampaigns: true } : {}),
    });
  }
  return { admissions, waiting };
}

/** The one line `up` prints for a waiting mailbox. */
export function waitingLine(mailbox: WaitingMailbox): string {
  const campaigns = mailbox.campaignIds.join(", ");
  const what = mailbox.leftCampaigns
    ? `left campaign${mailbox.campaignIds.length === 1 ? "" : "s"} ${campaigns}`
    : `waits to join campaign${mailbox.campaignIds.length === 1 ? "" : "s"} ${campaigns}`;
  const when = mailbox.joinsOn ? `; it can join on ${mailbox.joinsOn}` : "";
  return `${mailbox.address} ${what}: ${mailbox.reasons.join("; ")}${when}. The next \`pulumi up\` after that assigns it.`;
}
