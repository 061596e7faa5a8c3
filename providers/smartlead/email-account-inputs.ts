import { z } from "zod";
import { mailServerLoginSchema } from "../mailbox-login/mail-server-login";
import { smartleadBaseUrl } from "./smartlead-client";

/**
 * Inputs of a SmartleadEmailAccount, validated before anything is created. Limits follow Smartlead's
 * warmup reference (api-reference/email-accounts/warmup-settings): warmup emails per day 1–50, daily rampup
 * 5–20, reply rate 20–100 %. Defaults follow the seeds (max 50 emails/day, warmup 40/day, rampup 5).
 */
export const warmupSettingsSchema = z.object({
  enabled: z.boolean().default(true),
  perDay: z.number().int().min(1).max(50).default(40),
  dailyRampup: z.number().int().min(5).max(20).default(5),
  replyRate: z.number().int().min(20).max(100).default(30),
});

const defaultWarmup = { enabled: true, perDay: 40, dailyRampup: 5, replyRate: 30 };
const defaultLoginCheck = { enabled: true, allowSelfSignedCertificates: false, timeoutMs: 15_000 };

export const emailAccountInputsSchema = z.object({
  fromName: z.string().trim().min(1, "fromName must not be empty"),
  fromEmail: z.email("fromEmail must be an email address").transform((e) => e.toLowerCase()),
  smtp: mailServerLoginSchema,
  imap: mailServerLoginSchema,
  maxEmailsPerDay: z.number().int().min(1).max(2000).default(50),
  warmup: warmupSettingsSchema.default(defaultWarmup),
  /** Smartlead's custom_tracking_url: the tracking domain (a CNAME to Smartlead's tracker). */
  customTrackingUrl: z.string().trim().default(""),
  campaignIds: z
    .array(z.number().int().positive("campaign ids are positive integers"))
    .default([])
    .transform((ids) => [...new Set(ids)].sort((a, b) => a - b)),
  onDelete: z.enum(["disconnect", "delete"]).default("disconnect"),
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
