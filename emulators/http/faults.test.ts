import { describe, expect, it } from "vitest";
import { type CallDescription, Faults } from "./faults";

const call = (endpoint: string, method = "GET", path = "/p"): CallDescription => ({ endpoint, method, path });

/** A fixed sequence of "random" numbers, so shares and latency ranges are exact. */
const sequence =
  (...values: number[]) =>
  () =>
    values.shift() ?? 0;

describe("Faults", () => {
  it("fires a rule on its next `times` matching calls, then retires it", () => {
    const faults = new Faults();
    const rule = faults.serverErrorNext(2, 502, "POST /email-accounts/save");
    expect(faults.decide(call("GET /email-accounts")).failure).toBeUndefined();
    expect(faults.decide(call("POST /email-accounts/save", "POST")).failure).toEqual({
      kind: "serverError",
      status: 502,
    });
    expect(rule.times).toBe(1);
    faults.decide(call("POST /email-accounts/save", "POST"));
    expect(faults.decide(call("POST /email-accounts/save", "POST")).failure).toBeUndefined();
  });

  it("matches a name, a name prefix ending in *, a method, a path prefix, or every call", () => {
    const faults = new Faults();
    faults.dropNext(1, "after", { endpoint: "directory.users.*" });
    faults.dropNext(1, "before", { method: "delete" });
    faults.rateLimitNext(1, 3, { pathPrefix: "/siteVerification/" }, 403);
    faults.malformedNext(1, { ok: "?" });
    expect(faults.decide(call("directory.domains.list")).failure).toEqual({
      kind: "malformed",
      body: { ok: "?" },
    });
    expect(faults.decide(call("directory.users.get")).failure).toEqual({ kind: "drop", phase: "after" });
    expect(faults.decide(call("x", "DELETE")).failure).toEqual({ kind: "drop", phase: "before" });
    expect(faults.decide(call("x", "GET", "/siteVerification/v1/token")).failure).toEqual({
      kind: "rateLimit",
      retryAfterSeconds: 3,
      status: 403,
    });
    expect(faults.decide(call("directory.users.get")).failure).toBeUndefined();
  });

  it("gives a call at most one failure but all its latency; the earlier failure rule wins", () => {
    const faults = new Faults({ random: sequence(0.5) });
    faults.latency(10);
    faults.serverErrorNext(1, 503);
    faults.latency([20, 40]);
    const second = faults.rateLimitNext(1);
    expect(faults.decide(call("a"))).toEqual({
      latencyMs: 40,
      failure: { kind: "serverError", status: 503 },
    });
    expect(second.times).toBe(1);
    expect(faults.decide(call("a")).failure).toEqual({
      kind: "rateLimit",
      retryAfterSeconds: 1,
      status: 429,
    });
  });

  it("hits a share of calls by the random source, and defaults 5xx to the emulator's status", () => {
    const faults = new Faults({ random: sequence(0.1, 0.9), serverErrorStatus: 503 });
    faults.percent(0.5, { kind: "serverError", status: 500 });
    expect(faults.decide(call("a")).failure).toEqual({ kind: "serverError", status: 500 });
    expect(faults.decide(call("a")).failure).toBeUndefined();
    faults.clear();
    faults.serverErrorNext(1);
    expect(faults.decide(call("a")).failure).toEqual({ kind: "serverError", status: 503 });
    expect(new Faults().serverErrorNext(1).effect).toEqual({ kind: "serverError", status: 500 });
  });
});
