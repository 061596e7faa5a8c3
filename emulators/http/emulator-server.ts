import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import type { FaultFailure, Faults, MalformedFault } from "./faults";
import { type Reply, sendReply } from "./reply";
import { readBody } from "./request-body";

/** How a fault or the service's own refusal is written in the call log. */
export type CallFault = "latency" | "rateLimit" | "serverError" | "drop" | "malformed";

/** One HTTP request as the emulator received it, body read. */
export interface Exchange {
  req: IncomingMessage;
  url: URL;
  /** Upper case. */
  method: string;
  /** Without the query string (where API keys travel: the call log never holds them). */
  path: string;
  raw: Buffer;
}

/** The service's answer to one call. */
export interface Outcome {
  reply: Reply;
  /** The call log's fault label; unset: `latency` when latency was injected, else none. */
  fault?: CallFault;
  /**
   * Answered before doing any work (Smartlead's key and rate checks, a malformed answer): a lost answer (`drop`
   * after) does not apply, and the log says `fault` alone, not `latency`.
   */
  beforeWork?: boolean;
}

/** One call the service has recognised: its name for faults and the log, and how it answers. */
export interface ServiceCall {
  /** Google's method name (`directory.users.insert`), Smartlead's route template (`POST /email-accounts/save`). */
  endpoint: string;
  /** Answers the call; `malformed` is set when a fault asks for a malformed 200 in place of the work. */
  answer(malformed?: MalformedFault): Promise<Outcome>;
  /** Appends the call to the service's call log. */
  record(status: number, fault?: CallFault): void;
}

export interface EmulatedService {
  /** Prefix of the console line an emulator bug prints. @example "google emulator" */
  name: string;
  /** The service's JSON content type, as its servers write it. @example "application/json; charset=UTF-8" */
  jsonContentType: string;
  faults: Faults;
  /** Recognises a call (route, key, body) before faults are decided. */
  open(exchange: Exchange): ServiceCall;
  /** The service's own answer to an injected 429 or 5xx. */
  faultReply(failure: Extract<FaultFailure, { kind: "rateLimit" | "serverError" }>): Reply;
  /** What an emulator bug answers (a 500 in the test, not a hang; it never echoes the request). */
  internalError: Reply;
  /** Counts requests being answered and the most at once, when given. */
  concurrency?: { inFlight: number; peakInFlight: number };
}

export interface EmulatorServer {
  url: string;
  port: number;
  /** Closes the port and every open connection. */
  stop(): Promise<void>;
}

/** Injected faults first, then the service's answer: the order both emulators share. */
async function exchangeOnce(
  service: EmulatedService,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const url = new URL(req.url ?? "/", "http://emulator");
  const method = (req.method ?? "GET").toUpperCase();
  const exchange: Exchange = { req, url, method, path: url.pathname, raw: await readBody(req) };
  const call = service.open(exchange);
  const send = (reply: Reply) => sendReply(res, reply, service.jsonContentType);

  const decision = service.faults.decide({ endpoint: call.endpoint, method, path: exchange.path });
  if (decision.latencyMs > 0) await sleep(decision.latencyMs);
  const failure = decision.failure;
  if (failure?.kind === "drop" && failure.phase === "before") {
    call.record(0, "drop");
    req.socket.destroy();
    return;
  }
  if (failure?.kind === "rateLimit" || failure?.kind === "serverError") {
    const reply = service.faultReply(failure);
    call.record(reply.status, failure.kind);
    send(reply);
    return;
  }

  const outcome = await call.answer(failure?.kind === "malformed" ? failure : undefined);
  if (outcome.beforeWork) {
    call.record(outcome.reply.status, outcome.fault);
    send(outcome.reply);
    return;
  }
  if (failure?.kind === "drop") {
    // The work is done but the client never hears about it: the case that makes retried creates collide.
    call.record(0, "drop");
    req.socket.destroy();
    return;
  }
  call.record(outcome.reply.status, outcome.fault ?? (decision.latencyMs > 0 ? "latency" : undefined));
  send(outcome.reply);
}

/** Serves `service` on 127.0.0.1 (`port` 0: any free port). */
export async function serveEmulator(service: EmulatedService, port = 0): Promise<EmulatorServer> {
  const counter = service.concurrency;
  const server = createServer((req, res) => {
    if (counter) {
      counter.inFlight += 1;
      counter.peakInFlight = Math.max(counter.peakInFlight, counter.inFlight);
      let counted = true;
      res.on("close", () => {
        if (counted) counter.inFlight -= 1;
        counted = false;
      });
    }
    exchangeOnce(service, req, res).catch((error: unknown) => {
      console.error(`${service.name}:`, error instanceof Error ? error.message : error);
      if (!res.headersSent) sendReply(res, service.internalError, service.jsonContentType);
    });
  });
  const sockets = new Set<Socket>();
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  const bound = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${bound}`,
    port: bound,
    stop: () =>
      new Promise<void>((resolve, reject) => {
        for (const socket of sockets) socket.destroy();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
