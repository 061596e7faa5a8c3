import { z } from "zod";

/**
 * When a domain's mailboxes may join their campaigns (`campaignPolicy`, per domain or in `mailinfra:defaults`):
 * after a warmup period, while the domain is on no blocklist, and while its health score is at or above a
 * threshold. Until then `pulumi up` reports each such mailbox as waiting (one line each and the stack output
 * `waitingMailboxes`), never as an error; the next `up` after the conditions hold assigns it.
 * ```yaml
 * campaignPolicy:
 *   warmupDays: 14       # days of Smartlead warmup before a mailbox joins its campaigns
 *   minHealthScore: 70   # the domain's health score (npm run health's formula) it needs
 *   whenListed: keep     # keep | leave: what a listing does to mailboxes already in campaigns
 * ```
 */

/** The documented defaults, the one place they are set. */
export const CAMPAIGN_POLICY_DEFAULTS = {
  /** Smartlead's warmup guide marks day 14 "Ready for campaigns" (https://api.smartlead.ai/guides/email-warmup). */
  warmupDays: 14,
  /** health/score.ts: below 70 a domain is `critical`. */
  minHealthScore: 70,
  whenListed: "keep",
} as const;

/** The longest warmup period a setting may ask for: a year. */
export const MAX_WARMUP_DAYS = 365;

/**
 * What a blocklist listing does to the domain's mailboxes that are already in campaigns:
 * - `keep`: they stay in the campaigns they are in (their history and sending stay as they are); mailboxes not in
 *   their campaigns yet join none, and `up` names the listing on one line each;
 * - `leave`: every mailbox of the listed domain leaves its campaigns (Smartlead keeps the account, its warmup and
 *   the campaigns' history of what it sent) and joins them again at the first `up` after the listing is gone.
 */
export const WHEN_LISTED = ["keep", "leave"] as const;

/** A whole number from `min` to `max` for `setting`, with the fix a person needs. */
function wholeNumber(min: number, max: number, setting: string, unit: string) {
  return z.int({ error: `must be a whole number of ${unit}` }).refine((n) => n >= min && n <= max, {
    error: (issue) => `must be from ${min} to ${max} ${unit}, not ${String(issue.input)}`,
    params: { fix: `Set campaignPolicy.${setting} to a whole number from ${min} to ${max}.` },
  });
}

export const campaignPolicyInputSchema = z.strictObject({
  /**
   * Days a mailbox warms up in Smartlead before it joins its campaigns, counted from the warmup start Smartlead
   * reports for its account (`warmup_details.warmup_created_at`). `0` lets mailboxes join at once.
   * @default 14
   */
  warmupDays: wholeNumber(0, MAX_WARMUP_DAYS, "warmupDays", "days").default(
    CAMPAIGN_POLICY_DEFAULTS.warmupDays,
  ),
  /**
   * The domain's health score (0-100, the formula of `npm run health`, health/score.ts) below which its mailboxes
   * do not join campaigns. `0` turns the score condition off (a listing still holds mailboxes back).
   * @default 70
   */
  minHealthScore: wholeNumber(0, 100, "minHealthScore", "points").default(
    CAMPAIGN_POLICY_DEFAULTS.minHealthScore,
  ),
  /**
   * What a listing does to mailboxes already in campaigns: `keep` them there, or `leave` (out of every campaign
   * until the listing is gone).
   * @default "keep"
   */
  whenListed: z.enum(WHEN_LISTED).default(CAMPAIGN_POLICY_DEFAULTS.whenListed),
});

/** One domain's campaign policy with every default filled in. */
export const campaignPolicySchema = z.object({
  warmupDays: z.int(),
  minHealthScore: z.int(),
  whenListed: z.enum(WHEN_LISTED),
});
export type CampaignPolicy = z.infer<typeof campaignPolicySchema>;
