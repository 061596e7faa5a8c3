/**
 * Fault injection for the Google emulator. A rule matches calls by endpoint name (`directory.users.insert`,
 * `oauth.token`, ...), HTTP method or path prefix, and fires on the next `times` matching calls and/or with
 * a probability. Latency rules add delay and let the call go on; the others replace the answer.
 */

export interface FaultMatch {
  /** Google method name as in the call log, or a prefix ending in `*` (`directory.users.*`). */
  endpoint?: string;
  method?: string;
  pathPrefix?: string;
}

export type FaultEffect =
  /** 429 rateLimitExceeded (or 403 userRateLimitExceeded) with a Retry-After header. */
  | { kind: "rateLimit"; retryAfterSeconds: number; status?: 429 | 403 }
  | { kind: "serverError"; status: 500 | 502 | 503 }
  /** `before`: the socket is destroyed before the request is handled (nothing changed);
   *  `after`: the request is handled (state changed) and the answer is lost. */
  | { kind: "drop"; phase: "before" | "after" }
  | { kind: "latency"; ms: number | [min: number, max: number] };

export interface FaultRule {
  match?: FaultMatch;
  /** Fire on this many matching calls, then retire. Unset: no count limit. */
  times?: number;
  /** Chance (0–1) that a matching call is hit. Unset: every matching call. */
  probability?: number;
  effect: FaultEffect;
}

export interface CallDescription {
  endpoint: string;
  method: string;
  path: string;
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

  constructor(private readonly random: () => number = Math.random) {}

  add(rule: FaultRule): FaultRule {
    this.rules.push({ ...rule });
    return this.rules[this.rules.length - 1]!;
  }

  clear(): void {
    this.rules = [];
  }

  /** The next `times` matching calls answer 429 (or 403 userRateLimitExceeded) with Retry-After. */
  rateLimitNext(times: number, retryAfterSeconds: number, match?: FaultMatch, status: 429 | 403 = 429) {
    return this.add({ match, times, effect: { kind: "rateLimit", retryAfterSeconds, status } });
  }

  serverErrorNext(times: number, status: 500 | 502 | 503 = 503, match?: FaultMatch) {
    return this.add({ match, times, effect: { kind: "serverError", status } });
  }

  dropNext(times: number, phase: "before" | "after" = "before", match?: FaultMatch) {
    return this.add({ match, times, effect: { kind: "drop", phase } });
  }

  /** Adds latency to every matching call until cleared: a fixed delay or a random one in [min, max]. */
  latency(ms: number | [number, number], match?: FaultMatch) {
    return this.add({ match, effect: { kind: "latency", ms } });
  }

  /** A share (0–1) of matching calls fail with the given effect, until cleared. */
  percent(probability: number, effect: FaultEffect, match?: FaultMatch) {
    return this.add({ match, probability, effect });
  }

  /** Picks what happens to this call: total latency plus at most one failure. Consumes `times`. */
  decide(call: CallDescription): { latencyMs: number; failure?: Exclude<FaultEffect, { kind: "latency" }> } {
    let latencyMs = 0;
    let failure: Exclude<FaultEffect, { kind: "latency" }> | undefined;
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
