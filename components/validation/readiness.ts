import { isIP } from "node:net";
import { type ConfigIssue, configError } from "../config/issue";
import type { ConfigRule } from "./rule";

/** `ip`, `ip:port`, bare IPv6 or `[ipv6]:port` split into its parts. */
function resolverParts(value: string): { host: string; port: string | undefined; bracketed: boolean } {
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(value);
  const withPort = /^([^:]+):(\d+)$/.exec(value);
  if (bracketed) return { host: bracketed[1], port: bracketed[2], bracketed: true };
  if (withPort) return { host: withPort[1], port: withPort[2], bracketed: false };
  return { host: value, port: undefined, bracketed: false };
}

/**
 * One resolver however it is written: `1.1.1.1` and `1.1.1.1:53` are the same server, and so are
 * `2606:4700:4700::1111` and `[2606:4700:4700:0:0:0:0:1111]:53`. Only for addresses without a problem.
 */
export function resolverIdentity(value: string): string {
  const { host, port } = resolverParts(value.trim());
  const address = isIP(host) === 6 ? new URL(`http://[${host}]/`).hostname : host;
  return `${address}:${Number(port ?? 53)}`;
}

/** `ip`, `ip:port`, bare IPv6 or `[ipv6]:port` — what node's resolver `setServers` accepts. */
export function resolverAddressProblem(value: string): string | undefined {
  const { host, port, bracketed } = resolverParts(value);
  if (bracketed ? isIP(host) !== 6 : isIP(host) === 0) {
    return "is not an IP address (resolvers are given by address, e.g. 1.1.1.1 or 127.0.0.1:5353)";
  }
  if (port !== undefined && (Number(port) < 1 || Number(port) > 65535))
    return `has the port ${port}, outside 1-65535`;
  return undefined;
}

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
