import { z } from "zod";
import { mailServerLoginSchema } from "../mailbox-login/mail-server-login";
import { SMARTLEAD_DEFAULTS, SMARTLEAD_LIMITS, type WholeNumberRange } from "./limits";
import { smartleadBaseUrl } from "./smartlead-client";

/** A whole number within one of Smartlead's ranges; the message names the range and Smartlead's field. */
function smartleadRange(range: WholeNumberRange, field: string) {
  const message = `must be a whole number from ${range.min} to ${range.max} (Smartlead's ${field})`;
  return z.number().int(message).min(range.min, message).max(range.max, message);
}

/**
 * Inputs of a SmartleadEmailAccount, validated before anything is created. Ranges and defaults are
 * Smartlead's, from ./limits (the config schema checks the same ones at preview).
 */
export const warmupSettingsSchema = z.object({
  enabled: z.boolean().default(SMARTLEAD_DEFAULTS.warmup.enabled),
  perDay: smartleadRange(SMARTLEAD_LIMITS.warmupPerDay, "total_warmup_per_day").default(
    SMARTLEAD_DEFAULTS.warmup.perDay,
  ),
  dailyRampup: smartleadRange(SMARTLEAD_LIMITS.dailyRampup, "daily_rampup").default(
    SMARTLEAD_DEFAULTS.warmup.dailyRampup,
  ),
  replyRate: smartleadRange(SMARTLEAD_LIMITS.replyRate, "reply_rate_percentage").default(
    SMARTLEAD_DEFAULTS.warmup.replyRate,
  ),
});

const defaultLoginCheck = { enabled: true, allowSelfSignedCertificates: false, timeoutMs: 15_000 };

export const emailAccountInputsSchema = z.object({
  fromName: z.string().trim().min(1, "fromName must not be empty"),
  fromEmail: z.email("fromEmail must be an email address").transform((e) => e.toLowerCase()),
  smtp: mailServerLoginSchema,
  imap: mailServerLoginSchema,
  maxEmailsPerDay: smartleadRange(SMARTLEAD_LIMITS.maxEmailsPerDay, "max_email_per_day").default(
    SMARTLEAD_DEFAULTS.maxEmailsPerDay,
  ),
  warmup: warmupSettingsSchema.default({ ...SMARTLEAD_DEFAULTS.warmup }),
  /** Smartlead's custom_tracking_url: the tracking domain (a CNAME to Smartlead's tracker). */
  customTrackingUrl: z.string().trim().default(""),
  campaignIds: z
    .array(z.number().int().positive("campaign ids are positive integers"))
    .default([])
    .transform((ids) => [...new Set(ids)].sort((a, b) => a - b)),
  onDelete: z.enum(["disconnect", "delete"]).default(SMARTLEAD_DEFAULTS.onDelete),
  apiKey: z.string().min(1, "apiKey is required (Smartlead → Settings → API key)"),
  baseUrl: z.url().default(smartleadBaseUrl),
  loginCheck: z
    .object({
      enabled: z.boolean().default(true),
      allowSelfSignedCertificates: z.boolean().default(false),
      timeoutMs: z.number().int().positive().default(15_000),
    })
    .default(defaultLoginCheck),
  /** Per HTTP attempt. */
  timeoutMs: z.number().int().positive().default(30_000),
  rateLimit: z
    .object({ requests: z.number().int().positive(), intervalMs: z.number().int().positive() })
    .optional(),
  retry: z
    .object({
      maxAttempts: z.number().int().min(1).optional(),
      initialDelayMs: z.number().int().min(0).optional(),
      maxDelayMs: z.number().int().min(0).optional(),
    })
    .optional(),
  /** How long campaign changes of concurrent resources are collected into one call. */
  campaignBatch: z
    .object({ settleMs: z.number().int().min(0).optional(), maxWaitMs: z.number().int().min(0).optional() })
    .optional(),
});

export type EmailAccountInputs = z.output<typeof emailAccountInputsSchema>;

/** What the provider stores: the inputs plus what Smartlead says. */
export interface EmailAccountOutputs extends EmailAccountInputs {
  emailAccountId: number;
  /** The account existed in Smartlead (same from_email) and was taken over instead of created. */
  adopted: boolean;
  /** warmup_details.status as Smartlead reports it. */
  warmupStatus: string;
}

/** Pulumi's marker for a value not known yet (preview of an input computed by another resource). */
export const unknownValue = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

export interface InputProblem {
  property: string;
  reason: string;
}

/** Validates without throwing; a field still unknown at preview time is not reported. Never echoes values. */
export function validateInputs(raw: unknown): { inputs?: EmailAccountInputs; problems: InputProblem[] } {
  const parsed = emailAccountInputsSchema.safeParse(raw);
  if (parsed.success) return { inputs: parsed.data, problems: [] };
  const problems: InputProblem[] = [];
  for (const issue of parsed.error.issues) {
    let value: unknown = raw;
    for (const key of issue.path) value = (value as Record<PropertyKey, unknown> | undefined)?.[key];
    if (value === unknownValue) continue;
    const property = issue.path.map(String).join(".") || "(inputs)";
    problems.push({ property, reason: `${property}: ${issue.message}` });
  }
  return { problems };
}

export function parseInputs(raw: unknown): EmailAccountInputs {
  const { inputs, problems } = validateInputs(raw);
  if (!inputs) {
    throw new Error(`Invalid SmartleadEmailAccount inputs: ${problems.map((p) => p.reason).join("; ")}`);
  }
  return inputs;
}
