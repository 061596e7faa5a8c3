import { promises as dns } from "node:dns";
import type { SpfResolver } from "./spf-flatten";

export interface SpfResolverOptions {
  /** Per-query timeout in milliseconds. Default 5000. */
  timeoutMs?: number;
  /** Attempts per server before giving up. Default 2. */
  tries?: number;
}

/**
 * An `SpfResolver` on node's DNS resolver. `servers` are `ip` or `ip:port` (`[v6]:port` for IPv6), as
 * node's `setServers` accepts them, so tests can point it at a local DNS server; empty means the system's.
 */
export function createSpfResolver(
  servers: readonly string[] = [],
  options: SpfResolverOptions = {},
): SpfResolver {
  const resolver = new dns.Resolver({ timeout: options.timeoutMs ?? 5000, tries: options.tries ?? 2 });
  if (servers.length > 0) resolver.setServers([...servers]);
  return {
    resolveTxt: (name) => resolver.resolveTxt(name),
    resolve4: (name) => resolver.resolve4(name),
    resolve6: (name) => resolver.resolve6(name),
    resolveMx: (name) => resolver.resolveMx(name),
  };
}
