import type { Service } from "./api-calls";
import type { ScaledWorld } from "./world-spec";

/**
 * The fewest API calls the APIs allow, and the shortest time any tool could take, for a fleet of `domains`
 * sending domains with `mailboxes` mailboxes in `campaigns` Smartlead campaigns.
 *
 * Minimum calls for `up` (fresh accounts, nothing to adopt):
 *  - Google OAuth: 1 service-account access token (valid an hour; one per run), and per mailbox one access token
 *    from its refresh token: Smartlead's save-oauth takes the token with the refresh token
 *    (https://api.smartlead.ai/api-reference/email-accounts/add-oauth). The token endpoint publishes no limit
 *    that binds here, so these count as calls, not as time.
 *  - Directory: per domain `domains.insert`; per mailbox `users.insert`. Adoption checks are not needed
 *    (the inserts answer 409 on a duplicate).
 *  - Site Verification: per domain `webResource.getToken` (the DNS_TXT token) and `webResource.insert`
 *    (verify). Google accepts the insert only once the token resolves, hence the dependency on DNS.
 *  - Smartlead: per mailbox one `POST /email-accounts/save-oauth` (token, sending limit, tracking domain and
 *    warmup all fit in its body); per campaign one `POST /campaigns/{id}/email-accounts` carrying every id.
 *
 * Minimum calls for `refresh` (a full drift check of every resource):
 *  - Google OAuth: 1; Directory: `domains.list` once (every domain with its `verified` flag) and `users.list`
 *    for the whole customer, 500 users a page (+1 for the admin); Site Verification: none (`verified` says it).
 *  - Smartlead: `GET /email-accounts` with campaign ids, 100 accounts a page.
 *  - DNS: one query per record and resolver (not an API call; no published limit).
 */
export interface FleetSize {
  domains: number;
  mailboxes: number;
  campaigns: number;
}

export type Calls = Record<Service, number>;

export function minimumUpCalls(f: FleetSize): Calls {
  return {
    "google.oauth": 1 + f.mailboxes,
    "google.directory": f.domains + f.mailboxes,
    "google.siteVerification": 2 * f.domains,
    smartlead: f.mailboxes + f.campaigns,
  };
}

export function minimumRefreshCalls(f: FleetSize): Calls {
  return {
    "google.oauth": 1,
    "google.directory": 1 + Math.ceil((f.mailboxes + 1) / 500),
    "google.siteVerification": 0,
    smartlead: Math.ceil(f.mailboxes / 100),
  };
}

/** A limit of `limit` calls per `windowMs`, a fixed window that opens with the first call. */
export interface RateWindow {
  limit: number;
  windowMs: number;
}

/**
 * When call `k` (from 0) can start at the earliest under nested fixed windows that open with the first call
 * (e.g. Smartlead's hour, minute and second): the longest window first, whole windows of it spent, then the
 * next one inside the last. Holds as long as each window's limit can be spent inside the next longer one
 * (1,000 calls at 60 a minute take 17 minutes of the hour; 60 at 10 a second, 6 s of the minute).
 */
export function earliestStartMs(k: number, windows: RateWindow[]): number {
  let remaining = k;
  let startMs = 0;
  for (const w of [...windows].sort((a, b) => b.windowMs - a.windowMs)) {
    const spent = Math.floor(remaining / w.limit);
    startMs += spent * w.windowMs;
    remaining -= spent * w.limit;
  }
  return startMs;
}

/** Time to make `calls` calls under `windows`, the first starting at 0 and each taking `latencyMs`. */
export function rateFloorMs(calls: number, windows: RateWindow[], latencyMs: number): number {
  if (calls <= 0) return 0;
  return earliestStartMs(calls - 1, windows) + latencyMs;
}

/** Smartlead's windows per API key in `world`: the hour, the minute and the burst second, all scaled alike. */
export function smartleadWindows(world: ScaledWorld): RateWindow[] {
  return [
    { limit: world.smartleadPerHour, windowMs: world.hourMs },
    { limit: world.smartleadPerMinute, windowMs: world.minuteMs },
    { limit: world.smartleadPerSecond, windowMs: world.secondMs },
  ];
}

function googleDirectoryWindows(world: ScaledWorld): RateWindow[] {
  return [{ limit: world.googleDirectoryPerMinute, windowMs: world.minuteMs }];
}

/**
 * The bound on the real clock: the scaled world shrinks every API wait by `scale` and the engine's own time
 * not at all, so engine time is judged against this (the time the APIs alone would take for real).
 */
export function realClockFloorMs(bound: Bound, scale: number): number {
  return bound.boundMs / scale;
}

export interface Bound {
  /** The chain no tool can shorten: token → DNS token → registrar + propagation → verify → user → save → campaign. */
  criticalPathMs: number;
  /**
   * Smartlead's limits (hour, minute, burst second per API key, fixed windows) for the minimum number of calls,
   * starting when the first mailbox can be connected.
   */
  smartleadFloorMs: number;
  /** Google Directory's limit for the minimum number of Directory calls. */
  googleFloorMs: number;
  boundMs: number;
  /** What dominates: "critical path", "smartlead rate limit" or "google rate limit". */
  limitedBy: string;
}

function pick(parts: Omit<Bound, "boundMs" | "limitedBy">): Bound {
  const named: [string, number][] = [
    ["critical path", parts.criticalPathMs],
    ["smartlead rate limit", parts.smartleadFloorMs],
    ["google rate limit", parts.googleFloorMs],
  ];
  const [limitedBy, boundMs] = named.reduce((a, b) => (b[1] > a[1] ? b : a));
  return { ...parts, boundMs, limitedBy };
}

/** Latencies use the world's fastest call (its lower end): a bound, not an estimate. */
export function upBound(world: ScaledWorld, f: FleetSize): Bound {
  const call = world.apiLatencyMs[0];
  const propagation = world.registrarLagMs + Math.max(...world.resolverLagsMs);
  // token, getToken | propagation | webResource.insert, users.insert: then the first save can go.
  const beforeFirstSave = 2 * call + propagation + 2 * call;
  const minimum = minimumUpCalls(f);
  return pick({
    criticalPathMs: beforeFirstSave + 2 * call,
    smartleadFloorMs:
      beforeFirstSave + Math.max(rateFloorMs(minimum.smartlead, smartleadWindows(world), call), 2 * call),
    googleFloorMs: call + rateFloorMs(minimum["google.directory"], googleDirectoryWindows(world), call),
  });
}

export function refreshBound(world: ScaledWorld, f: FleetSize): Bound {
  const call = world.apiLatencyMs[0];
  const minimum = minimumRefreshCalls(f);
  // Pages can be fetched in parallel (offsets and page tokens aside), so: a token, then one round of lists.
  return pick({
    criticalPathMs: 2 * call,
    smartleadFloorMs: rateFloorMs(minimum.smartlead, smartleadWindows(world), call),
    googleFloorMs: call + rateFloorMs(minimum["google.directory"], googleDirectoryWindows(world), call),
  });
}
