/**
 * Fault injection for the Smartlead emulator. A rule matches calls by route template
 * (`POST /email-accounts/save`, a prefix ending in `*`, or any), fires on the next `times` matching calls
 * and/or with a probability. Latency adds delay and lets the call go on; the others replace the answer.
 */

export interface FaultMatch {
  /** Route template as in the call log, or a prefix ending in `*` (`POST /campaigns/*`). */
  route?: string;
}

export type FaultEffect =
  /** 429 with Retry-After, as Smartlead answers when the per-key limit is hit. */
  | { kind: "rateLimit"; retryAfterSeconds: number }
  | { kind: "serverError"; status: 500 | 502 | 503 }
  /** `before`: socket destroyed before the call is handled; `after`: handled (state changed), answer lost. */
  | { kind: "drop"; phase: "before" | "after" }
  /** A 200 whose body is not what the reference documents (for schema-validation tests). */
  | { kind: "malformed"; body: unknown }
  | { kind: "latency"; ms: number | [min: number, max: number] };

export interface FaultRule {
  match?: FaultMatch;
  times?: number;
  probability?: number;
  effect: FaultEffect;
}

function matches(match: FaultMatch | undefined, route: string): boolean {
  if (!match?.route) return true;
  return match.route.endsWith("*") ? route.startsWith(match.route.slice(0, -1)) : route === match.route;
}

export class Faults {
  private rules: FaultRule[] = [];

  constructor(private readonly random: () => number = Math.random) {}

  add(rule: FaultRule): FaultRule {
    const copy = { ...rule };
    this.rules.push(copy);
    return copy;
  }

  clear(): void {
    this.rules = [];
  }

  rateLimitNext(times: number, retryAfterSeconds = 1, route?: string): FaultRule {
    return this.add({ match: { route }, times, effect: { kind: "rateLimit", retryAfterSeconds } });
  }

  serverErrorNext(times: number, status: 500 | 502 | 503 = 500, route?: string): FaultRule {
    return this.add({ match: { route }, times, effect: { kind: "serverError", status } });
  }

  dropNext(times: number, phase: "before" | "after" = "before", route?: string): FaultRule {
    return this.add({ match: { route }, times, effect: { kind: "drop", phase } });
  }

  malformedNext(times: number, body: unknown, route?: string): FaultRule {
    return this.add({ match: { route }, times, effect: { kind: "malformed", body } });
  }

  /** Delay every matching call until cleared: fixed, or uniformly random in [min, max]. */
  latency(ms: number | [number, number], route?: string): FaultRule {
    return this.add({ match: { route }, effect: { kind: "latency", ms } });
  }

  /** A share (0–1) of matching calls fail with `effect` until cleared. */
  percent(probability: number, effect: Exclude<FaultEffect, { kind: "latency" }>, route?: string): FaultRule {
    return this.add({ match: { route }, probability, effect });
  }

  decide(route: string): { latencyMs: number; failure?: Exclude<FaultEffect, { kind: "latency" }> } {
    let latencyMs = 0;
    let failure: Exclude<FaultEffect, { kind: "latency" }> | undefined;
    for (const rule of this.rules) {
      if (!matches(rule.match, route)) continue;
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
