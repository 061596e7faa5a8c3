import { promises as dns } from "node:dns";
import { canonicalName } from "./record-match";

/** Cloudflare, Google and Quad9: the resolvers most receivers and verifiers sit behind. */
export const PUBLIC_RESOLVERS = ["1.1.1.1", "8.8.8.8", "9.9.9.9"];

export interface DefaultResolverOptions {
  /** Resolvers used to look up the zone's nameservers. @default PUBLIC_RESOLVERS */
  bootstrap?: string[];
  /** Public resolvers appended to the authoritative ones. @default PUBLIC_RESOLVERS */
  publicResolvers?: string[];
  /** Port of the authoritative servers; only tests change it. @default 53 */
  authoritativePort?: number;
  timeoutMs?: number;
  report?: (line: string) => void;
}

async function firstAnswer<T>(
  servers: string[],
  timeoutMs: number,
  ask: (r: dns.Resolver) => Promise<T>,
): Promise<T> {
  let lastError: unknown = new Error("no bootstrap resolvers");
  for (const server of servers) {
    const r = new dns.Resolver({ timeout: timeoutMs, tries: 2 });
    r.setServers([server]);
    try {
      return await ask(r);
    } catch (error) {
      lastError = error;
    }
  }
  throw lastError;
}

/**
 * The default resolver set: the zone's authoritative nameservers (the assigned ones when given,
 * else the NS records the public resolvers return), one IPv4 address each, then the public
 * resolvers. The authoritative servers see a new record first; the public ones are what
 * verifiers such as Google's use. If the nameservers cannot be found, says so and goes on with
 * the public resolvers alone.
 */
export async function defaultResolvers(
  domain: string,
  assignedNameservers: string[] | undefined,
  options: DefaultResolverOptions = {},
): Promise<string[]> {
  const bootstrap = options.bootstrap ?? PUBLIC_RESOLVERS;
  const publicResolvers = options.publicResolvers ?? PUBLIC_RESOLVERS;
  const timeoutMs = options.timeoutMs ?? 1500;
  const port = options.authoritativePort ?? 53;
  const report = options.report ?? (() => undefined);

  let hosts: string[];
  try {
    hosts =
      assignedNameservers && assignedNameservers.length > 0
        ? assignedNameservers
        : await firstAnswer(bootstrap, timeoutMs, (r) => r.resolveNs(domain));
  } catch (error) {
    report(
      `${domain}: could not find its nameservers (${(error as NodeJS.ErrnoException).code ?? error}); ` +
        `checking ${publicResolvers.join(", ")} only`,
    );
    hosts = [];
  }
  const authoritative: string[] = [];
  for (const host of [...new Set(hosts.map(canonicalName))].sort()) {
    try {
      const [address] = await firstAnswer(bootstrap, timeoutMs, (r) => r.resolve4(host));
      if (address) authoritative.push(port === 53 ? address : `${address}:${port}`);
    } catch (error) {
      report(
        `${domain}: nameserver ${host} has no IPv4 address (${(error as NodeJS.ErrnoException).code ?? error}); skipping it`,
      );
    }
  }
  return [...new Set([...authoritative, ...publicResolvers])];
}
