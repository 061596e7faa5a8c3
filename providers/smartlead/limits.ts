/**
 * What Smartlead accepts for an email account's sending and warmup settings, and what a mailbox gets when its
 * configuration says nothing. The one definition: the config schema (components/config/schema.ts) and the
 * provider's input check (email-account-inputs.ts) both import these, so a value the config accepts is a value
 * Smartlead accepts. Plain data, no imports: components and providers can load it without @pulumi/pulumi.
 */

/** An inclusive range of whole numbers. */
export interface WholeNumberRange {
  min: number;
  max: number;
}

/**
 * Warmup ranges from Smartlead's API reference for POST /email-accounts/{id}/warmup
 * (https://api.smartlead.ai/api-reference/email-accounts/warmup-settings): total_warmup_per_day 1–50,
 * daily_rampup 5–20, reply_rate_percentage 20–100.
 *
 * Emails per day: Smartlead documents no range for max_email_per_day
 * (https://api.smartlead.ai/api-reference/email-accounts/add-smtp); the ceiling that binds a mailinfra mailbox
 * is Google Workspace's 2,000 messages per user per day (https://support.google.com/a/answer/166852).
 */
export const SMARTLEAD_LIMITS = {
  /** `warmup.perDay` → total_warmup_per_day. */
  warmupPerDay: { min: 1, max: 50 },
  /** `warmup.dailyRampup` → daily_rampup. */
  dailyRampup: { min: 5, max: 20 },
  /** `warmup.replyRate` → reply_rate_percentage. */
  replyRate: { min: 20, max: 100 },
  /** `maxEmailsPerDay` → max_email_per_day. */
  maxEmailsPerDay: { min: 1, max: 2000 },
} as const satisfies Record<string, WholeNumberRange>;

/**
 * Settings a mailbox gets when neither it nor its domain says otherwise. From the seeds: warmup on, 40 warmup
 * emails a day rising by 5 a day (Smartlead's lowest ramp-up), at most 50 campaign emails a day. Reply rate
 * 30 %, what Smartlead's own examples use. `disconnect` keeps the account's history in Smartlead on destroy.
 */
export const SMARTLEAD_DEFAULTS = {
  enabled: true,
  warmup: { enabled: true, perDay: 40, dailyRampup: 5, replyRate: 30 },
  maxEmailsPerDay: 50,
  onDelete: "disconnect",
} as const;

/** Requests one API key may make in a window of `windowMs`. */
export interface RequestWindow {
  requests: number;
  windowMs: number;
}

/**
 * Smartlead's request limits per API key, across all endpoints combined, for the Standard tier (Pro: 120 a minute,
 * 3,000 an hour, 20 a second): https://api.smartlead.ai/guides/rate-limits ("Rate Limit Structure"). The older
 * https://api.smartlead.ai/reference/rate-limits names only the minute ("60 requests per 60 seconds per API key").
 * Neither page says whether a window is fixed or sliding. The emulator enforces all three
 * (emulators/smartlead/rate-limit.ts); the client paces to all three (providers/smartlead/rate-limiter.ts).
 */
export const SMARTLEAD_RATE_LIMITS = {
  minute: { requests: 60, windowMs: 60_000 },
  /** "Burst Limit: 10 requests/second". */
  burst: { requests: 10, windowMs: 1_000 },
  /** The table's "Requests per Hour" column: 1,000. */
  hour: { requests: 1_000, windowMs: 3_600_000 },
} as const satisfies Record<string, RequestWindow>;
