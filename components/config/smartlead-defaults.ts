/**
 * Smartlead settings a mailbox gets when neither it nor its domain says otherwise. From the seeds: warmup
 * on, 40 warmup emails a day rising by 5 a day, at most 50 campaign emails a day. Reply rate 30 %, the
 * middle of the range Smartlead suggests. `disconnect` keeps the account's history in Smartlead on destroy.
 */
export const SMARTLEAD_DEFAULTS = {
  enabled: true,
  warmup: { enabled: true, perDay: 40, dailyRampup: 5, replyRate: 30 },
  maxEmailsPerDay: 50,
  onDelete: "disconnect",
} as const;
