import { SMARTLEAD_RATE_LIMITS } from "../providers/smartlead/limits";
import { defaultRateLimit } from "../providers/smartlead/rate-limiter";

/**
 * How many Smartlead calls one `npm run health` may spend, and on which mailboxes. Pure: no I/O.
 *
 * Reading the accounts costs one call per 100 mailboxes (`GET /email-accounts/`, fetch_campaigns=true), every run.
 * Warmup stats cost one call per mailbox (`GET /email-accounts/{id}/warmup-stats`): 500 domains × 3 mailboxes would
 * be 1,500 calls, more than the 1,000 an hour Smartlead's Standard plan gives a key
 * (https://api.smartlead.ai/guides/rate-limits), and `pulumi up` spends the same key. So a run fetches warmup stats
 * for at most a quarter of that hour (250 mailboxes), the rest is reported `unknown` ("not fetched this run"), and the
 * mailboxes take turns by day: run after run, every mailbox gets its 7 days. Every call also goes through the key's
 * shared budget (providers/smartlead/rate-limiter.ts), and waits at most one of its minutes for a slot: a key whose
 * hour is spent makes the run report `unknown`, never wait for the hour.
 */

/** The share of Smartlead's hourly limit one health run may spend on warmup stats. */
export const WARMUP_STATS_SHARE_OF_HOUR = 0.25;

/** Warmup-stats calls per run unless `--warmup-stats-limit` says otherwise: 250 on the Standard plan's 1,000. */
export const DEFAULT_WARMUP_STATS_PER_RUN = Math.floor(
  SMARTLEAD_RATE_LIMITS.hour.requests * WARMUP_STATS_SHARE_OF_HOUR,
);

/**
 * The longest a health call waits for its slot in the key's shared budget when its client does not say: the
 * default client's minute window (61 s).
 * A slot further away means the hour (or a 429's Retry-After) holds the key.
 */
export const HEALTH_CALL_MAX_WAIT_MS = defaultRateLimit.intervalMs;

/**
 * The accounts whose warmup stats this run fetches: all of them when they fit in `limit`, otherwise `limit`
 * consecutive accounts (by id, wrapping round) starting where day `day` puts them, so consecutive days cover
 * consecutive slices and every account comes round every ⌈n / limit⌉ days.
 *
 * @param accountIds the Smartlead account ids the run knows (duplicates ignored)
 * @param limit warmup-stats calls allowed in this run (0: none)
 * @param day the run's day, e.g. days since the epoch in UTC (`utcDay`)
 */
export function warmupStatsTurn(accountIds: readonly number[], limit: number, day: number): Set<number> {
  const ids = [...new Set(accountIds)].sort((a, b) => a - b);
  const take = Math.max(0, Math.min(Math.floor(limit), ids.length));
  if (take === ids.length) return new Set(ids);
  const start = (((day * take) % ids.length) + ids.length) % ids.length;
  const chosen = new Set<number>();
  for (let i = 0; i < take; i++) chosen.add(ids[(start + i) % ids.length]!);
  return chosen;
}

/** Whole days since 1970-01-01 in UTC: the rotation's day. */
export function utcDay(at: Date): number {
  return Math.floor(at.getTime() / 86_400_000);
}

/** Runs until an account's turn comes again: ⌈accounts / limit⌉. */
export function runsPerRound(accounts: number, limit: number): number {
  return limit <= 0 ? Number.POSITIVE_INFINITY : Math.max(1, Math.ceil(accounts / limit));
}
