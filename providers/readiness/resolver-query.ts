import { promises as dns } from "node:dns";
import type { FoundValue, Observation, QueryType } from "./observation";

export interface QueryOptions {
  /** Milliseconds c-ares waits for the first try (later tries wait longer). @default 1000 */
  timeoutMs?: number;
  /** Attempts before giving up on this resolver. @default 2 */
  tries?: number;
  /** Cancels the query when the gate is done. */
  signal?: AbortSignal;
}

/** Node's errors that mean "the answer is: no such name / no such record", not "no answer". */
const NXDOMAIN = new Set(["ENOTFOUND"]);
const NODATA = new Set(["ENODATA"]);

/**
 * Asks one resolver for one name and type, with node's c-ares resolver (it retries over TCP when
 * an answer is truncated). A fresh `Resolver` per question: each has its own server list and no
 * cache shared with other questions, so a record that appears is seen on the next poll even on
 * runtimes whose c-ares caches answers.
 */
export async function queryResolver(
  resolver: string,
  name: string,
  type: QueryType,
  options: QueryOptions = {},
): Promise<Observation> {
  return observe(resolver, options, (r) => ask(r, name, type));
}

/** What one resolver said about one name's A records (a DNSBL lookup): addresses, or why there are none. */
export type AddressObservation =
  | { kind: "records"; addresses: string[] }
  | Exclude<Observation, { kind: "records" }>;

/**
 * Asks one resolver for the A records of one name, the way DNSBL lookups are made (RFC 5782 §2.1): NXDOMAIN,
 * NODATA and failures told apart as `queryResolver` does.
 */
export async function queryAddresses(
  resolver: string,
  name: string,
  options: QueryOptions = {},
): Promise<AddressObservation> {
  const observation = await observe(resolver, options, (r) => r.resolve4(name));
  return observation.kind === "records" ? { kind: "records", addresses: observation.values } : observation;
}

async function observe<T>(
  resolver: string,
  options: QueryOptions,
  question: (r: dns.Resolver) => Promise<T[]>,
): Promise<{ kind: "records"; values: T[] } | Exclude<Observation, { kind: "records" }>> {
  if (options.signal?.aborted) return { kind: "failure", code: "ECANCELLED" };
  const r = new dns.Resolver({ timeout: options.timeoutMs ?? 1000, tries: options.tries ?? 2 });
  const cancel = () => r.cancel();
  options.signal?.addEventListener("abort", cancel, { once: true });
  try {
    r.setServers([resolver]);
    return { kind: "records", values: await question(r) };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    if (NXDOMAIN.has(code)) return { kind: "nxdomain" };
    if (NODATA.has(code)) return { kind: "nodata" };
    return { kind: "failure", code };
  } finally {
    options.signal?.removeEventListener("abort", cancel);
  }
}

async function ask(r: dns.Resolver, name: string, type: QueryType): Promise<FoundValue[]> {
  switch (type) {
    case "TXT":
      return (await r.resolveTxt(name)).map((strings) => ({ type: "TXT", strings }));
    case "MX":
      return (await r.resolveMx(name)).map((mx) => ({
        type: "MX",
        priority: mx.priority,
        exchange: mx.exchange,
      }));
    case "CNAME":
      return (await r.resolveCname(name)).map((target) => ({ type: "CNAME", target }));
    case "NS":
      return (await r.resolveNs(name)).map((host) => ({ type: "NS", host }));
  }
}
