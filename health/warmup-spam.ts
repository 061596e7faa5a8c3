/**
 * Spam share of a mailbox's warmup emails over 7 days above which its warmup is unhealthy: Smartlead's "Spam count
 * should remain very low (< 2% of total sent)" (https://api.smartlead.ai/api-reference/email-accounts/warmup-stats,
 * Usage Notes). The report warns (health/smartlead-mailboxes.ts) and the score charges (health/score.ts) above it.
 */
export const WARMUP_SPAM_SHARE_LIMIT = 0.02;
