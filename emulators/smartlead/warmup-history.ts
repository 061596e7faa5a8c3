import type { EmailAccountRecord, WarmupDayRecord } from "./account-record";

/**
 * A plausible week of warmup for an account of the local world (the demo's mailboxes were created minutes ago, but
 * the report should show what a team sees after a week): volume rising by the account's daily ramp-up from a few
 * emails towards its `total_warmup_per_day`, as Smartlead's warmup guide describes the ramp
 * (https://api.smartlead.ai/guides/email-warmup: "Volume increases gradually based on your daily_rampup setting"),
 * replies at its reply rate, and now and then one email in spam. Deterministic per account id, so runs and
 * screenshots repeat. An account whose warmup is off sent nothing.
 */
export function plausibleWarmupWeek(account: EmailAccountRecord, dates: string[]): WarmupDayRecord[] {
  const w = account.warmup;
  if (w.status !== "ACTIVE") {
    return dates.map((date) => ({ date, sent: 0, spam: 0, delivered: 0, opened: 0, replied: 0 }));
  }
  return dates.map((date, i) => {
    const sent = Math.min(w.perDay, Math.max(1, w.minCount + i * Math.max(1, Math.round(w.dailyRampup / 2))));
    // About two accounts in five have one email in spam in their week: a healthy share (under 2 % of it).
    const spam = (account.id + i) % 17 === 0 ? 1 : 0;
    const delivered = sent - spam;
    const replied = Math.round((delivered * w.replyRate) / 100);
    const opened = Math.max(replied, Math.round(delivered * 0.8));
    return { date, sent, spam, delivered, opened, replied };
  });
}
