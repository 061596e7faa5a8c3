import type { FoundValue, Observation, QueryType } from "../providers/readiness/observation";
import { type Quorum, quorumSize } from "../providers/readiness/quorum";
import { type QueryOptions, queryResolver } from "../providers/readiness/resolver-query";

/** The resolvers a health run asks, and how many must agree before an answer counts. */
export interface ResolverQuorum {
  /** `ip` or `ip:port`, as in `mailinfra:readiness.resolvers`. */
  resolvers: string[];
  /** @default "majority" */
  quorum?: Quorum;
  /** Per resolver and try. @default 2000 */
  timeoutMs?: number;
}

/**
 * The answer of a resolver quorum to one question, in the shape `dns.promises.resolve(name, type)` gives, so
 * `mailauth` (which takes a custom `resolver(name, type)`) evaluates SPF and DMARC through the stack's
 * resolvers. NXDOMAIN and NODATA agreed by the quorum throw node's own codes (ENOTFOUND, ENODATA), which
 * mailauth reads as "no record"; anything else (timeouts, disagreeing resolvers, a type the readiness
 * resolvers do not ask) throws a code mailauth reads as a temporary error, so the check says `unknown`.
 */
export type QuorumResolve = (name: string, type: string) => Promise<unknown[]>;

/** Why no quorum answered, with the code mailauth reads as a temporary error. */
export class NoQuorumAnswer extends Error {
  readonly code = "ESERVFAIL";
}

const SUPPORTED = new Set<string>(["TXT", "MX", "CNAME", "NS"]);

function canonical(observation: Observation): string {
  if (observation.kind !== "records") return observation.kind;
  return JSON.stringify(observation.values.map((v) => JSON.stringify(v)).sort());
}

/** The observation at least `needed` resolvers agree on, or why there is none. */
export function agreedObservation(observations: Observation[], needed: number): Observation | NoQuorumAnswer {
  const groups = new Map<string, { observation: Observation; count: number }>();
  for (const o of observations) {
    if (o.kind === "failure") continue;
    const key = canonical(o);
    const group = groups.get(key) ?? { observation: o, count: 0 };
    group.count++;
    groups.set(key, group);
  }
  const best = [...groups.values()].sort((a, b) => b.count - a.count)[0];
  if (best && best.count >= needed) return best.observation;
  const failures = observations.flatMap((o) => (o.kind === "failure" ? [o.code] : []));
  if (groups.size > 1) {
    return new NoQuorumAnswer(
      `the resolvers disagree (${groups.size} different answers, ${needed} of ${observations.length} must agree)`,
    );
  }
  return new NoQuorumAnswer(
    `only ${best?.count ?? 0} of ${observations.length} resolvers answered (${needed} must)${failures.length > 0 ? `: ${[...new Set(failures)].join(", ")}` : ""}`,
  );
}

function shaped(values: FoundValue[]): unknown[] {
  return values.map((v) => {
    switch (v.type) {
      case "TXT":
        return v.strings;
      case "MX":
        return { exchange: v.exchange, priority: v.priority };
      case "CNAME":
        return v.target;
      default:
        return v.host;
    }
  });
}

function errorWithCode(code: string, message: string): Error {
  return Object.assign(new Error(message), { code });
}

/**
 * A resolver function over `set`: each question goes to every resolver (readiness/resolver-query.ts) and the
 * answer the quorum agrees on is returned. Answers are memoized for the life of the function, so SPF includes
 * shared by many domains are asked once per run.
 */
export function quorumResolver(
  set: ResolverQuorum,
  options: Omit<QueryOptions, "timeoutMs"> = {},
): QuorumResolve {
  const needed = quorumSize(set.quorum ?? "majority", set.resolvers.length);
  const cache = new Map<string, Promise<unknown[]>>();
  const ask = async (name: string, type: string): Promise<unknown[]> => {
    const upper = type.toUpperCase();
    if (!SUPPORTED.has(upper)) {
      throw errorWithCode("ENOTIMP", `${upper} lookups are not asked of the readiness resolvers`);
    }
    const observations = await Promise.all(
      set.resolvers.map((r) =>
        queryResolver(r, name, upper as QueryType, { ...options, timeoutMs: set.timeoutMs ?? 2000 }),
      ),
    );
    const agreed = agreedObservation(observations, needed);
    if (agreed instanceof NoQuorumAnswer) throw agreed;
    if (agreed.kind === "nxdomain") throw errorWithCode("ENOTFOUND", `${name}: no such name`);
    if (agreed.kind === "nodata") throw errorWithCode("ENODATA", `${name}: no ${upper} record`);
    if (agreed.kind === "failure") throw errorWithCode(agreed.code, agreed.code);
    return shaped(agreed.values);
  };
  return (name, type) => {
    const key = `${type.toUpperCase()} ${name.toLowerCase().replace(/\.$/, "")}`;
    let answer = cache.get(key);
    if (!answer) {
      answer = ask(name, type);
      cache.set(key, answer);
    }
    return answer.then((a) => a.slice());
  };
}
