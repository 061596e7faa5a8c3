import { isIP } from "node:net";
import { type ConfigIssue, configError } from "../config/issue";
import type { ConfigRule } from "./rule";

/** `ip`, `ip:port`, bare IPv6 or `[ipv6]:port` — what node's resolver `setServers` accepts. */
export function resolverAddressProblem(value: string): string | undefined {
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(value);
  const withPort = /^([^:]+):(\d+)$/.exec(value);
  const [host, port] = bracketed
    ? [bracketed[1], bracketed[2]]
    : withPort
      ? [withPort[1], withPort[2]]
      : [value, undefined];
  if (bracketed ? isIP(host) !== 6 : isIP(host) === 0) {
    return "is not an IP address (resolvers are given by address, e.g. 1.1.1.1 or 127.0.0.1:5353)";
  }
  if (port !== undefined && (Number(port) < 1 || Number(port) > 65535))
    return `has the port ${port}, outside 1-65535`;
  return undefined;
}

/** Readiness resolvers are addresses, and the quorum can be reached. */
export const readinessRule: ConfigRule = (config) => {
  const issues: ConfigIssue[] = [];
  const { resolvers, quorum } = config.readiness;
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
    }
  });
  if (typeof quorum === "number" && resolvers !== undefined && quorum > resolvers.length) {
    issues.push(
      configError(
        "mailinfra:readiness.quorum",
        `is ${quorum} but only ${resolvers.length} resolver(s) are listed, so records would never count as propagated`,
        `Use a quorum of at most ${resolvers.length}, or "majority" / "all".`,
      ),
    );
  }
  return issues;
};
