/**
 * Fault injection for the HTTP emulators (Google, Smartlead). A rule matches calls by the name the emulator's
 * call log gives them — Google's method (`directory.users.insert`, `oauth.token`), Smartlead's route template
 * (`POST /email-accounts/save`) — or a prefix of it ending in `*`, and/or by HTTP method and path prefix. It
 * fires on the next `times` matching calls and/or with a probability. Latency adds delay and lets the call go
 * on; the other effects replace the answer (each emulator renders them as its service would).
 */

export interface FaultMatch {
  /** The call's name as in the call log, or a prefix ending in `*` (`directory.users.*`, `POST /campaigns/*`). */
  endpoint?: string;
  method?: string;
  pathPrefix?: string;
}

/** Which calls a rule hits: a match, a bare call name (`"GET /email-accounts"`), or every call. */
export type FaultTarget = FaultMatch | string | undefined;

export type FaultEffect =
  /** 429 with Retry-After (Google: 403 userRateLimitExceeded with `status: 403`; Smartlead always 429). */
  | { kind: "rateLimit"; retryAfterSeconds: number; status?: 429 | 403 }
  | { kind: "serverError"; status: 500 | 502 | 503 }
  /** `before`: the socket is destroyed before the call is handled (nothing changed);
   *  `after`: the call is handled (state changed) and the answer is lost. */
  | { kind: "drop"; phase: "before" | "after" }
  /** A 200 whose body is not what the reference documents (schema-validation tests); the call is not handled. */
  | { kind: "malformed"; body: unknown }
  | { kind: "latency"; ms: number | [min: number, max: number] };

/** What replaces a call's answer. */
export type FaultFailure = Exclude<FaultEffect, { kind: "latency" }>;

/** The failure the emulator itself renders in place of the work, after its own credential checks. */
export type MalformedFault = Extract<FaultEffect, { kind: "malformed" }>;

export interface FaultRule {
  match?: FaultMatch;
  /** Fire on this many matching calls, then retire. Unset: no count limit. */
  times?: number;
  /** Chance (0–1) that a matching call is hit. Unset: every matching call. */
  probability?: number;
  effect: FaultEffect;
}

export interface CallDescription {
  /** The call's name in the emulator's call log. */
  endpoint: string;
  method: string;
  path: string;
}

export interface FaultsOptions {
  /** Source of randomness for probabilistic rules and latency ranges. @default Math.random */
  random?: () => number;
  /** Status of `serverErrorNext` when the caller names none. @default 500 */
  serverErrorStatus?: 500 | 502 | 503;
}

function targetMatch(target: FaultTarget): FaultMatch | undefined {
  return typeof target === "string" ? { endpoint: target } : target;
}

function matches(match: FaultMatch | undefined, call: CallDescription): boolean {
  if (!match) return true;
  if (match.method && match.method.toUpperCase() !== call.method) return false;
  if (match.pathPrefix && !call.path.startsWith(match.pathPrefix)) return false;
  if (match.endpoint) {
    if (match.endpoint.endsWith("*")) {
      if (!call.endpoint.startsWith(match.endpoint.slice(0, -1))) return false;
    } else if (match.endpoint !== call.endpoint) return false;
  }
  return true;
}

export class Faults {
  private rules: FaultRule[] = [];
  private readonly random: () => number;
  private readonly serverErrorStatus: 500 | 502 | 503;

  constructor(options: FaultsOptions = {}) {
    this.random = options.random ?? Math.random;
    this.serverErrorStatus = options.serverErrorStatus ?? 500;
  }

  /** Adds a rule; the returned object is the live rule (its `times` counts down). */
  add(rule: FaultRule): FaultRule {
    const live = { ...rule };
    this.rules.push(live);
    return live;
  }

  clear(): void {
    this.rules = [];
  }

  /** The next `times` matching calls answer 429 (or Google's 403 userRateLimitExceeded) with Retry-After. */
  rateLimitNext(times: number, retryAfterSeconds = 1, target?: FaultTarget, status: 429 | 403 = 429) {
    return this.add({
      match: targetMatch(target),
      times,
      effect: { kind: "rateLimit", retryAfterSeconds, status },
    });
  }

  serverErrorNext(times: number, status: 500 | 502 | 503 = this.serverErrorStatus, target?: FaultTarget) {
    return this.add({ match: targetMatch(target), times, effect: { kind: "serverError", status } });
  }

  dropNext(times: number, phase: "before" | "after" = "before", target?: FaultTarget) {
    return this.add({ match: targetMatch(target), times, effect: { kind: "drop", phase } });
  }

  malformedNext(times: number, body: unknown, target?: FaultTarget) {
    return this.add({ match: targetMatch(target), times, effect: { kind: "malformed", body } });
  }

  /** Adds latency to every matching call until cleared: a fixed delay or a random one in [min, max]. */
  latency(ms: number | [number, number], target?: FaultTarget) {
    return this.add({ match: targetMatch(target), effect: { kind: "latency", ms } });
  }

  /** A share (0–1) of matching calls get `effect`, until cleared. */
  percent(probability: number, effect: FaultEffect, target?: FaultTarget) {
    return this.add({ match: targetMatch(target), probability, effect });
  }

  /** Picks what happens to this call: total latency plus at most one failure. Consumes `times`. */
  decide(call: CallDescription): { latencyMs: number; failure?: FaultFailure } {
    let latencyMs = 0;
    let failure: FaultFailure | undefined;
    for (const rule of this.rules) {
      if (!matches(rule.match, call)) continue;
      if (rule.times !== undefined && rule.times <= 0) continue;
      if (rule.effect.kind !== "latency" && failure) continue;
      if (rule.probability !== undefined && this.random() >= rule.probability) continue;
      if (rule.times !== undefined) rule.times -= 1;
      if (rule.effect.kind === "latency") {
        const ms = rule.effect.ms;
        latencyMs += Array.isArray(ms) ? ms[0] + this.random() * (ms[1] - ms[0]) : ms;
      } else {
        failure = rule.effect;
      }
    }
    this.rules = this.rules.filter((rule) => rule.times === undefined || rule.times > 0);
    return { latencyMs, failure };
  }
}
