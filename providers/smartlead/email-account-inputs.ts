import { z } from "zod";
import { CAMPAIGN_ADMISSIONS } from "../../components/campaign-policy/admission";
import { AUTHORIZE_COMMAND } from "../../components/config/mailbox-connection";
import { mailServerLoginSchema } from "../mailbox-login/mail-server-login";
import {
  type InputCheck,
  type InputCheckOptions,
  parseChecked,
  validateInputs as validateProviderInputs,
} from "../provider-inputs";
import { GOOGLE_OAUTH_ENDPOINTS } from "../workspace/oauth-endpoints";
import { SMARTLEAD_DEFAULTS, SMARTLEAD_LIMITS, type WholeNumberRange } from "./limits";
import { smartleadBaseUrl } from "./smartlead-client";

/** A whole number within one of Smartlead's ranges; the message names the range and Smartlead's field. */
function smartleadRange(range: WholeNumberRange, field: string) {
  const message = `must be a whole number from ${range.min} to ${range.max} (Smartlead's ${field})`;
  return z.number().int(message).min(range.min, message).max(range.max, message);
}

/**
 * Inputs of a SmartleadEmailAccount, validated before anything is created. Ranges and defaults are
 * Smartlead's, from ./limits (the config schema checks the same ones at preview). The API key is no input: the
 * provider process holds it once, from the stack configuration (../credentials.ts); an `apiKey` in the outputs of
 * an account created before is ignored here (zod drops unknown keys) and only serves its refresh and destroy.
 */
const warmupSettingsSchema = z.object({
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

const commonInputs = {
  fromName: z.string().trim().min(1, "fromName must not be empty"),
  fromEmail: z.email("fromEmail must be an email address").transform((e) => e.toLowerCase()),
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
  /**
   * What the campaign policy lets the account do with `campaignIds` in this run
   * (components/campaign-policy/admission.ts): `join` them, `hold` (join none it is not in, stay in those it is
   * in) or `leave` them all. Not a property of the Smartlead account: only its effect on membership is compared.
   */
  campaignAdmission: z.enum(CAMPAIGN_ADMISSIONS).default("join"),
  baseUrl: z.url().default(smartleadBaseUrl),
  loginCheck: z
    .object({
      enabled: z.boolean().default(true),
      allowSelfSignedCertificates: z.boolean().default(false),
      timeoutMs: z.number().int().positive().default(15_000),
    })
    .default(defaultLoginCheck),
  rateLimit: z
    .object({ requests: z.number().int().positive(), intervalMs: z.number().int().positive() })
    .optional(),
};

/**
 * How Smartlead reaches the mailbox with OAuth: the customer's own Google OAuth client (registered in Smartlead
 * as Private Infrastructure) and the mailbox's refresh token. mailinfra mints an access token at `tokenUri` and
 * hands both tokens to Smartlead's save-oauth, which refreshes by itself from then on. The client's secret is no
 * input: the provider process holds it once (../credentials.ts, `mailinfra:google.oauthClient.clientSecret`); one
 * stored in the connection of an account created before is dropped here and only serves when the process has none.
 */
const oauthConnectionSchema = z.object({
  kind: z.literal("oauth"),
  clientId: z
    .string()
    .trim()
    .min(1, "the OAuth client id is required (mailinfra:google.oauthClient.clientId)"),
  refreshToken: z.string().min(1, "the mailbox's refresh token is required: authorize the mailbox first"),
  tokenUri: z.url().default(GOOGLE_OAUTH_ENDPOINTS.token),
  /** Named in every message that asks for a new authorization. */
  authorizeCommand: z.string().trim().min(1).default(AUTHORIZE_COMMAND),
});

const passwordConnectionSchema = z.object({
  kind: z.literal("password"),
  smtp: mailServerLoginSchema,
  imap: mailServerLoginSchema,
});

/** SMTP/IMAP with passwords, as top-level smtp and imap (the stored shape since the first version). */
const passwordInputsSchema = z.object({
  ...commonInputs,
  smtp: mailServerLoginSchema,
  imap: mailServerLoginSchema,
});
/** `connection: {kind: "password", smtp, imap}` is stored as top-level smtp and imap, like the form above. */
const passwordConnectionInputsSchema = z
  .object({ ...commonInputs, connection: passwordConnectionSchema })
  .transform(({ connection, ...rest }) => ({ ...rest, smtp: connection.smtp, imap: connection.imap }));
const oauthInputsSchema = z.object({ ...commonInputs, connection: oauthConnectionSchema });

export type PasswordInputs = z.output<typeof passwordInputsSchema> & { connection?: undefined };
export type OAuthInputs = z.output<typeof oauthInputsSchema> & { smtp?: undefined; imap?: undefined };

/** The schema for these raw inputs: chosen by `connection.kind` (none: SMTP/IMAP passwords). */
function schemaFor(raw: unknown) {
  const connection = (raw as { connection?: unknown } | undefined)?.connection;
  const kind = (connection as { kind?: unknown } | undefined)?.kind;
  if (kind === "oauth") return oauthInputsSchema;
  if (kind === "password") return passwordConnectionInputsSchema;
  return passwordInputsSchema;
}

/** Failures name the whole path (`smtp.host`): a login's fields are set one by one. */
const checkOptions: InputCheckOptions = {
  property: "path",
  undecided: { decidedBy: "connection", inputs: ["connection", "smtp", "imap"] },
};

export type EmailAccountInputs = PasswordInputs | OAuthInputs;

export function isOauth(inputs: Pick<EmailAccountInputs, "connection">): inputs is OAuthInputs {
  return inputs.connection?.kind === "oauth";
}

/** What the provider stores: the inputs plus what Smartlead says. */
export type EmailAccountOutputs = EmailAccountInputs & {
  emailAccountId: number;
  /** The account existed in Smartlead (same from_email) and was taken over instead of created. */
  adopted: boolean;
  /** warmup_details.status as Smartlead reports it. */
  warmupStatus: string;
  /** OAuth accounts: Smartlead's is_smtp_success and is_imap_success both true. */
  connected?: boolean;
  /** OAuth accounts whose connection broke: Smartlead's reason and the fix (authorize again). */
  connectionProblem?: string;
};

/**
 * Validates without throwing; a field still unknown at preview time is not reported, and while the connection
 * is not known yet (it may be either kind) nothing about it or smtp/imap is. Never echoes values.
 */
export function validateInputs(raw: unknown): InputCheck<EmailAccountInputs> {
  return validateProviderInputs(schemaFor(raw), raw, checkOptions) as InputCheck<EmailAccountInputs>;
}

export function parseInputs(raw: unknown): EmailAccountInputs {
  return parseChecked(schemaFor(raw), raw, "SmartleadEmailAccount", checkOptions) as EmailAccountInputs;
}
