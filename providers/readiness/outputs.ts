import type { ReadinessInputs } from "./inputs";
import { checkLabel } from "./readiness-check";
import type { ReadinessStatus, ResolverSummary } from "./readiness-status";

/** A record (or the delegation) not served by the quorum, and where it is not served. */
export interface UnreadyRecord {
  /** `TXT _dmarc.example.com "v=DMARC1; p=none"`. */
  record: string;
  name: string;
  type: "TXT" | "MX" | "CNAME" | "NS";
  /** TXT value, MX/CNAME target, or the assigned nameservers joined with ", ". */
  content: string;
  priority?: number;
  resolvers: { resolver: string; state: "missing" | "wrong" | "no-answer" | "pending"; detail: string }[];
}

/** The resource's state: its inputs, and what the last check saw. */
export interface ReadinessOutputs extends ReadinessInputs {
  /** False after a `refresh` that found records missing: the next `up` waits again. */
  ready: boolean;
  /** When the gate last opened (ISO 8601). */
  readyAt?: string;
  /** How long the gate waited, in seconds. */
  secondsToReady?: number;
  /** When the resolvers were last asked (ISO 8601). */
  checkedAt: string;
  /** The resolvers actually asked (defaults resolved). */
  checkedResolvers: string[];
  perResolver: ResolverSummary[];
  /** Empty when ready. */
  missing: UnreadyRecord[];
}

export function unreadyRecords(status: ReadinessStatus): UnreadyRecord[] {
  return status.checks
    .filter((c) => !c.ready)
    .map((c) => {
      const resolvers = c.verdicts.flatMap(({ resolver, verdict }) =>
        verdict.state === "present"
          ? []
          : [
              {
                resolver,
                state: verdict.state,
                detail: "detail" in verdict ? verdict.detail : "not answered yet",
              },
            ],
      );
      if (c.check.kind === "delegation") {
        return {
          record: checkLabel(c.check, 60),
          name: c.check.domain,
          type: "NS" as const,
          content: c.check.nameservers.join(", "),
          resolvers,
        };
      }
      const r = c.check.record;
      const base = {
        record: checkLabel(c.check, 60),
        name: r.name,
        type: r.type,
        content: r.content,
        resolvers,
      };
      return r.type === "MX" ? { ...base, priority: r.priority ?? 0 } : base;
    });
}

/** Builds the state after a check; `opened` is set when the gate has just opened. */
export function readinessOutputs(
  inputs: ReadinessInputs,
  checkedResolvers: string[],
  status: ReadinessStatus,
  checkedAt: Date,
  opened?: { readyAt: Date; secondsToReady: number },
  previous?: Pick<ReadinessOutputs, "readyAt" | "secondsToReady">,
): ReadinessOutputs {
  const outputs: ReadinessOutputs = {
    ...inputs,
    ready: status.ready,
    checkedAt: checkedAt.toISOString(),
    checkedResolvers,
    perResolver: status.perResolver,
    missing: unreadyRecords(status),
  };
  const readyAt = opened?.readyAt.toISOString() ?? previous?.readyAt;
  const secondsToReady = opened?.secondsToReady ?? previous?.secondsToReady;
  if (readyAt !== undefined) outputs.readyAt = readyAt;
  if (secondsToReady !== undefined) outputs.secondsToReady = secondsToReady;
  return outputs;
}
