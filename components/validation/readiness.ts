import { resolverAddressProblem, resolverIdentity } from "../../providers/readiness/resolver-address";
import { type ConfigIssue, configError } from "../config/issue";
import type { ConfigRule } from "./rule";

/**
 * Readiness resolvers are addresses, each listed once, and the quorum can be reached. A quorum counts
 * resolvers that agree; copies of one resolver always agree, so they would make one server's answer pass
 * for a quorum of several (three times 1.1.1.1 with quorum 3 is a quorum of one).
 */
export const readinessRule: ConfigRule = (config) => {
  const issues: ConfigIssue[] = [];
  const { resolvers, quorum } = config.readiness;
  const firstOf = new Map<string, number>();
  resolvers?.forEach((resolver, k) => {
    const problem = resolverAddressProblem(resolver);
    if (problem) {
      issues.push(
        configError(
          `mailinfra:readiness.resolvers[${k}]`,
          `"${resolver}" ${problem}`,
          "Write ip or ip:port ([ipv6]:port for IPv6).",
        ),
      );
      return;
    }
    const identity = resolverIdentity(resolver);
    const first = firstOf.get(identity);
    if (first === undefined) {
      firstOf.set(identity, k);
      return;
    }
    issues.push(
      configError(
        `mailinfra:readiness.resolvers[${k}]`,
        `"${resolver}" is the same resolver as mailinfra:readiness.resolvers[${first}]; a quorum counts resolvers that agree, and copies of one resolver always agree`,
        "Remove the copy, or replace it with a resolver of another operator (e.g. 1.1.1.1, 8.8.8.8, 9.9.9.9).",
      ),
    );
  });
  const valid = resolvers?.filter((r) => resolverAddressProblem(r) === undefined).length ?? 0;
  const distinct = firstOf.size;
  if (typeof quorum === "number" && resolvers !== undefined && quorum > resolvers.length) {
    issues.push(
      configError(
        "mailinfra:readiness.quorum",
        `is ${quorum} but only ${resolvers.length} resolver(s) are listed, so records would never count as propagated`,
        `Use a quorum of at most ${resolvers.length}, or "majority" / "all".`,
      ),
    );
  } else if (typeof quorum === "number" && distinct < valid && quorum > distinct) {
    issues.push(
      configError(
        "mailinfra:readiness.quorum",
        `is ${quorum}, but the resolvers listed are only ${distinct} distinct server(s), so it is a quorum of ${distinct}`,
        `List ${quorum} different resolvers, or use a quorum of at most ${distinct}.`,
      ),
    );
  }
  return issues;
};
