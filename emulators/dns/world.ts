import type { ServerRole } from "./answer";
import { type DnsServer, startDnsServer } from "./server";
import { ZoneStore } from "./zone-store";

export interface ResolverSpec {
  name: string;
  /** Milliseconds before this resolver sees a zone edit. @default 0 */
  lagMs?: number;
  /** @default 0 (random) */
  port?: number;
}

export interface DnsWorldOptions {
  /**
   * Recursive resolvers (RA set, never AA), each on its own port with its own propagation lag.
   * @default [{ name: "resolver", lagMs: 0 }]
   */
  resolvers?: ResolverSpec[];
  /** The authoritative server for every zone (AA set, lag 0). @default { name: "authoritative" } */
  authoritative?: { name?: string; port?: number };
  /** Seeded randomness for drop/corrupt faults. @default Math.random */
  random?: () => number;
}

export interface DnsWorld {
  /** The authoritative zones; edit them at will (`addZone`, `add`, `addMail`, `remove`, `replace`). */
  zones: ZoneStore;
  authoritative: DnsServer;
  resolvers: DnsServer[];
  /** A resolver by name; throws for an unknown name. */
  resolver(name: string): DnsServer;
  stop(): Promise<void>;
}

/**
 * A closed DNS world on 127.0.0.1 for tests: one zone store, one authoritative server that
 * serves it as it is, and resolvers that each see it as it was `lagMs` ago.
 *
 * @example
 * const world = await startDnsWorld({ resolvers: [{ name: "a", lagMs: 0 }, { name: "b", lagMs: 300 }] });
 * world.zones.addZone("example.com");
 * world.zones.add({ name: "example.com", type: "TXT", strings: ["v=spf1 include:_spf.google.com ~all"] });
 * // world.resolver("b").address === "127.0.0.1:PORT"; it sees the TXT 300 ms later.
 * await world.stop();
 */
export async function startDnsWorld(options: DnsWorldOptions = {}): Promise<DnsWorld> {
  const zones = new ZoneStore();
  const specs = options.resolvers ?? [{ name: "resolver", lagMs: 0 }];
  const names = new Set<string>();
  for (const spec of specs) {
    if (names.has(spec.name)) throw new Error(`startDnsWorld: two resolvers are named "${spec.name}"`);
    names.add(spec.name);
  }
  const started: DnsServer[] = [];
  const start = async (name: string, role: ServerRole, lagMs: number, port?: number) => {
    const server = await startDnsServer({ name, role, zones, lagMs, port, random: options.random });
    started.push(server);
    return server;
  };
  try {
    const authoritative = await start(
      options.authoritative?.name ?? "authoritative",
      "authoritative",
      0,
      options.authoritative?.port,
    );
    const resolvers: DnsServer[] = [];
    for (const spec of specs) resolvers.push(await start(spec.name, "resolver", spec.lagMs ?? 0, spec.port));
    return {
      zones,
      authoritative,
      resolvers,
      resolver(name) {
        const found = resolvers.find((r) => r.name === name);
        if (!found) throw new Error(`no resolver named "${name}" in this DNS world`);
        return found;
      },
      async stop() {
        await Promise.all(started.map((s) => s.stop()));
      },
    };
  } catch (error) {
    await Promise.all(started.map((s) => s.stop()));
    throw error;
  }
}
