import pLimit from "p-limit";
import { type AddressObservation, queryAddresses } from "../../providers/readiness/resolver-query";
import type { BlocklistFinding } from "../signals";
import type { Blocklist, BlocklistTarget } from "./blocklist";
import { BLOCKLISTS } from "./catalogue";
import { DQS_KEY_FIX, DQS_KEY_SETTING, dqsKeyProblem } from "./dqs-key";
import { blocklistFinding, type LookupOutcome } from "./finding";
import { dnsblQueryName } from "./query-name";

/** How `checkBlocklists` asks. */
export interface BlocklistCheckOptions {
  /**
   * Resolvers to ask, as `ip` or `ip:port`, in order: the next is asked only when one gives no answer. The stack's
   * `mailinfra:health.blocklistResolvers`, else its readiness resolvers.
   */
  resolvers: string[];
  /**
   * Spamhaus Data Query Service key: Spamhaus lists are then asked on `<key>.<zone>.dq.spamhaus.net`. A secret:
   * it is in the query names sent to the resolvers and nowhere in the findings.
   */
  spamhausDqsKey?: string;
  /** The lists to ask. @default BLOCKLISTS */
  lists?: readonly Blocklist[];
  /** Lookups in flight at once. @default 8 */
  concurrency?: number;
  /** Milliseconds c-ares waits for a resolver's first try. @default 2000 */
  timeoutMs?: number;
  /** Tries per resolver. @default 2 */
  tries?: number;
}

/**
 * Asks every list of its kind about every target over DNS (A lookups, RFC 5782), one query per list and name
 * (a tracking host URIBL reduces to the domain shares the domain's query), at most `concurrency` at a time, and
 * returns one finding per target and list, targets in order then lists in catalogue order. IPv6 addresses are
 * asked only of lists that document IPv6 (Spamhaus ZEN). Never throws for a list's answer: a list that refuses or
 * does not answer is an `unknown` finding.
 * @throws Error when no resolver is given, or the DQS key is not one (the key itself is never quoted)
 */
export async function checkBlocklists(
  targets: BlocklistTarget[],
  options: BlocklistCheckOptions,
): Promise<BlocklistFinding[]> {
  if (options.resolvers.length === 0) {
    throw new Error(
      "checkBlocklists: no resolver to ask; set mailinfra:health.blocklistResolvers (or mailinfra:readiness.resolvers)",
    );
  }
  const key = options.spamhausDqsKey?.trim() || undefined;
  const keyProblem = key === undefined ? undefined : dqsKeyProblem(key);
  if (keyProblem !== undefined) throw new Error(`${DQS_KEY_SETTING} ${keyProblem}. ${DQS_KEY_FIX}`);
  const limit = pLimit(options.concurrency ?? 8);
  const lookups = new Map<string, Promise<LookupOutcome>>();
  const lookup = (name: string) => {
    let pending = lookups.get(name);
    if (!pending) {
      pending = limit(() => askInTurn(options, name));
      lookups.set(name, pending);
    }
    return pending;
  };
  const planned: Promise<BlocklistFinding>[] = [];
  for (const target of targets) {
    for (const list of options.lists ?? BLOCKLISTS) {
      const viaDqs = key !== undefined && list.dqsZone !== undefined;
      const name = dnsblQueryName(list, target, key);
      if (name === undefined) continue;
      planned.push(lookup(name).then((outcome) => blocklistFinding(list, target, outcome, viaDqs)));
    }
  }
  return Promise.all(planned);
}

/** Asks the resolvers in order until one answers (NXDOMAIN and NODATA are answers). */
async function askInTurn(options: BlocklistCheckOptions, name: string): Promise<LookupOutcome> {
  const failures: LookupOutcome["failures"] = [];
  let observation: AddressObservation = { kind: "failure", code: "ENORESOLVER" };
  for (const resolver of options.resolvers) {
    observation = await queryAddresses(resolver, name, {
      timeoutMs: options.timeoutMs ?? 2000,
      tries: options.tries ?? 2,
    });
    if (observation.kind !== "failure") break;
    failures.push({ resolver, code: observation.code });
  }
  return { observation, failures };
}
