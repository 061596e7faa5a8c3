import { z } from "zod";

/**
 * Smartlead's answers as zod schemas, field names as Smartlead sends them. Only what mailinfra reads is
 * declared; everything else (notably `password` and `imap_password`, which the list and by-id answers carry)
 * is stripped by parsing, so credentials never travel further than the HTTP body.
 *
 * Sources: https://api.smartlead.ai/api-reference/email-accounts/{get-all,get-by-id,add-smtp,add-oauth,update,
 * warmup-settings,delete}, https://api.smartlead.ai/api-reference/campaigns/{get-all,get-by-id,get-email-accounts,
 * add-email-accounts,remove-email-accounts}, the repository behind them (github.com/Smartlead-Public/docs,
 * api-reference/*.mdx and openapi.yaml), and the help-center "API Documentation"
 * (https://helpcenter.smartlead.ai/en/articles/125-full-api-documentation), whose older examples show the
 * save/warmup answers as `{ok, message, emailAccountId, warmupKey}`. Each schema names its page.
 */

export const warmupDetailsSchema = z.object({
  status: z.string(),
  reply_rate: z.number().nullish(),
  // Only the by-id answer carries the per-day numbers (warmup_details.max_email_per_day / warmup_max_count).
  max_email_per_day: z.number().nullish(),
  warmup_max_count: z.number().nullish(),
  blocked_reason: z.string().nullish(),
  warmup_reputation: z.union([z.string(), z.number()]).nullish(),
  /**
   * When the account's warmup started: the list answer calls it `warmup_created_at`
   * (https://api.smartlead.ai/api-reference/email-accounts/get-all), the by-id answer `created_at`
   * (…/get-by-id); both ISO times. The campaign policy counts its warmup days from it.
   */
  warmup_created_at: z.string().nullish(),
  created_at: z.string().nullish(),
});

/**
 * One account of `GET /email-accounts/` (https://api.smartlead.ai/api-reference/email-accounts/get-all: an array,
 * `campaign_ids` with `fetch_campaigns=true`) and `GET /email-accounts/{id}/` (…/get-by-id: the object itself, the
 * long `warmup_details`). Neither page documents which fields may be null; those mailinfra can do without are
 * optional.
 */
export const emailAccountSchema = z.object({
  id: z.number().int(),
  from_name: z.string().nullable(),
  from_email: z.string(),
  username: z.string().nullish(),
  smtp_host: z.string().nullish(),
  smtp_port: z.number().nullish(),
  imap_host: z.string().nullish(),
  imap_port: z.number().nullish(),
  message_per_day: z.number(),
  custom_tracking_domain: z.string().nullish(),
  is_smtp_success: z.boolean().nullish(),
  is_imap_success: z.boolean().nullish(),
  smtp_failure_error: z.string().nullish(),
  imap_failure_error: z.string().nullish(),
  type: z.string().nullish(),
  client_id: z.number().nullish(),
  warmup_details: warmupDetailsSchema.nullish(),
  /** Present when asked with `fetch_campaigns=true`. */
  campaign_ids: z.array(z.number().int()).optional(),
});
export type EmailAccount = z.infer<typeof emailAccountSchema>;

export const emailAccountListSchema = z.array(emailAccountSchema);

/** A count as Smartlead sends it: a number, or a numeric string as some of its answers carry counts. */
const warmupCount = z.union([z.number().int().nonnegative(), z.string().regex(/^\d+$/).transform(Number)]);

/** One day of `daily_stats` (the reference page's example also carries delivered, opened, replied: not read). */
const warmupStatsDaySchema = z.object({
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}/, "expected a YYYY-MM-DD date"),
  sent: warmupCount,
  spam: warmupCount,
});

/**
 * `GET /email-accounts/{id}/warmup-stats`, "warmup email statistics for the last 7 days"
 * (https://api.smartlead.ai/api-reference/email-accounts/warmup-stats, source Smartlead-Public/docs
 * api-reference/email-accounts/warmup-stats.mdx): `{total_sent, spam_count, reputation_score, daily_stats: [{date,
 * sent, spam, delivered, opened, replied}]}`. The same repository's openapi.yaml (`WarmupStats`) documents another
 * form without a daily breakdown, `{total_sent, total_inbox, total_spam, warmup_reputation, days_in_warmup}`, and an
 * older revision of the page a placeholder `{success: true, data: {}}`. The pages disagree and none says which the
 * live API sends, so all three are accepted (the wrapped form unwrapped); a form without `daily_stats` gives no days.
 */
const dailyWarmupStats = z.object({
  total_sent: warmupCount.nullish(),
  spam_count: warmupCount.nullish(),
  reputation_score: z.union([z.number(), z.string()]).nullish(),
  daily_stats: z.array(warmupStatsDaySchema),
});
const totalWarmupStats = z
  .object({
    total_sent: warmupCount.nullish(),
    total_inbox: warmupCount.nullish(),
    total_spam: warmupCount.nullish(),
    warmup_reputation: z.union([z.number(), z.string()]).nullish(),
    days_in_warmup: z.number().nullish(),
  })
  .refine(
    (s) => s.total_sent != null || s.total_spam != null || s.warmup_reputation != null,
    "no warmup statistics in the answer (neither daily_stats nor total_sent, total_spam, warmup_reputation)",
  );
const warmupStatsForms = z.union([dailyWarmupStats, totalWarmupStats]);
export const warmupStatsSchema = z
  .union([z.object({ success: z.literal(true), data: warmupStatsForms }), warmupStatsForms])
  .transform((answer) => {
    const stats = "data" in answer ? answer.data : answer;
    if ("daily_stats" in stats) {
      return {
        days: stats.daily_stats.map((d) => ({ date: d.date.slice(0, 10), sent: d.sent, spam: d.spam })),
        totalSent: stats.total_sent ?? undefined,
        totalSpam: stats.spam_count ?? undefined,
        reputation: reputationPercent(stats.reputation_score),
      };
    }
    return {
      days: undefined,
      totalSent: stats.total_sent ?? undefined,
      totalSpam: stats.total_spam ?? undefined,
      reputation: reputationPercent(stats.warmup_reputation),
    };
  });
/** The warmup stats as mailinfra reads them; `days` undefined when the answer had no daily breakdown. */
export type WarmupStats = z.output<typeof warmupStatsSchema>;

/**
 * Smartlead's warmup reputation in percent: a number (`95`, the get-by-id page) or a string (`"100%"`, the list
 * answers the help center shows). Undefined when it is neither.
 */
export function reputationPercent(value: string | number | null | undefined): number | undefined {
  if (typeof value === "number") return Number.isFinite(value) ? value : undefined;
  if (typeof value !== "string") return undefined;
  const match = /^\s*(\d+(?:\.\d+)?)\s*%?\s*$/.exec(value);
  return match ? Number(match[1]) : undefined;
}

/** Help center "API Documentation" (https://helpcenter.smartlead.ai/en/articles/125-full-api-documentation). */
const legacySaveAnswer = z.object({
  ok: z.literal(true),
  message: z.string().optional(),
  emailAccountId: z.number().int(),
  warmupKey: z.string().nullish(),
});
/** https://api.smartlead.ai/api-reference/email-accounts/add-smtp: `{ok, message, data: {id, from_email, …}}`. */
const currentSaveAnswer = z.object({
  ok: z.literal(true),
  message: z.string().optional(),
  data: z.object({ id: z.number().int() }),
});
/** Smartlead-Public/docs api-reference/openapi.yaml, `/v1/email-accounts/save` and `save-oauth`: `{ok, id}`. */
const openapiSaveAnswer = z.object({ ok: z.literal(true), id: z.number().int() });

/**
 * `POST /email-accounts/save`: the three documented forms above are accepted; only the id is read. (The
 * repository's add-smtp.mdx shows a placeholder `{success: true, data: {}}` without an id; a save answer without
 * an id is refused as an unexpected shape.)
 */
export const saveAnswerSchema = z
  .union([legacySaveAnswer, currentSaveAnswer, openapiSaveAnswer])
  .transform((a) => ({ emailAccountId: "data" in a ? a.data.id : "id" in a ? a.id : a.emailAccountId }));

/**
 * `POST /email-accounts/save-oauth` (https://api.smartlead.ai/api-reference/email-accounts/add-oauth):
 * `{ok: true, message, data: {id, from_email, type, is_smtp_success, is_imap_success}}`; the openapi.yaml form
 * `{ok, id}` is accepted too. Only the id is read.
 */
export const saveOauthAnswerSchema = z
  .union([currentSaveAnswer, openapiSaveAnswer])
  .transform((a) => ({ emailAccountId: "data" in a ? a.data.id : a.id }));

/**
 * `POST /email-accounts/{id}` (https://api.smartlead.ai/api-reference/email-accounts/update) and
 * `POST /email-accounts/{id}/warmup` (…/warmup-settings): `{ok: true, message}`; `DELETE /email-accounts/{id}`
 * (…/delete): `{ok: true, message, emailAccountId}`. Nothing but `ok` is read.
 */
export const okAnswerSchema = z.object({ ok: z.literal(true), message: z.string().optional() });

/**
 * `POST /campaigns/{id}/email-accounts` (https://api.smartlead.ai/api-reference/campaigns/add-email-accounts):
 * `{"success": true, "data": {}}`; the help center's older `{ok: true, result: [...]}` is accepted too.
 * Nothing but the success flag is read.
 */
export const addToCampaignAnswerSchema = z.union([
  z.object({ success: z.literal(true), data: z.unknown() }),
  z.object({ ok: z.literal(true), result: z.unknown() }),
]);

/**
 * `DELETE /campaigns/{id}/email-accounts` (https://api.smartlead.ai/api-reference/campaigns/remove-email-accounts):
 * `{"success": true, "data": {"message", "removed_count"}}`; the help center's `{ok: true, result: <count>}` too.
 */
export const removeFromCampaignAnswerSchema = z.union([
  z.object({ success: z.literal(true), data: z.unknown() }),
  z.object({ ok: z.literal(true), result: z.unknown() }),
]);

/**
 * `GET /campaigns/{id}/email-accounts` (https://api.smartlead.ai/api-reference/campaigns/get-email-accounts):
 * "Response Format: array" of accounts (id, from_email, …), while the page's example is `{success, data}`; both are
 * accepted. Only id and from_email are read.
 */
export const campaignMemberSchema = z.object({ id: z.number().int(), from_email: z.string() });
export const campaignMembersSchema = z
  .union([z.array(campaignMemberSchema), z.object({ data: z.array(campaignMemberSchema) })])
  .transform((a) => (Array.isArray(a) ? a : a.data));

/**
 * `GET /campaigns`: https://api.smartlead.ai/api-reference/campaigns/get-all says "Returns direct array of
 * campaign objects (not wrapped)", newest first, every campaign in one answer (no pagination), yet lists
 * `success` and `campaigns` as response fields; both forms are accepted. Only the id is read.
 */
export const campaignSummarySchema = z.object({ id: z.number().int(), name: z.string().nullish() });
export const campaignListSchema = z
  .union([
    z.array(campaignSummarySchema),
    z.object({ campaigns: z.array(campaignSummarySchema) }),
    z.object({ data: z.array(campaignSummarySchema) }),
  ])
  .transform((a) => (Array.isArray(a) ? a : "campaigns" in a ? a.campaigns : a.data));

/**
 * `GET /campaigns/{id}`: https://api.smartlead.ai/api-reference/campaigns/get-by-id answers 404 when the
 * campaign does not exist or the key has no access to it; its 200 example is `{success, data}`, the help
 * center's a bare campaign. Only the status matters, so any 200 body is accepted.
 */
export const campaignAnswerSchema = z.unknown();

/**
 * Error bodies come in several documented forms, all fields optional: `{error: "Resource not found"}` and
 * `{error: "Invalid parameters provided"}` (the campaign pages), `{message: "Invalid API Key"}` (401),
 * `{ok: false, message, errorCode, emailAccountId}` (save, delete), `{error: {code, message}}`
 * (https://api.smartlead.ai/guides/error-handling).
 */
export const errorBodySchema = z.object({
  ok: z.boolean().optional(),
  message: z.string().optional(),
  errorCode: z.string().optional(),
  emailAccountId: z.number().nullish(),
  error: z
    .union([
      z.string(),
      z.object({
        code: z.string().optional(),
        message: z.string().optional(),
        /** Seconds, on a 429 (https://api.smartlead.ai/guides/rate-limits, "Detecting Rate Limits"). */
        retry_after: z.number().nonnegative().optional(),
      }),
    ])
    .optional()
    // An `error` of another shape must not cost the body its errorCode.
    .catch(undefined),
});

/** The body of `POST /email-accounts/save` (api-reference/email-accounts/add-smtp). */
export interface SaveEmailAccountBody {
  id?: number | null;
  from_name: string;
  from_email: string;
  user_name: string;
  password: string;
  smtp_host: string;
  smtp_port: number;
  imap_host: string;
  imap_port: number;
  imap_user_name?: string;
  imap_password?: string;
  max_email_per_day: number;
  custom_tracking_url?: string;
  warmup_enabled: boolean;
  total_warmup_per_day?: number;
  daily_rampup?: number;
  reply_rate_percentage?: number;
  type: "SMTP" | "GMAIL" | "OUTLOOK";
}

/**
 * The body of `POST /email-accounts/save-oauth` (https://api.smartlead.ai/api-reference/email-accounts/add-oauth):
 * the token as Google's token endpoint gave it, `expiry_date` in ms; `use_whitelabel_credentials: true` when the
 * customer's own OAuth client (registered in Smartlead) minted it.
 */
export interface SaveOauthAccountBody {
  id?: number | null;
  from_name: string;
  from_email: string;
  username: string;
  type: "GMAIL" | "OUTLOOK";
  token: {
    token_type: "Bearer";
    access_token: string;
    refresh_token: string;
    expiry_date: number;
    scope: string;
  };
  warmup_enabled: boolean;
  use_whitelabel_credentials: boolean;
  max_email_per_day: number;
  custom_tracking_url?: string;
  total_warmup_per_day?: number;
  daily_rampup?: number;
  reply_rate_percentage?: number;
  client_id?: number;
}

/** `POST /email-accounts/{id}` (api-reference/email-accounts/update): only the fields to change. */
export interface UpdateEmailAccountBody {
  max_email_per_day?: number;
  from_name?: string;
  custom_tracking_url?: string;
}

/** `POST /email-accounts/{id}/warmup` (api-reference/email-accounts/warmup-settings). */
export interface WarmupBody {
  warmup_enabled: boolean;
  total_warmup_per_day?: number;
  daily_rampup?: number;
  reply_rate_percentage?: number;
}
