import type { Service } from "./api-calls";
import type { ScaledWorld } from "./world-spec";

/**
 * The fewest API calls the APIs allow, and the shortest time any tool could take, for a fleet of `domains`
 * sending domains with `mailboxes` mailboxes in `campaigns` Smartlead campaigns.
 *
 * Minimum calls for `up` (fresh accounts, nothing to adopt):
 *  - Google OAuth: 1 access token (valid an hour; one per run).
 *  - Directory: per domain `domains.insert`; per mailbox `users.insert`. Adoption checks are not needed
 *    (the inserts answer 409 on a duplicate).
 *  - Site Verification: per domain `webResource.getToken` (the DNS_TXT token) and `webResource.insert`
 *    (verify). Google accepts the insert only once the token resolves, hence the dependency on DNS.
 *  - Smartlead: per mailbox one `POST /email-accounts/save` (credentials, sending limit, tracking domain and
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
    "google.oauth": 1,
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

/**
 * Time to make `calls` calls against a fixed window of `limit` calls per `windowMs` (the window opens with
 * the first call), the first starting at 0 and each taking `latencyMs`: the last one starts in window
 * ⌈calls/limit⌉ − 1.
 */
export function rateFloorMs(calls: number, limit: number, windowMs: number, latencyMs: number): number {
  if (calls <= 0) return 0;
  return Math.floor((calls - 1) / limit) * windowMs + latencyMs;
}

export interface Bound {
  /** The chain no tool can shorten: token → DNS token → registrar + propagation → verify → user → save → campaign. */
  criticalPathMs: number;
  /** Smartlead's limit for the minimum number of calls, starting when the first mailbox can be connected. */
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
      beforeFirstSave +
      Math.max(rateFloorMs(minimum.smartlead, world.smartleadPerMinute, world.minuteMs, call), 2 * call),
    googleFloorMs:
      call + rateFloorMs(minimum["google.directory"], world.googleDirectoryPerMinute, world.minuteMs, call),
  });
}

export function refreshBound(world: ScaledWorld, f: FleetSize): Bound {
  const call = world.apiLatencyMs[0];
  const minimum = minimumRefreshCalls(f);
  // Pages can be fetched in parallel (offsets and page tokens aside), so: a token, then one round of lists.
  return pick({
    criticalPathMs: 2 * call,
    smartleadFloorMs: rateFloorMs(minimum.smartlead, world.smartleadPerMinute, world.minuteMs, call),
    googleFloorMs:
      call + rateFloorMs(minimum["google.directory"], world.googleDirectoryPerMinute, world.minuteMs, call),
  });
}
