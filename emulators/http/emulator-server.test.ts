import { afterEach, describe, expect, it } from "vitest";
import {
  type CallFault,
  type EmulatedService,
  type EmulatorServer,
  type Outcome,
  serveEmulator,
} from "./emulator-server";
import { Faults } from "./faults";
import type { Reply } from "./reply";

/** A one-route service: POST /work counts the work done; GET /refused answers 401 before any work. */
function testService(overrides: { answer?: () => Promise<Outcome> } = {}) {
  const log: { endpoint: string; status: number; fault?: CallFault }[] = [];
  const seen: { malformed?: unknown; body: string }[] = [];
  let work = 0;
  const service: EmulatedService = {
    name: "test emulator",
    jsonContentType: "application/json; charset=test",
    faults: new Faults(),
    concurrency: { inFlight: 0, peakInFlight: 0 },
    internalError: { status: 500, body: { error: "internal" } },
    faultReply: (failure): Reply =>
      failure.kind === "serverError"
        ? { status: failure.status, body: { error: "unavailable" } }
        : {
            status: 429,
            headers: { "retry-after": String(failure.retryAfterSeconds) },
            body: { error: "slow down" },
          },
    open: ({ method, path, raw }) => {
      const endpoint = `${method} ${path}`;
      return {
        endpoint,
        record: (status, fault) => log.push({ endpoint, status, ...(fault ? { fault } : {}) }),
        answer: async (malformed) => {
          seen.push({ malformed, body: raw.toString("utf8") });
          if (overrides.answer) return overrides.answer();
          if (path === "/refused")
            return { reply: { status: 401, body: { error: "who?" } }, beforeWork: true };
          if (malformed)
            return { reply: { status: 200, body: malformed.body }, fault: "malformed", beforeWork: true };
          if (path === "/page") return { reply: { status: 404, html: "Cannot GET /page" } };
          if (path === "/nothing") return { reply: { status: 204 } };
          work += 1;
          return { reply: { status: 200, body: { work } } };
        },
      };
    },
  };
  return { service, log, seen, work: () => work };
}

let server: EmulatorServer | undefined;
afterEach(async () => {
  await server?.stop();
  server = undefined;
});

async function send(path: string, method = "GET", body?: string) {
  const response = await fetch(`${server!.url}${path}`, { method, body });
  return { status: response.status, headers: response.headers, text: await response.text() };
}

describe("serveEmulator", () => {
  it("writes JSON with the service's content type, pages as HTML, and a 204 with no body", async () => {
    const { service, seen } = testService();
    server = await serveEmulator(service);
    const json = await send("/work", "POST", '{"a":1}');
    expect([json.status, json.headers.get("content-type"), json.text]).toEqual([
      200,
      "application/json; charset=test",
      '{"work":1}',
    ]);
    expect(seen[0]).toEqual({ malformed: undefined, body: '{"a":1}' });
    const page = await send("/page");
    expect([page.status, page.headers.get("content-type"), page.text]).toEqual([
      404,
      "text/html; charset=utf-8",
      "Cannot GET /page",
    ]);
    const empty = await send("/nothing");
    expect([empty.status, empty.headers.get("content-type"), empty.text]).toEqual([204, null, ""]);
  });

  it("answers injected 429s and 5xx in the service's words without doing the work", async () => {
    const { service, log, work } = testService();
    server = await serveEmulator(service);
    service.faults.rateLimitNext(1, 4);
    service.faults.serverErrorNext(1, 503);
    const limited = await send("/work", "POST");
    expect([limited.status, limited.headers.get("retry-after"), limited.text]).toEqual([
      429,
      "4",
      '{"error":"slow down"}',
    ]);
    expect((await send("/work", "POST")).status).toBe(503);
    expect(work()).toBe(0);
    expect(log).toEqual([
      { endpoint: "POST /work", status: 429, fault: "rateLimit" },
      { endpoint: "POST /work", status: 503, fault: "serverError" },
    ]);
  });

  it("drops a call before the work, or after it (the work done, the answer lost)", async () => {
    const { service, log, work } = testService();
    server = await serveEmulator(service);
    service.faults.dropNext(1, "before");
    await expect(send("/work", "POST")).rejects.toThrow();
    expect(work()).toBe(0);
    service.faults.dropNext(1, "after");
    await expect(send("/work", "POST")).rejects.toThrow();
    expect(work()).toBe(1);
    expect(log).toEqual([
      { endpoint: "POST /work", status: 0, fault: "drop" },
      { endpoint: "POST /work", status: 0, fault: "drop" },
    ]);
  });

  it("sends an answer given before the work even under a lost-answer fault, with its own label only", async () => {
    const { service, log } = testService();
    server = await serveEmulator(service);
    service.faults.dropNext(1, "after");
    service.faults.latency(1);
    expect((await send("/refused")).status).toBe(401);
    expect((await send("/work", "POST")).status).toBe(200);
    expect(log).toEqual([
      { endpoint: "GET /refused", status: 401 },
      { endpoint: "POST /work", status: 200, fault: "latency" },
    ]);
  });

  it("hands a malformed-answer fault to the service, which answers in place of the work", async () => {
    const { service, log, seen, work } = testService();
    server = await serveEmulator(service);
    service.faults.malformedNext(1, [{ id: "x" }], "POST /work");
    const reply = await send("/work", "POST");
    expect([reply.status, reply.text]).toEqual([200, '[{"id":"x"}]']);
    expect(seen[0]!.malformed).toEqual({ kind: "malformed", body: [{ id: "x" }] });
    expect(work()).toBe(0);
    expect(log).toEqual([{ endpoint: "POST /work", status: 200, fault: "malformed" }]);
  });

  it("turns an emulator bug into the service's 500 and counts calls in flight", async () => {
    const failing = testService({
      answer: async () => {
        throw new Error("bug");
      },
    });
    const errors: unknown[][] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => errors.push(args);
    try {
      server = await serveEmulator(failing.service);
      const reply = await send("/work", "POST");
      expect([reply.status, reply.text]).toEqual([500, '{"error":"internal"}']);
    } finally {
      console.error = original;
    }
    expect(errors).toEqual([["test emulator:", "bug"]]);
    expect(failing.service.concurrency?.peakInFlight).toBe(1);
  });

  it("stops: the port refuses connections; a second stop rejects", async () => {
    server = await serveEmulator(testService().service);
    const stopped = server;
    server = undefined;
    await stopped.stop();
    await expect(fetch(`${stopped.url}/work`)).rejects.toThrow();
    await expect(stopped.stop()).rejects.toThrow();
  });
});
