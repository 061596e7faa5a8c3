import { setMaxListeners } from "node:events";
import { setTimeout as sleep } from "node:timers/promises";
import { ExponentialBackoff, handleWhenResult, retry } from "cockatiel";
import pLimit from "p-limit";
import type { MailDnsRecord } from "../../components/dns/record";
import type { Registrar } from "../../components/registrars/registrar";
import { estimateRemainingMs } from "./estimate";
import type { Observation, QueryType } from "./observation";
import { nextPollDelayMs } from "./poll-schedule";
import {
  formatReadyLine,
  formatStartLine,
  formatStatusLine,
  formatTimeoutMessage,
  formatWaitingList,
} from "./progress";
import { describeQuorum, type Quorum, quorumSize } from "./quorum";
import { checkQuery, judgeCheck, type ReadinessCheck, readinessChecks } from "./readiness-check";
import { assessReadiness, type ReadinessStatus } from "./readiness-status";
import type { Verdict } from "./record-match";
import { queryResolver } from "./resolver-query";

/** What to wait for, and where. */
export interface ReadinessTarget {
  /** The zone apex, `example.com`. */
  domain: string;
  records: MailDnsRecord[];
  /** Assigned nameservers (Cloudflare): the delegation must show exactly these. */
  nameservers?: string[];
  /** Resolver addresses (`ip` or `ip:port`), already resolved. */
  resolvers: string[];
  quorum: Quorum;
  /** Whose DNS form missing records are printed in (`@` or empty for the domain itself): the registrar's. */
  recordForm?: Registrar;
}

export interface GateOptions extends ReadinessTarget {
  timeoutMs: number;
  /** Receives every progress line meant for a person. */
  report: (line: string) => void;
}

/** The gate's contact with the outside world and its clock, replaceable in tests. */
export interface GateDependencies {
  /** Asks one resolver one question. @default queryResolver (node's c-ares) */
  observe?: (resolver: string, name: string, type: QueryType, signal: AbortSignal) => Promise<Observation>;
  /** Bounds queries in flight; share one across gates to bound a whole process. @default pLimit(16) */
  limit?: pLimit.Limit;
  /** Per-query c-ares timeout (ms) for the default `observe`. @default 1000 */
  queryTimeoutMs?: number;
  now?: () => number;
  random?: () => number;
  /** A status line at least this often while nothing changes (ms). @default 15000 */
  heartbeatMs?: number;
  /** The full list of missing records at least this often (ms). @default 60000 */
  waitingListEveryMs?: number;
}

export interface GateResult {
  status: ReadinessStatus;
  startedAt: number;
  readyAt: number;
  elapsedMs: number;
}

/** Thrown when the timeout passes; the message lists every record still missing or wrong, per resolver. */
export class DnsReadinessTimeoutError extends Error {
  constructor(
    message: string,
    readonly status: ReadinessStatus,
  ) {
    super(message);
    this.name = "DnsReadinessTimeoutError";
  }
}

function observer(deps: GateDependencies): NonNullable<GateDependencies["observe"]> {
  return (
    deps.observe ??
    ((resolver, name, type, signal) =>
      queryResolver(resolver, name, type, { signal, timeoutMs: deps.queryTimeoutMs }))
  );
}

const pairKey = (check: ReadinessCheck, resolver: string) => `${check.key}\u0000${resolver}`;
const PENDING: Verdict = { state: "pending" };

/** Asks one question, turning a thrown error into a failed observation so a poll loop never dies. */
async function observeSafely(
  observe: NonNullable<GateDependencies["observe"]>,
  resolver: string,
  check: ReadinessCheck,
  signal: AbortSignal,
): Promise<Observation> {
  const { name, type } = checkQuery(check);
  try {
    return await observe(resolver, name, type, signal);
  } catch (error) {
    return { kind: "failure", code: (error as NodeJS.ErrnoException).code ?? String(error) };
  }
}

/**
 * A resolver that gave no answer (timeout, SERVFAIL, refused) is asked twice more, 0.5 then 1 s later, before a
 * one-off look judges the record: no answer says nothing about the record, and `refresh` reporting it missing
 * made a drift check (`refresh --expect-no-changes`) fail on a busy machine or a slow resolver (500-domain bench on
 * 2 CPUs: 4 of 20 stacks reported readinesses "updated", each read having taken 15–17 s under load).
 */
const unansweredAgain = retry(
  handleWhenResult((observation) => (observation as Observation).kind === "failure"),
  { maxAttempts: 2, backoff: new ExponentialBackoff({ initialDelay: 500, maxDelay: 1000 }) },
);

/**
 * Asks every resolver once for every record (again only where it gave no answer), without waiting for anything
 * to appear: what `read` (refresh) reports.
 */
export async function checkDnsReadinessOnce(
  target: ReadinessTarget,
  deps: GateDependencies = {},
): Promise<ReadinessStatus> {
  const checks = readinessChecks(target.domain, target.records, target.nameservers);
  const needed = quorumSize(target.quorum, target.resolvers.length);
  const observe = observer(deps);
  const limit = deps.limit ?? pLimit(16);
  const signal = new AbortController().signal;
  // Every query of this one-off check listens on the same signal.
  setMaxListeners(checks.length * target.resolvers.length + 10, signal);
  const verdicts = new Map<string, Verdict>();
  await Promise.all(
    checks.flatMap((check) =>
      target.resolvers.map(async (resolver) => {
        const observation = await unansweredAgain.execute(() =>
          limit(() => observeSafely(observe, resolver, check, signal)),
        );
        verdicts.set(pairKey(check, resolver), judgeCheck(check, observation));
      }),
    ),
  );
  return assessReadiness(checks, target.resolvers, (c, r) => verdicts.get(pairKey(c, r)) ?? PENDING, needed);
}

/**
 * Polls every (record, resolver) pair on its own schedule until each record is served by the
 * quorum, then resolves at once. A pair stops being asked once it answers as desired; the rest
 * back off from 200 ms to 10 s. Progress goes to `report`: a status line when counts change (and
 * every `heartbeatMs`), and the list of what is still missing, in registrar form, when it changes
 * (and every `waitingListEveryMs`). On timeout, rejects with `DnsReadinessTimeoutError`.
 */
export async function waitForDnsReadiness(
  options: GateOptions,
  deps: GateDependencies = {},
): Promise<GateResult> {
  const { domain, resolvers, report } = options;
  const checks = readinessChecks(domain, options.records, options.nameservers);
  if (resolvers.length === 0) throw new Error(`${domain}: no resolvers to check readiness against`);
  const needed = quorumSize(options.quorum, resolvers.length);
  const quorumText = describeQuorum(options.quorum, resolvers.length);
  const observe = observer(deps);
  const limit = deps.limit ?? pLimit(16);
  const now = deps.now ?? Date.now;
  const random = deps.random ?? Math.random;
  const heartbeatMs = deps.heartbeatMs ?? 15_000;
  const waitingListEveryMs = deps.waitingListEveryMs ?? 60_000;
  const startedAt = now();
  const verdicts = new Map<string, Verdict>();
  const controller = new AbortController();
  // Every poll loop and query in flight listens on this one signal.
  setMaxListeners(2 * checks.length * resolvers.length + 10, controller.signal);
  const assess = () =>
    assessReadiness(checks, resolvers, (c, r) => verdicts.get(pairKey(c, r)) ?? PENDING, needed);

  report(formatStartLine(domain, checks.length, resolvers, quorumText, options.timeoutMs));

  return new Promise<GateResult>((resolve, reject) => {
    let finished = false;
    let lastLine = { signature: "", at: startedAt };
    let lastList = { keys: new Set<string>(), at: startedAt };

    const finish = (settle: () => void) => {
      if (finished) return;
      finished = true;
      clearTimeout(deadline);
      clearInterval(heartbeat);
      controller.abort();
      settle();
    };

    const progressReport = (status: ReadinessStatus, force: boolean) => {
      const firstPassDone = status.checks.every((c) =>
        c.verdicts.every((v) => v.verdict.state !== "pending"),
      );
      if (!firstPassDone && !force) return;
      const at = now();
      const elapsed = at - startedAt;
      const lineSignature = JSON.stringify(status.perResolver);
      if (lineSignature !== lastLine.signature || at - lastLine.at >= heartbeatMs) {
        const remaining = estimateRemainingMs(elapsed, status.progress.done, status.progress.needed);
        report(formatStatusLine(domain, status, elapsed, remaining));
        lastLine = { signature: lineSignature, at };
      }
      // The full list when there is something new to do, else only now and then: a shrinking
      // list is already visible in the status line.
      const unready = status.checks.filter((c) => !c.ready).map((c) => c.check.key);
      if (unready.some((key) => !lastList.keys.has(key)) || at - lastList.at >= waitingListEveryMs) {
        for (const line of formatWaitingList(domain, status, options.recordForm)) report(line);
        lastList = { keys: new Set(unready), at };
      }
    };

    const onVerdict = () => {
      if (finished) return;
      const status = assess();
      if (status.ready) {
        const readyAt = now();
        report(formatReadyLine(domain, status, readyAt - startedAt));
        finish(() => resolve({ status, startedAt, readyAt, elapsedMs: readyAt - startedAt }));
        return;
      }
      progressReport(status, false);
    };

    const deadline = setTimeout(() => {
      const status = assess();
      // The configured timeout, not the measured time: the message then reads the same on every run.
      const message = formatTimeoutMessage(domain, status, options.timeoutMs, quorumText, options.recordForm);
      finish(() => reject(new DnsReadinessTimeoutError(message, status)));
    }, options.timeoutMs);
    const heartbeat = setInterval(() => {
      if (!finished) progressReport(assess(), true);
    }, heartbeatMs);

    const pollPair = async (check: ReadinessCheck, resolver: string) => {
      const signal = controller.signal;
      while (!signal.aborted) {
        const observation = await limit(() =>
          signal.aborted
            ? Promise.resolve<Observation>({ kind: "failure", code: "ECANCELLED" })
            : observeSafely(observe, resolver, check, signal),
        );
        if (signal.aborted) return;
        const verdict = judgeCheck(check, observation);
        verdicts.set(pairKey(check, resolver), verdict);
        onVerdict();
        // Propagation only moves forward during a gate; `read` is what notices later removals.
        if (verdict.state === "present") return;
        await sleep(nextPollDelayMs(now() - startedAt, random), undefined, { signal }).catch(() => undefined);
      }
    };

    if (checks.length === 0) {
      onVerdict();
      return;
    }
    for (const check of checks) {
      for (const resolver of resolvers) void pollPair(check, resolver);
    }
  });
}
