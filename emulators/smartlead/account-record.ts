/**
 * What the Smartlead emulator stores per email account, and the JSON shapes Smartlead answers with.
 *
 * Field names and shapes follow Smartlead's public API reference:
 *  - list (`GET /email-accounts/`): https://api.smartlead.ai/api-reference/email-accounts/get-all and the
 *    "Fetch all email accounts associated to a user" example of the older help-center reference
 *    (help.smartlead.ai "API Documentation"): an array of accounts whose `warmup_details` is the short form
 *    {id, status, total_sent_count, total_spam_count, warmup_reputation, warmup_key_id, warmup_created_at,
 *    reply_rate, blocked_reason}. The list answer includes `password`/`imap_password`, as documented.
 *  - by id (`GET /email-accounts/{id}/`): https://api.smartlead.ai/api-reference/email-accounts/get-by-id and
 *    "Fetch Email Account By ID": the long `warmup_details` form adds created_at, warmup_max_count,
 *    warmup_min_count, is_warmup_blocked and max_email_per_day (the warmup emails per day).
 *  - per campaign (`GET /campaigns/{id}/email-accounts`): "List all email accounts per campaign" — the
 *    account without credentials or warmup details.
 */

export type WarmupStatus = "ACTIVE" | "INACTIVE";
export type AccountType = "SMTP" | "GMAIL" | "OUTLOOK" | "ZOHO";

export interface WarmupRecord {
  id: number;
  status: WarmupStatus;
  createdAt: string;
  /** `total_warmup_per_day` of the save/warmup calls; answered as warmup_details.max_email_per_day. */
  perDay: number;
  dailyRampup: number;
  /** `reply_rate_percentage` of the save/warmup calls; answered as warmup_details.reply_rate. */
  replyRate: number;
  warmupKeyId: string;
  blockedReason: string | null;
  totalSentCount: number;
  totalSpamCount: number;
  minCount: number;
  reputation: string;
  /**
   * Warmup per day, as `GET /email-accounts/{id}/warmup-stats` reports it (warmup-stats.ts); set by tests and the
   * local world (`state.setWarmupDays`). Undefined: the emulator's `warmupHistory` option, else zeros.
   */
  days?: WarmupDayRecord[];
}

/** One day of an account's warmup, with the fields of the reference page's `daily_stats` entries. */
export interface WarmupDayRecord {
  /** YYYY-MM-DD (UTC). */
  date: string;
  sent: number;
  spam: number;
  delivered: number;
  opened: number;
  replied: number;
}

export interface EmailAccountRecord {
  id: number;
  userId: number;
  createdAt: string;
  updatedAt: string;
  fromName: string;
  fromEmail: string;
  username: string;
  password: string;
  smtpHost: string;
  smtpPort: number;
  imapHost: string;
  imapPort: number;
  imapUsername: string;
  imapPassword: string;
  messagePerDay: number;
  differentReplyToAddress: string;
  signature: string | null;
  customTrackingDomain: string;
  bccEmail: string | null;
  isSmtpSuccess: boolean;
  isImapSuccess: boolean;
  smtpFailureError: string | null;
  imapFailureError: string | null;
  type: AccountType;
  dailySentCount: number;
  clientId: number | null;
  timeToWaitInMins: number | null;
  isSuspended: boolean;
  /** Smartlead soft-deletes: the row stays, the API no longer shows it. */
  deleted: boolean;
  warmup: WarmupRecord;
  /** Set by `save-oauth`: the tokens Smartlead keeps to refresh; never part of any answer. */
  oauth: OAuthGrant | null;
}

export interface OAuthGrant {
  refreshToken: string;
  accessToken: string;
  /** ms since the epoch, as `token.expiry_date`. */
  expiryDate: number;
  /** The client the token is refreshed with: the registered (whitelabel) one, or Smartlead's shared app. */
  clientId: string;
  whitelabel: boolean;
}

/** Smartlead derives the port type from the port: 465/993 are implicit TLS ("SSL"), others STARTTLS ("TLS"). */
export function portType(port: number): "SSL" | "TLS" {
  return port === 465 || port === 993 ? "SSL" : "TLS";
}

function common(account: EmailAccountRecord) {
  return {
    id: account.id,
    created_at: account.createdAt,
    updated_at: account.updatedAt,
    user_id: account.userId,
    from_name: account.fromName,
    from_email: account.fromEmail,
    username: account.username,
    smtp_host: account.smtpHost,
    smtp_port: account.smtpPort,
    smtp_port_type: portType(account.smtpPort),
    message_per_day: account.messagePerDay,
    different_reply_to_address: account.differentReplyToAddress,
    is_different_imap_account:
      account.imapUsername !== account.username || account.imapPassword !== account.password,
    imap_username: account.imapUsername,
    imap_host: account.imapHost,
    imap_port: account.imapPort,
    imap_port_type: portType(account.imapPort),
    signature: account.signature,
    custom_tracking_domain: account.customTrackingDomain,
    bcc_email: account.bccEmail,
    is_smtp_success: account.isSmtpSuccess,
    is_imap_success: account.isImapSuccess,
    smtp_failure_error: account.smtpFailureError,
    imap_failure_error: account.imapFailureError,
    type: account.type,
    daily_sent_count: account.dailySentCount,
  };
}

export function listShape(account: EmailAccountRecord, campaignIds: number[], fetchCampaigns: boolean) {
  const w = account.warmup;
  return {
    ...common(account),
    minTimeToWaitInMins: account.timeToWaitInMins,
    password: account.password,
    imap_password: account.imapPassword,
    client_id: account.clientId,
    campaign_count: campaignIds.length,
    warmup_details: {
      id: w.id,
      status: w.status,
      total_sent_count: w.totalSentCount,
      total_spam_count: w.totalSpamCount,
      warmup_reputation: w.reputation,
      warmup_key_id: w.warmupKeyId,
      warmup_created_at: w.createdAt,
      reply_rate: w.replyRate,
      blocked_reason: w.blockedReason,
    },
    ...(fetchCampaigns ? { campaign_ids: campaignIds } : {}),
  };
}

export function detailShape(account: EmailAccountRecord, campaignIds: number[], fetchCampaigns: boolean) {
  const w = account.warmup;
  return {
    ...common(account),
    password: account.password,
    imap_password: account.imapPassword,
    client_id: account.clientId,
    warmup_details: {
      id: w.id,
      status: w.status,
      created_at: w.createdAt,
      reply_rate: w.replyRate,
      warmup_key_id: w.warmupKeyId,
      blocked_reason: w.blockedReason,
      total_sent_count: w.totalSentCount,
      total_spam_count: w.totalSpamCount,
      warmup_max_count: w.perDay,
      warmup_min_count: w.minCount,
      is_warmup_blocked: w.blockedReason !== null,
      max_email_per_day: w.perDay,
      warmup_reputation: w.reputation,
    },
    ...(fetchCampaigns ? { campaign_ids: campaignIds } : {}),
  };
}

export function campaignMemberShape(account: EmailAccountRecord) {
  return common(account);
}
