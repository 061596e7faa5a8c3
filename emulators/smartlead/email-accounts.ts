import type { Reply } from "../http/reply";
import { detailShape, type EmailAccountRecord, listShape } from "./account-record";
import { type ApiCall, asRecord, booleanField, idParam, type MailboxVerifier, numberField } from "./api-call";
import type { OAuthValidation } from "./oauth-connection";
import { replies } from "./replies";

/**
 * The email-account endpoints. Request fields, limits and answers follow, per endpoint:
 *  - `GET /email-accounts/` — api-reference/email-accounts/get-all: offset ≥ 0 (default 0), limit 1–100
 *    (default 100); the by-id flag `fetch_campaigns=true` adds `campaign_ids` (get-all says it can, too).
 *  - `GET /email-accounts/{id}/` — api-reference/email-accounts/get-by-id.
 *  - `POST /email-accounts/save` — api-reference/email-accounts/add-smtp and help-center "Create an Email
 *    Account": create when `id` is null/absent, else update; Smartlead verifies SMTP/IMAP before saving.
 *    Answer (help center): `{ok, message: "Email account added/updated successfully!", emailAccountId, warmupKey}`;
 *    the newer reference shows `{ok, message, data: {id, from_email, is_smtp_success, is_imap_success,
 *    warmup_details}}` instead — `saveAnswer: "current"` gives that one.
 *  - `POST /email-accounts/{id}` — api-reference/email-accounts/update and "Update Email Account":
 *    `{ok, message: "Email account details updated successfully!", emailAccountId}`.
 *  - `POST /email-accounts/{id}/warmup` — api-reference/email-accounts/warmup-settings and "Add/Update Warmup":
 *    total_warmup_per_day 1–50, daily_rampup 5–20, reply_rate_percentage 20–100;
 *    `{ok, message: "Email warmup details updated successfully!", emailAccountId, warmupKey}`.
 *  - `DELETE /email-accounts/{id}` — api-reference/email-accounts/delete: soft delete, out of all campaigns,
 *    warmup INACTIVE; `{ok, message: "Email account deleted successfully!", emailAccountId}`.
 * (api-reference/… is https://api.smartlead.ai/api-reference/…, its source github.com/Smartlead-Public/docs.)
 * Where the reference is silent, today's answers are kept: the current pages show update and warmup as
 * `{ok: true, message}` only (the extra `emailAccountId`/`warmupKey` come from the help center); the error bodies
 * of save (ACCOUNT_ALREADY_EXIST, ACCOUNT_VERIFICATION_FAILED) come from the help center, the current add-smtp
 * page gives none; 404s answer the `{ok: false, errorCode: "ACCOUNT_NOT_FOUND"}` body of …/delete, where the
 * update page shows `{error: "Email account not found"}` instead (the client reads only the status).
 */

export interface SaveBehaviour {
  verify: MailboxVerifier;
  /** The reference lists 400 for "SMTP or IMAP connection failed"; a user observed 406 from the live API. */
  verificationFailureStatus: number;
  answer: "legacy" | "current";
  /** How `save-oauth` validates a token (./oauth-connection); absent: the endpoint says OAuth is not set up. */
  oauth: OAuthValidation;
  /** Whether the list endpoint honours fetch_campaigns (the reference says it does). */
  listFetchCampaigns: boolean;
}

const warmupRanges = {
  total_warmup_per_day: [1, 50],
  daily_rampup: [5, 20],
  reply_rate_percentage: [20, 100],
} as const;

export function checkWarmupRanges(body: Record<string, unknown>): Reply | undefined {
  for (const [field, [min, max]] of Object.entries(warmupRanges)) {
    const raw = body[field];
    if (raw === undefined || raw === null) continue;
    const value = numberField(raw);
    if (value === undefined) return replies.invalid(field, `"${field}" must be a number`, "type");
    if (value < min || value > max) {
      return replies.invalid(field, `"${field}" must be between ${min} and ${max}`, "range");
    }
  }
  return undefined;
}

export function listEmailAccounts(call: ApiCall, behaviour: SaveBehaviour): Reply {
  const offset = numberField(call.query.get("offset") ?? "0");
  const limit = numberField(call.query.get("limit") ?? "100");
  if (offset === undefined || !Number.isInteger(offset) || offset < 0) {
    return replies.invalid("offset", '"offset" must be an integer ≥ 0');
  }
  if (limit === undefined || !Number.isInteger(limit) || limit < 1 || limit > 100) {
    return replies.invalid("limit", '"limit" must be an integer between 1 and 100');
  }
  const fetchCampaigns = behaviour.listFetchCampaigns && call.query.get("fetch_campaigns") === "true";
  const page = call.state.liveAccounts(call.userId).slice(offset, offset + limit);
  return replies.ok(page.map((a) => listShape(a, call.state.campaignIdsOf(a.id), fetchCampaigns)));
}

export function getEmailAccount(call: ApiCall): Reply {
  const id = idParam(call, "id");
  const account = id === undefined ? undefined : call.state.account(id, call.userId);
  if (!account || id === undefined) return replies.accountNotFound(id ?? 0);
  const fetchCampaigns = call.query.get("fetch_campaigns") === "true";
  return replies.ok(detailShape(account, call.state.campaignIdsOf(account.id), fetchCampaigns));
}

const requiredSaveFields = [
  "from_name",
  "from_email",
  "user_name",
  "password",
  "smtp_host",
  "imap_host",
] as const;

export async function saveEmailAccount(call: ApiCall, behaviour: SaveBehaviour): Promise<Reply> {
  const body = asRecord(call.body);
  if (!body) return replies.invalid("body", "Request body must be a JSON object", "type");
  for (const field of requiredSaveFields) {
    if (typeof body[field] !== "string" || (body[field] as string).trim() === "") {
      return replies.invalid(field, `"${field}" is required`, "required");
    }
  }
  for (const field of ["smtp_port", "imap_port"]) {
    const port = numberField(body[field]);
    if (port === undefined || !Number.isInteger(port) || port < 1 || port > 65535) {
      return replies.invalid(field, `"${field}" is required and must be a port number`, "required");
    }
  }
  const warmupEnabled = booleanField(body.warmup_enabled);
  if (warmupEnabled === undefined)
    return replies.invalid("warmup_enabled", '"warmup_enabled" is required', "required");
  if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(body.from_email as string)) {
    return replies.invalid("from_email", '"from_email" must be a valid email', "format");
  }
  if (
    body.type !== undefined &&
    body.type !== null &&
    !["SMTP", "GMAIL", "OUTLOOK"].includes(String(body.type))
  ) {
    return replies.invalid("type", '"type" must be one of GMAIL, OUTLOOK, SMTP', "enum");
  }
  const maxPerDay = body.max_email_per_day;
  if (maxPerDay !== undefined && maxPerDay !== null) {
    const value = numberField(maxPerDay);
    if (value === undefined || value < 1)
      return replies.invalid("max_email_per_day", '"max_email_per_day" must be ≥ 1');
  }
  const rangeProblem = checkWarmupRanges(body);
  if (rangeProblem) return rangeProblem;

  const { state } = call;
  const fromEmail = (body.from_email as string).toLowerCase();
  const requestedId = body.id === undefined || body.id === null ? undefined : numberField(body.id);
  let target = undefined as ReturnType<typeof state.account>;
  if (requestedId === undefined) {
    const existing = state.findByEmail(fromEmail);
    if (existing && existing.userId !== call.userId) {
      return {
        status: 400,
        body: {
          ok: false,
          message: "Email account already added by other user.",
          errorCode: "ACCOUNT_ALREADY_EXIST",
          emailAccountId: null,
        },
      };
    }
    if (existing) {
      return {
        status: 400,
        body: {
          ok: false,
          message: "Email account already exist. Please pass id to update it",
          errorCode: "ACCOUNT_ALREADY_EXIST",
          emailAccountId: existing.id,
        },
      };
    }
  } else {
    target = state.account(requestedId, call.userId);
    if (!target) return replies.accountNotFound(requestedId);
  }

  const username = body.user_name as string;
  const password = body.password as string;
  const imapUsername =
    typeof body.imap_user_name === "string" && body.imap_user_name ? body.imap_user_name : username;
  const imapPassword =
    typeof body.imap_password === "string" && body.imap_password ? body.imap_password : password;
  const smtp = { host: body.smtp_host as string, port: numberField(body.smtp_port)!, username, password };
  const imap = {
    host: body.imap_host as string,
    port: numberField(body.imap_port)!,
    username: imapUsername,
    password: imapPassword,
  };
  const verification = await behaviour.verify({ fromEmail, smtp, imap });
  if (!verification.ok) {
    return {
      status: behaviour.verificationFailureStatus,
      body: {
        ok: false,
        message: "Email account verification failed. Please verify account details.",
        errorCode: "ACCOUNT_VERIFICATION_FAILED",
        emailAccountId: requestedId ?? null,
        error: verification.error,
      },
    };
  }

  const account = target ?? state.addAccount({ fromEmail, warmup: { enabled: warmupEnabled } });
  account.fromName = body.from_name as string;
  account.fromEmail = fromEmail;
  account.username = username;
  account.password = password;
  account.smtpHost = smtp.host;
  account.smtpPort = smtp.port;
  account.imapHost = imap.host;
  account.imapPort = imap.port;
  account.imapUsername = imapUsername;
  account.imapPassword = imapPassword;
  account.isSmtpSuccess = true;
  account.isImapSuccess = true;
  account.smtpFailureError = null;
  account.imapFailureError = null;
  if (body.type) account.type = body.type as "SMTP" | "GMAIL" | "OUTLOOK";
  if (maxPerDay !== undefined && maxPerDay !== null) account.messagePerDay = numberField(maxPerDay)!;
  applySendingSettings(account, body);
  if (typeof body.different_reply_to_address === "string")
    account.differentReplyToAddress = body.different_reply_to_address;
  if (booleanField(body.is_suspended) !== undefined) account.isSuspended = booleanField(body.is_suspended)!;
  applyWarmup(account.warmup, warmupEnabled, body);
  account.updatedAt = state.now();

  if (behaviour.answer === "current") {
    return replies.ok({
      ok: true,
      message: target ? "Email account updated successfully" : "Email account added successfully",
      data: {
        id: account.id,
        from_email: account.fromEmail,
        is_smtp_success: account.isSmtpSuccess,
        is_imap_success: account.isImapSuccess,
        warmup_details: { status: account.warmup.status, total_warmup_per_day: account.warmup.perDay },
      },
    });
  }
  return replies.ok({
    ok: true,
    message: "Email account added/updated successfully!",
    emailAccountId: account.id,
    warmupKey: account.warmup.warmupKeyId,
  });
}

/**
 * The optional sending settings the save, save-oauth and update endpoints all take
 * (https://api.smartlead.ai/api-reference/email-accounts/add-smtp, …/add-oauth, …/update).
 */
export function applySendingSettings(account: EmailAccountRecord, body: Record<string, unknown>): void {
  if (typeof body.custom_tracking_url === "string") account.customTrackingDomain = body.custom_tracking_url;
  if (typeof body.bcc === "string") account.bccEmail = body.bcc || null;
  if (typeof body.signature === "string") account.signature = body.signature;
  if (body.client_id !== undefined) account.clientId = numberField(body.client_id) ?? null;
  if (body.time_to_wait_in_mins !== undefined)
    account.timeToWaitInMins = numberField(body.time_to_wait_in_mins) ?? null;
}

export function applyWarmup(
  warmup: {
    status: string;
    perDay: number;
    dailyRampup: number;
    replyRate: number;
    warmupKeyId: string;
    blockedReason: string | null;
  },
  enabled: boolean,
  body: Record<string, unknown>,
): void {
  warmup.status = enabled ? "ACTIVE" : "INACTIVE";
  if (enabled) warmup.blockedReason = null;
  const perDay = numberField(body.total_warmup_per_day);
  const rampup = numberField(body.daily_rampup);
  const replyRate = numberField(body.reply_rate_percentage);
  if (perDay !== undefined) warmup.perDay = perDay;
  if (rampup !== undefined) warmup.dailyRampup = rampup;
  if (replyRate !== undefined) warmup.replyRate = replyRate;
  if (typeof body.warmup_key_id === "string" && body.warmup_key_id) warmup.warmupKeyId = body.warmup_key_id;
}

export function updateEmailAccount(call: ApiCall): Reply {
  const id = idParam(call, "id");
  const account = id === undefined ? undefined : call.state.account(id, call.userId);
  if (!account || id === undefined) return replies.accountNotFound(id ?? 0);
  const body = asRecord(call.body) ?? {};
  if (body.max_email_per_day !== undefined) {
    const value = numberField(body.max_email_per_day);
    if (value === undefined || value < 1)
      return replies.invalid("max_email_per_day", '"max_email_per_day" must be ≥ 1');
    account.messagePerDay = value;
  }
  if (typeof body.from_name === "string") account.fromName = body.from_name;
  applySendingSettings(account, body);
  if (booleanField(body.is_suspended) !== undefined) account.isSuspended = booleanField(body.is_suspended)!;
  account.updatedAt = call.state.now();
  return replies.ok({
    ok: true,
    message: "Email account details updated successfully!",
    emailAccountId: account.id,
  });
}

export function setWarmup(call: ApiCall): Reply {
  const id = idParam(call, "id");
  const account = id === undefined ? undefined : call.state.account(id, call.userId);
  if (!account || id === undefined) return replies.accountNotFound(id ?? 0);
  const body = asRecord(call.body) ?? {};
  const enabled = booleanField(body.warmup_enabled);
  if (enabled === undefined)
    return replies.invalid("warmup_enabled", '"warmup_enabled" is required', "required");
  const rangeProblem = checkWarmupRanges(body);
  if (rangeProblem) return rangeProblem;
  applyWarmup(account.warmup, enabled, body);
  account.updatedAt = call.state.now();
  return replies.ok({
    ok: true,
    message: "Email warmup details updated successfully!",
    emailAccountId: account.id,
    warmupKey: account.warmup.warmupKeyId,
  });
}

export function deleteEmailAccount(call: ApiCall): Reply {
  const id = idParam(call, "id");
  const account = id === undefined ? undefined : call.state.account(id, call.userId);
  if (!account || id === undefined) return replies.accountNotFound(id ?? 0);
  call.state.softDelete(account);
  return replies.ok({ ok: true, message: "Email account deleted successfully!", emailAccountId: account.id });
}
