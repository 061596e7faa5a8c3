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

export function isRetryable(error: unknown): boolean {
  if (error instanceof SmartleadApiError) return error.retryable;
  return error instanceof SmartleadNetworkError;
}
