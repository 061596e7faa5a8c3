import { classifyLoginError, type LoginFailureReason } from "../mailbox-login/login-failure";

/**
 * Errors of the Smartlead client. Messages name the operation (`POST /email-accounts/save`) — never the URL,
 * which carries the api_key — and pass Smartlead's own words through `redact` first.
 */

export function redactSecrets(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) {
    if (secret && secret.length >= 3) out = out.split(secret).join("[redacted]");
  }
  return out;
}

export class SmartleadApiError extends Error {
  constructor(
    readonly operation: string,
    readonly status: number,
    message: string,
    readonly errorCode?: string,
    /** From Retry-After, for 429s. */
    readonly retryAfterMs?: number,
    /** `emailAccountId` of save errors (ACCOUNT_ALREADY_EXIST names the existing account). */
    readonly emailAccountId?: number,
  ) {
    super(`Smartlead ${operation} failed with HTTP ${status}${errorCode ? ` ${errorCode}` : ""}: ${message}`);
    this.name = "SmartleadApiError";
  }

  get retryable(): boolean {
    return this.status === 429 || this.status >= 500;
  }
}

/** Smartlead could not log in to the mailbox when saving it (ACCOUNT_VERIFICATION_FAILED). */
export class SmartleadVerificationError extends SmartleadApiError {
  readonly protocol: "SMTP" | "IMAP" | "SMTP or IMAP";
  readonly reason: LoginFailureReason;
  /** The mail server's or Google's words (already redacted), e.g. `invalid_grant: Token has been expired or revoked.` */
  readonly detail: string;

  constructor(operation: string, status: number, detail: string) {
    const protocol = /imap/i.test(detail) ? "IMAP" : /smtp|\b5\d\d\b/i.test(detail) ? "SMTP" : "SMTP or IMAP";
    const reason = classifyLoginError({ message: detail });
    super(
      operation,
      status,
      `Smartlead could not log in to the mailbox: ${protocol} ${reason} (${detail || "no detail given"})`,
      "ACCOUNT_VERIFICATION_FAILED",
    );
    this.name = "SmartleadVerificationError";
    this.detail = detail;
    this.protocol = protocol;
    this.reason = reason;
  }
}

/**
 * Smartlead refused one account of a campaign assignment (`POST|DELETE /campaigns/{id}/email-accounts`). The
 * documented error bodies do not name the account, so campaign-membership.ts isolates it by splitting the batch;
 * this error names the account, the campaign and Smartlead's own answer.
 */
export class SmartleadMembershipError extends Error {
  constructor(
    readonly change: "add" | "remove",
    readonly emailAccountId: number,
    readonly campaignId: number,
    /** Smartlead's answer for the call that carried only this account. */
    readonly cause: SmartleadApiError,
  ) {
    const action =
      change === "add"
        ? `add email account ${emailAccountId} to campaign ${campaignId}`
        : `remove email account ${emailAccountId} from campaign ${campaignId}`;
    const fix =
      change === "add"
        ? `check in Smartlead that account ${emailAccountId} exists for this API key, is connected (SMTP and IMAP) and is not suspended`
        : `check in Smartlead that account ${emailAccountId} exists for this API key, and pause an ACTIVE campaign before removing its last account`;
    super(`Smartlead refused to ${action} (HTTP ${cause.status}: ${answerOf(cause)}); ${fix}`);
    this.name = "SmartleadMembershipError";
  }
}

/** The campaign itself does not exist for this key: every account of the batch fails with this. */
export class SmartleadCampaignNotFoundError extends Error {
  constructor(
    readonly campaignId: number,
    readonly cause: SmartleadApiError,
  ) {
    super(
      `Smartlead campaign ${campaignId} not found for this API key (HTTP ${cause.status}: ${answerOf(cause)}); remove the id from campaignIds or create the campaign in Smartlead`,
    );
    this.name = "SmartleadCampaignNotFoundError";
  }
}

/** Smartlead's own words from an API error, without the `Smartlead <operation> failed with HTTP n` prefix. */
function answerOf(error: SmartleadApiError): string {
  return error.message.replace(/^Smartlead .*? failed with HTTP \d+( [A-Z_]+)?: /, "");
}

/** No HTTP answer: timeout, refused or dropped connection. */
export class SmartleadNetworkError extends Error {
  constructor(
    readonly operation: string,
    readonly reason: "timeout" | "connection failed",
    detail: string,
  ) {
    super(
      `Smartlead ${operation}: ${reason === "timeout" ? "no answer in time" : "connection failed"} (${detail})`,
    );
    this.name = "SmartleadNetworkError";
  }
}

/** A 2xx answer that does not have the documented shape. */
export class SmartleadResponseError extends Error {
  constructor(
    readonly operation: string,
    issues: string,
  ) {
    super(`Smartlead ${operation} answered with an unexpected shape (${issues}); the API may have changed`);
    this.name = "SmartleadResponseError";
  }
}

/**
 * A call that was not sent: the key's shared budget (rate-limiter.ts) would have made it wait longer than its
 * caller allows, because `up`, another stack or this run has spent the key's minute or hour. Nothing was reserved.
 */
export class SmartleadBudgetSpentError extends Error {
  constructor(readonly maxWaitMs: number) {
    super(
      `Smartlead: not sent, the API key's shared request budget has no slot within ${Math.round(maxWaitMs / 1000)} s (spent by this run, \`pulumi up\` or another tool on the key)`,
    );
    this.name = "SmartleadBudgetSpentError";
  }
}

export function isRetryable(error: unknown): boolean {
  if (error instanceof SmartleadApiError) return error.retryable;
  return error instanceof SmartleadNetworkError;
}
