import type { Reply } from "../http/reply";
import type { EmailAccountRecord } from "./account-record";
import { type ApiCall, asRecord, booleanField, numberField } from "./api-call";
import { applySendingSettings, applyWarmup, checkWarmupRanges, type SaveBehaviour } from "./email-accounts";
import { type RegisteredOAuthClient, smartleadSharedClient } from "./oauth-connection";
import { replies } from "./replies";

/**
 * `POST /email-accounts/save-oauth` — https://api.smartlead.ai/api-reference/email-accounts/add-oauth.
 * Body: from_name, from_email ("must match OAuth account"), username, type (GMAIL | OUTLOOK), token
 * {token_type "Bearer", access_token, refresh_token, expiry_date (ms)}, warmup_enabled,
 * use_whitelabel_credentials (all required), id (update), max_email_per_day, custom_tracking_url, bcc,
 * time_to_wait_in_mins, signature, total_warmup_per_day, daily_rampup, reply_rate_percentage, client_id.
 * Success: `{ok: true, message: "OAuth account added successfully", data: {id, from_email, type,
 * is_smtp_success, is_imap_success}}`. Errors the reference lists by description: "Invalid OAuth token or
 * connection validation failed", "Invalid or missing API key", "Missing required fields or invalid type value".
 *
 * Where the reference is silent, and what is chosen instead:
 *  - the status numbers of the errors did not come through in the reference text read: a bad token answers
 *    400 (as add-smtp's "connection failed"), missing fields 422 (in the `{error: {code, message, details}}`
 *    form of https://api.smartlead.ai/guides/error-handling);
 *  - the error bodies: a bad token answers in save's documented ACCOUNT_VERIFICATION_FAILED form
 *    (`{ok: false, message, errorCode, emailAccountId, error}`, `error` = Google's or the mail server's words);
 *  - an address already connected without `id`: save's ACCOUNT_ALREADY_EXIST answer (same account table);
 *  - `use_whitelabel_credentials: true` with no client registered: 400 `{ok: false, message}` saying the
 *    OAuth configuration is missing (reasoned: Smartlead cannot refresh the token without the client);
 *  - the update message ("OAuth account updated successfully") and the SMTP/IMAP hosts stored for a GMAIL
 *    account (smtp.gmail.com:587, imap.gmail.com:993, as the get-all example of a GMAIL account shows).
 */

const requiredText = ["from_name", "from_email", "username"] as const;

function missing(field: string, message: string): Reply {
  return { ...replies.invalid(field, message, "required"), status: 422 };
}

function verificationFailed(id: number | undefined, error: string): Reply {
  return {
    status: 400,
    body: {
      ok: false,
      message: "Invalid OAuth token or connection validation failed",
      errorCode: "ACCOUNT_VERIFICATION_FAILED",
      emailAccountId: id ?? null,
      error,
    },
  };
}

interface TokenBody {
  access_token: string;
  refresh_token: string;
  expiry_date: number;
}

function tokenOf(raw: unknown): TokenBody | Reply {
  const token = asRecord(raw);
  if (!token) return missing("token", '"token" is required');
  if (token.token_type !== "Bearer") return missing("token.token_type", '"token.token_type" must be Bearer');
  for (const field of ["access_token", "refresh_token"] as const) {
    if (typeof token[field] !== "string" || token[field] === "") {
      return missing(`token.${field}`, `"token.${field}" is required`);
    }
  }
  const expiry = numberField(token.expiry_date);
  if (expiry === undefined) return missing("token.expiry_date", '"token.expiry_date" is required');
  return {
    access_token: token.access_token as string,
    refresh_token: token.refresh_token as string,
    expiry_date: expiry,
  };
}

export async function saveOauthAccount(call: ApiCall, behaviour: SaveBehaviour): Promise<Reply> {
  const body = asRecord(call.body);
  if (!body) return missing("body", "Request body must be a JSON object");
  for (const field of requiredText) {
    if (typeof body[field] !== "string" || (body[field] as string).trim() === "") {
      return missing(field, `"${field}" is required`);
    }
  }
  if (body.type !== "GMAIL" && body.type !== "OUTLOOK") {
    return missing("type", '"type" must be one of GMAIL, OUTLOOK');
  }
  if (body.type === "OUTLOOK") {
    return {
      status: 400,
      body: { ok: false, message: "The emulator does not model Outlook OAuth accounts." },
    };
  }
  const token = tokenOf(body.token);
  if ("status" in token) return token;
  const warmupEnabled = booleanField(body.warmup_enabled);
  if (warmupEnabled === undefined) return missing("warmup_enabled", '"warmup_enabled" is required');
  const whitelabel = body.use_whitelabel_credentials;
  if (typeof whitelabel !== "boolean") {
    return missing("use_whitelabel_credentials", '"use_whitelabel_credentials" must be true or false');
  }
  const maxPerDay = body.max_email_per_day;
  if (maxPerDay !== undefined && maxPerDay !== null) {
    const value = numberField(maxPerDay);
    if (value === undefined || value < 1) {
      return { ...replies.invalid("max_email_per_day", '"max_email_per_day" must be ≥ 1'), status: 422 };
    }
  }
  const rangeProblem = checkWarmupRanges(body);
  if (rangeProblem) return { ...rangeProblem, status: 422 };

  const { state } = call;
  const fromEmail = (body.from_email as string).toLowerCase();
  const requestedId = body.id === undefined || body.id === null ? undefined : numberField(body.id);
  let target: EmailAccountRecord | undefined;
  if (requestedId === undefined) {
    const existing = state.findByEmail(fromEmail);
    if (existing) {
      const other = existing.userId !== call.userId;
      return {
        status: 400,
        body: {
          ok: false,
          message: other
            ? "Email account already added by other user."
            : "Email account already exist. Please pass id to update it",
          errorCode: "ACCOUNT_ALREADY_EXIST",
          emailAccountId: other ? null : existing.id,
        },
      };
    }
  } else {
    target = state.account(requestedId, call.userId);
    if (!target) return replies.accountNotFound(requestedId);
  }

  const { refreshGoogleToken, verifyOauthMailbox } = behaviour.oauth;
  if (!refreshGoogleToken || !verifyOauthMailbox) {
    return {
      status: 400,
      body: {
        ok: false,
        message:
          "OAuth is not configured in the emulator: start it with refreshGoogleToken and verifyOauthMailbox.",
      },
    };
  }
  let client: RegisteredOAuthClient;
  if (whitelabel) {
    const registered = state.oauthClientOf(call.userId);
    if (!registered) {
      return {
        status: 400,
        body: {
          ok: false,
          message:
            "Whitelabel OAuth credentials are not configured for this account: add your Google OAuth client ID and secret under Settings → OAuth Configuration.",
        },
      };
    }
    client = registered;
  } else {
    client = smartleadSharedClient;
  }

  const refreshed = await refreshGoogleToken({
    clientId: client.clientId,
    clientSecret: client.clientSecret,
    refreshToken: token.refresh_token,
  });
  if ("error" in refreshed) {
    const words = refreshed.error_description
      ? `${refreshed.error}: ${refreshed.error_description}`
      : refreshed.error;
    return verificationFailed(requestedId, words);
  }
  const login = await verifyOauthMailbox({ email: fromEmail, accessToken: refreshed.access_token });
  if (!login.ok) return verificationFailed(requestedId, login.error);

  const account = target ?? state.addAccount({ fromEmail, warmup: { enabled: warmupEnabled } });
  account.fromName = body.from_name as string;
  account.fromEmail = fromEmail;
  account.username = body.username as string;
  account.password = "";
  account.imapUsername = account.username;
  account.imapPassword = "";
  account.smtpHost = "smtp.gmail.com";
  account.smtpPort = 587;
  account.imapHost = "imap.gmail.com";
  account.imapPort = 993;
  account.type = "GMAIL";
  account.isSmtpSuccess = true;
  account.isImapSuccess = true;
  account.smtpFailureError = null;
  account.imapFailureError = null;
  account.oauth = {
    refreshToken: token.refresh_token,
    accessToken: refreshed.access_token,
    expiryDate: Date.now() + refreshed.expires_in * 1000,
    clientId: client.clientId,
    whitelabel,
  };
  if (maxPerDay !== undefined && maxPerDay !== null) account.messagePerDay = numberField(maxPerDay)!;
  applySendingSettings(account, body);
  applyWarmup(account.warmup, warmupEnabled, body);
  account.updatedAt = state.now();

  return replies.ok({
    ok: true,
    message: target ? "OAuth account updated successfully" : "OAuth account added successfully",
    data: {
      id: account.id,
      from_email: account.fromEmail,
      type: account.type,
      is_smtp_success: account.isSmtpSuccess,
      is_imap_success: account.isImapSuccess,
    },
  });
}
