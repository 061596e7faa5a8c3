import type { Reply } from "../http/reply";
import type { EmailAccountRecord, WarmupDayRecord } from "./account-record";
import { type ApiCall, idParam } from "./api-call";

/**
 * `GET /email-accounts/{id}/warmup-stats`: "warmup email statistics for the last 7 days", "automatically aggregated
 * for the last 7 days from the current date" (https://api.smartlead.ai/api-reference/email-accounts/warmup-stats,
 * source Smartlead-Public/docs api-reference/email-accounts/warmup-stats.mdx). The answer has the page's 200 shape:
 * `{total_sent, spam_count, reputation_score, daily_stats: [{date, sent, spam, delivered, opened, replied}]}`, one
 * entry per day, oldest first, today included. The page's 404 body is `{message: "Email account not found", status:
 * "error"}`. (The same repository's openapi.yaml documents a totals-only form; the client accepts both, the
 * emulator answers the page's.) Which days the live API includes (today? days without warmup?) is not documented:
 * the emulator answers all seven.
 */

/** Days the endpoint covers. */
export const WARMUP_STATS_DAYS = 7;

/** Makes an account's days when nobody set them (`state.setWarmupDays`): the local world's plausible week. */
export type WarmupHistory = (account: EmailAccountRecord, dates: string[]) => WarmupDayRecord[];

export function getWarmupStats(call: ApiCall, history: WarmupHistory | undefined): Reply {
  const id = idParam(call, "id");
  const account = id === undefined ? undefined : call.state.account(id, call.userId);
  if (!account) return { status: 404, body: { message: "Email account not found", status: "error" } };
  const dates = lastDates(new Date(), WARMUP_STATS_DAYS);
  const recorded = new Map((account.warmup.days ?? history?.(account, dates) ?? []).map((d) => [d.date, d]));
  const days = dates.map((date) => recorded.get(date) ?? emptyDay(date));
  const totalSent = days.reduce((sum, d) => sum + d.sent, 0);
  const spam = days.reduce((sum, d) => sum + d.spam, 0);
  return {
    status: 200,
    body: {
      total_sent: totalSent,
      spam_count: spam,
      reputation_score: Number.parseFloat(account.warmup.reputation) || 0,
      daily_stats: days,
    },
  };
}

/** The `count` dates up to `today` (UTC), oldest first. */
export function lastDates(today: Date, count: number): string[] {
  const end = Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate());
  return Array.from({ length: count }, (_, i) =>
    new Date(end - (count - 1 - i) * 86_400_000).toISOString().slice(0, 10),
  );
}

function emptyDay(date: string): WarmupDayRecord {
  return { date, sent: 0, spam: 0, delivered: 0, opened: 0, replied: 0 };
}
