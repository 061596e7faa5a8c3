import { isIP } from "node:net";
import { z } from "zod";

/**
 * A resolver as `dns.Resolver.setServers` takes it: an IPv4 or IPv6 address, optionally with a
 * port (`1.1.1.1`, `127.0.0.1:5353`, `2606:4700::1111`, `[2606:4700::1111]:53`). Hostnames are
 * refused: looking them up would need yet another resolver, and the answer could change under us.
 */
export function resolverAddressProblem(text: string): string | undefined {
  const value = text.trim();
  if (value === "") return "is empty";
  let host = value;
  let port: string | undefined;
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(value);
  if (bracketed) {
    host = bracketed[1]!;
    port = bracketed[2];
    if (isIP(host) !== 6) return `"${value}": brackets are only for IPv6 addresses`;
  } else if (isIP(value) === 0) {
    const withPort = /^([^:]+):(\d+)$/.exec(value);
    if (withPort) {
      host = withPort[1]!;
      port = withPort[2];
    }
    if (isIP(host) !== 4) {
      return `"${value}" is not an IP address; give an IPv4 or IPv6 address, optionally with a port (1.1.1.1, 127.0.0.1:5353, [2606:4700::1111]:53)`;
    }
  }
  if (port !== undefined) {
    const n = Number(port);
    if (!Number.isInteger(n) || n < 1 || n > 65535) return `"${value}": port ${port} is outside 1–65535`;
  }
  return undefined;
}

export const resolverAddressSchema = z
  .string()
  .trim()
  .superRefine((value, ctx) => {
    const problem = resolverAddressProblem(value);
    if (problem) ctx.addIssue({ code: "custom", message: `resolver ${problem}` });
  });
