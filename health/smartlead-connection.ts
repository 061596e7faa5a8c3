import { classifyLoginError } from "../providers/mailbox-login/login-failure";
import type { CheckResult, ConnectionState } from "./signals";

/**
 * How Smartlead's connection flags of one account read as a `ConnectionState`: `is_smtp_success` /
 * `is_imap_success` with `smtp_failure_error` / `imap_failure_error` of `GET /email-accounts/`
 * (https://api.smartlead.ai/api-reference/email-accounts/get-all). Pure: no I/O.
 *
 * Smartlead documents the flags but not the wording of the failure texts. What it stores is the mail server's or
 * the OAuth provider's answer to its sign-in: the `error` of ACCOUNT_VERIFICATION_FAILED carries it on save
 * (help-center "API Documentation", https://helpcenter.smartlead.ai/en/articles/125-full-api-documentation), and the
 * words are those of Gmail (SMTP `535-5.7.8 Username and Password not accepted`, IMAP `[AUTHENTICATIONFAILED]
 * Invalid credentials`), of Google's token endpoint (`invalid_grant: Token has been expired or revoked.`) and of the
 * Node mail libraries (https://nodemailer.com/errors: `Invalid login: 535 …` EAUTH, ETIMEDOUT, `Greeting never
 * received`). The classification is the one the provider's own login check uses (login-failure.ts) plus the OAuth
 * grant errors; a text it does not recognise is `failed` with the text shown, never `connected`.
 */

/**
 * Authentication refusals as a text, beyond login-failure.ts's: an SMTP reply 534/535 with its 5.7.x status (RFC
 * 4954 §6; Gmail's `535-5.7.8 Username and Password not accepted`, Microsoft's `535 5.7.3 Authentication
 * unsuccessful`), Gmail's `Application-specific password required`, and the OAuth refresh failures of RFC 6749 §5.2
 * as Google's token endpoint answers them (`invalid_grant: Token has been expired or revoked.`).
 */
const authenticationRefusal =
  /\b53[45][- ]5\.7\.\d|username and password not accepted|application-specific password required|\bEAUTH\b|invalid_grant|unauthorized_client|invalid_client|expired or revoked/i;

/** What a person does about each state. */
const advice: Record<Exclude<ConnectionState, "connected" | "unknown">, string> = {
  "authentication-failed":
    "reconnect the mailbox in Smartlead (a revoked or expired OAuth grant, or a changed password / app password)",
  timeout:
    "Smartlead's sign-in got no answer in time; check host, port and firewall, then reconnect in Smartlead",
  failed: "check the mailbox's SMTP/IMAP settings in Smartlead and reconnect it",
};

/** The state of one protocol from Smartlead's flag and failure text. */
export function connectionState(
  protocol: "SMTP" | "IMAP",
  success: boolean | null | undefined,
  failureText: string | null | undefined,
): CheckResult & { state: ConnectionState } {
  if (success === true) {
    return { state: "connected", verdict: "pass", detail: `Smartlead signs in to ${protocol}` };
  }
  if (success === null || success === undefined) {
    return {
      state: "unknown",
      verdict: "unknown",
      detail: `Smartlead reported no ${protocol} connection state for this account`,
    };
  }
  const text = (failureText ?? "").trim();
  const state = failureState(text);
  const said = text ? `: ${text.slice(0, 200)}` : " (Smartlead gave no reason)";
  const what =
    state === "authentication-failed"
      ? "authentication failed"
      : state === "timeout"
        ? "timed out"
        : "sign-in failed";
  return { state, verdict: "fail", detail: `${protocol} ${what}${said}; ${advice[state]}` };
}

/** Which failure a text names. Empty text: `failed` (Smartlead said the sign-in failed, not why). */
export function failureState(text: string): Exclude<ConnectionState, "connected" | "unknown"> {
  if (!text) return "failed";
  if (authenticationRefusal.test(text)) return "authentication-failed";
  const reason = classifyLoginError({ message: text });
  if (reason === "authentication failed") return "authentication-failed";
  if (reason === "timeout") return "timeout";
  return "failed";
}
