import type { ReadinessCheck } from "./readiness-check";
import type { Verdict } from "./record-match";

export interface CheckStatus {
  check: ReadinessCheck;
  /** One verdict per resolver, in the resolvers' order. */
  verdicts: { resolver: string; verdict: Verdict }[];
  /** How many resolvers serve it as desired. */
  presentOn: number;
  /** Served by at least the quorum. */
  ready: boolean;
}

export interface ResolverSummary {
  resolver: string;
  /** Checks this resolver serves as desired. */
  ready: number;
  total: number;
  /** Set when this resolver's latest answers were failures (timeout, SERVFAIL…): the error codes seen. */
  noAnswer?: string;
}

export interface ReadinessStatus {
  ready: boolean;
  /** Resolvers that must agree for a check to be ready. */
  needed: number;
  checks: CheckStatus[];
  perResolver: ResolverSummary[];
  /** (check, resolver) answers that count toward the quorum, capped at `needed` per check, and their total. */
  progress: { done: number; needed: number };
}

/** Applies the quorum to the latest verdicts. Pure: the gate and `read` share it. */
export function assessReadiness(
  checks: ReadinessCheck[],
  resolvers: string[],
  verdictOf: (check: ReadinessCheck, resolver: string) => Verdict,
  needed: number,
): ReadinessStatus {
  const statuses: CheckStatus[] = checks.map((check) => {
    const verdicts = resolvers.map((resolver) => ({ resolver, verdict: verdictOf(check, resolver) }));
    const presentOn = verdicts.filter((v) => v.verdict.state === "present").length;
    return { check, verdicts, presentOn, ready: presentOn >= needed };
  });
  const perResolver: ResolverSummary[] = resolvers.map((resolver, i) => {
    const verdicts = statuses.map((s) => s.verdicts[i]!.verdict);
    const failures = [...new Set(verdicts.flatMap((v) => (v.state === "no-answer" ? [v.detail] : [])))];
    const summary: ResolverSummary = {
      resolver,
      ready: verdicts.filter((v) => v.state === "present").length,
      total: checks.length,
    };
    if (failures.length > 0) summary.noAnswer = failures.join(", ");
    return summary;
  });
  return {
    ready: statuses.every((s) => s.ready),
    needed,
    checks: statuses,
    perResolver,
    progress: {
      done: statuses.reduce((sum, s) => sum + Math.min(s.presentOn, needed), 0),
      needed: checks.length * needed,
    },
  };
}
