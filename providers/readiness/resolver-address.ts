import { isIP } from "node:net";
import { z } from "zod";

/**
 * A resolver as `dns.Resolver.setServers` takes it (https://nodejs.org/api/dns.html#dnssetserversservers): an
 * IPv4 or IPv6 address, optionally with a port (`1.1.1.1`, `127.0.0.1:5353`, `2606:4700::1111`,
 * `[2606:4700::1111]:53`). Hostnames are refused: looking them up would need yet another resolver, and the
 * answer could change under us. The one definition of the format: the config rule
 * (components/validation/readiness.ts) and the readiness provider's input check both use it.
 */
function resolverParts(value: string): { host: string; port: string | undefined; bracketed: boolean } {
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(value);
  const withPort = /^([^:]+):(\d+)$/.exec(value);
  if (bracketed) return { host: bracketed[1]!, port: bracketed[2], bracketed: true };
  if (withPort) return { host: withPort[1]!, port: withPort[2], bracketed: false };
  return { host: value, port: undefined, bracketed: false };
}

/** What is wrong with `value` as a resolver address, worded to follow the quoted value; undefined if nothing. */
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
 * One resolver however it is written: `1.1.1.1` and `1.1.1.1:53` are the same server, and so are
 * `2606:4700:4700::1111` and `[2606:4700:4700:0:0:0:0:1111]:53`. Only for addresses without a problem.
 */
export function resolverIdentity(value: string): string {
  const { host, port } = resolverParts(value.trim());
  const address = isIP(host) === 6 ? new URL(`http://[${host}]/`).hostname : host;
  return `${address}:${Number(port ?? 53)}`;
}

export const resolverAddressSchema = z
  .string()
  .trim()
  .superRefine((value, ctx) => {
    const problem = resolverAddressProblem(value);
    if (problem) ctx.addIssue({ code: "custom", message: `resolver "${value}" ${problem}` });
  });
