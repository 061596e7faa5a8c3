import * as dgram from "node:dgram";
import * as net from "node:net";
import { resolveQuestion, type ServerRole } from "./answer";
import { corruptTxtAnswers, type DnsFaults, decideFault, healthyFaults } from "./faults";
import {
  type DecodedMessage,
  decodeMessage,
  encodeFormatError,
  encodeResponse,
  type Transport,
} from "./response";
import type { ZoneStore } from "./zone-store";

export interface DnsServerOptions {
  name: string;
  role: ServerRole;
  zones: ZoneStore;
  /** Milliseconds before this server sees a zone edit. @default 0 */
  lagMs?: number;
  /** UDP and TCP port on 127.0.0.1. @default 0 (random) */
  port?: number;
  /** Source of randomness for drop/corrupt rates. @default Math.random */
  random?: () => number;
}

export interface QueryLogEntry {
  at: number;
  transport: Transport;
  name: string;
  type: string;
  /** What the server did: the RCODE sent, or `ignored` when a fault swallowed it. */
  outcome: string;
  truncated: boolean;
}

export interface DnsServer {
  readonly name: string;
  readonly role: ServerRole;
  readonly lagMs: number;
  /** `127.0.0.1:PORT`, the form resolvers lists and `dns.Resolver.setServers` take. */
  readonly address: string;
  readonly host: string;
  readonly port: number;
  /** Mutable; read on every query. */
  readonly faults: DnsFaults;
  /** Every query received, in order. */
  readonly log: QueryLogEntry[];
  /** Closes the UDP and TCP sockets, so clients get "connection refused". */
  closePort(): Promise<void>;
  /** Listens again on the same port after `closePort()`. */
  reopenPort(): Promise<void>;
  stop(): Promise<void>;
}

const HOST = "127.0.0.1";

/** Starts one DNS server (UDP and TCP on the same port) answering from the zone store. */
export async function startDnsServer(options: DnsServerOptions): Promise<DnsServer> {
  const lagMs = options.lagMs ?? 0;
  const random = options.random ?? Math.random;
  const faults = healthyFaults();
  const log: QueryLogEntry[] = [];
  const timers = new Set<NodeJS.Timeout>();
  const connections = new Set<net.Socket>();
  let udp: dgram.Socket | undefined;
  let tcp: net.Server | undefined;
  let stopped = false;

  /** Answers one raw message through `send`, unless a fault says to stay silent. */
  function answer(message: Buffer, transport: Transport, send: (reply: Buffer) => void): void {
    const receivedAt = Date.now();
    let query: DecodedMessage;
    try {
      query = decodeMessage(message);
    } catch {
      if (message.length >= 2) send(encodeFormatError(message.readUInt16BE(0), options.role));
      return;
    }
    const question = query.questions?.[0];
    const entry: QueryLogEntry = {
      at: receivedAt,
      transport,
      name: question?.name ?? "",
      type: question?.type ?? "",
      outcome: "",
      truncated: false,
    };
    log.push(entry);
    const decision = decideFault(faults, random);
    if (decision.action === "ignore") {
      entry.outcome = "ignored";
      return;
    }
    let reply: Buffer;
    if (query.type !== "query" || query.opcode !== "QUERY") {
      reply = encodeResponse(query, { rcode: "NOTIMP" }, options.role, transport);
    } else if (!question || (query.questions?.length ?? 0) !== 1) {
      reply = encodeResponse(query, { rcode: "FORMERR" }, options.role, transport);
    } else if (decision.action === "servfail") {
      reply = encodeResponse(query, { rcode: "SERVFAIL" }, options.role, transport);
    } else if (options.zones.refuses(question.name)) {
      // The zone's owner refuses the name; a recursive resolver passes that on as SERVFAIL.
      const rcode = options.role === "authoritative" ? "REFUSED" : "SERVFAIL";
      reply = encodeResponse(query, { rcode }, options.role, transport);
    } else {
      // The lag is measured from when the query arrived, like a resolver's cache would be.
      const resolution = resolveQuestion(options.zones.asOf(receivedAt - lagMs), question, options.role);
      if (decision.corrupt) resolution.answers = corruptTxtAnswers(resolution.answers);
      reply = encodeResponse(query, resolution, options.role, transport);
    }
    const decoded = decodeMessage(reply);
    entry.outcome = decoded.rcode;
    entry.truncated = decoded.flag_tc;
    if (faults.latencyMs > 0) {
      const timer = setTimeout(() => {
        timers.delete(timer);
        if (!stopped) send(reply);
      }, faults.latencyMs);
      timers.add(timer);
    } else {
      send(reply);
    }
  }

  function onTcpConnection(socket: net.Socket): void {
    connections.add(socket);
    socket.on("close", () => connections.delete(socket));
    socket.on("error", () => socket.destroy());
    socket.setTimeout(10_000, () => socket.destroy());
    let pending = Buffer.alloc(0);
    socket.on("data", (chunk) => {
      pending = Buffer.concat([pending, chunk]);
      // RFC 1035 4.2.2: each message is preceded by its two-byte length; several may share a read.
      while (pending.length >= 2) {
        const length = pending.readUInt16BE(0);
        if (pending.length < 2 + length) break;
        const message = pending.subarray(2, 2 + length);
        pending = pending.subarray(2 + length);
        answer(message, "tcp", (reply) => {
          if (socket.destroyed) return;
          const prefix = Buffer.alloc(2);
          prefix.writeUInt16BE(reply.length);
          socket.write(Buffer.concat([prefix, reply]));
        });
      }
    });
  }

  async function listen(port: number): Promise<number> {
    const socket = dgram.createSocket("udp4");
    await new Promise<void>((resolve, reject) => {
      socket.once("error", reject);
      socket.bind(port, HOST, () => {
        socket.off("error", reject);
        resolve();
      });
    });
    const bound = socket.address().port;
    socket.on("message", (message, remote) => {
      answer(message, "udp", (reply) => {
        if (udp === socket) socket.send(reply, remote.port, remote.address);
      });
    });
    socket.on("error", () => undefined);
    const server = net.createServer(onTcpConnection);
    try {
      await new Promise<void>((resolve, reject) => {
        server.once("error", reject);
        server.listen(bound, HOST, () => {
          server.off("error", reject);
          resolve();
        });
      });
    } catch (error) {
      socket.close();
      throw error;
    }
    udp = socket;
    tcp = server;
    return bound;
  }

  async function close(): Promise<void> {
    const socket = udp;
    const server = tcp;
    udp = undefined;
    tcp = undefined;
    for (const c of connections) c.destroy();
    connections.clear();
    await Promise.all([
      socket ? new Promise<void>((resolve) => socket.close(() => resolve())) : undefined,
      server ? new Promise<void>((resolve) => server.close(() => resolve())) : undefined,
    ]);
  }

  let port = options.port ?? 0;
  // Port 0 picks a free UDP port; the same TCP port may still be taken, so try a few times.
  for (let attempt = 0; ; attempt++) {
    try {
      port = await listen(port);
      break;
    } catch (error) {
      if (options.port || attempt >= 5) throw error;
    }
  }

  return {
    name: options.name,
    role: options.role,
    lagMs,
    address: `${HOST}:${port}`,
    host: HOST,
    port,
    faults,
    log,
    closePort: close,
    async reopenPort() {
      if (!udp) await listen(port);
    },
    async stop() {
      stopped = true;
      for (const t of timers) clearTimeout(t);
      timers.clear();
      await close();
    },
  };
}
