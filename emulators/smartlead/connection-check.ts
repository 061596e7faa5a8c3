import type { EmailAccountRecord } from "./account-record";
import type { MailboxVerifier } from "./api-call";
import { type OAuthValidation, smartleadSharedClient } from "./oauth-connection";
import type { SmartleadState } from "./state";

/**
 * Smartlead signing in to a connected mailbox again, as it does while it sends and warms up: the outcome is what
 * `is_smtp_success`, `is_imap_success`, `smtp_failure_error` and `imap_failure_error` report afterwards
 * (https://api.smartlead.ai/api-reference/email-accounts/get-all). A password account logs in with its stored
 * SMTP/IMAP credentials (the save's check, `verify`); an OAuth account refreshes its token with the client it was
 * saved with and logs in with XOAUTH2 (oauth-connection.ts). So a test breaks a mailbox the way it breaks in life
 * (its grant revoked at Google, its app password deleted) and the flags say so.
 *
 * When Smartlead re-checks and what text it stores are not documented: the emulator checks when asked
 * (`recheckConnections`) and stores the mail server's or Google's answer, as the save's ACCOUNT_VERIFICATION_FAILED
 * `error` carries it (help-center "API Documentation").
 */
export async function recheckConnection(
  state: SmartleadState,
  account: EmailAccountRecord,
  check: { verify: MailboxVerifier; oauth: OAuthValidation },
): Promise<void> {
  const outcome = account.oauth
    ? await oauthLogin(state, account, check.oauth)
    : await passwordLogin(account, check.verify);
  const failed = outcome.ok ? [] : (outcome.failed ?? ["SMTP", "IMAP"]);
  const error = outcome.ok ? null : outcome.error;
  account.isSmtpSuccess = !failed.includes("SMTP");
  account.isImapSuccess = !failed.includes("IMAP");
  account.smtpFailureError = account.isSmtpSuccess ? null : error;
  account.imapFailureError = account.isImapSuccess ? null : error;
  account.updatedAt = state.now();
}

type Outcome = { ok: true } | { ok: false; error: string; failed?: ("SMTP" | "IMAP")[] };

function passwordLogin(account: EmailAccountRecord, verify: MailboxVerifier): Promise<Outcome> {
  return verify({
    fromEmail: account.fromEmail,
    smtp: {
      host: account.smtpHost,
      port: account.smtpPort,
      username: account.username,
      password: account.password,
    },
    imap: {
      host: account.imapHost,
      port: account.imapPort,
      username: account.imapUsername,
      password: account.imapPassword,
    },
  });
}

async function oauthLogin(
  state: SmartleadState,
  account: EmailAccountRecord,
  oauth: OAuthValidation,
): Promise<Outcome> {
  const grant = account.oauth!;
  if (!oauth.refreshGoogleToken || !oauth.verifyOauthMailbox) return { ok: true };
  const client = grant.whitelabel ? state.oauthClientOf(account.userId) : smartleadSharedClient;
  if (!client)
    return { ok: false, error: "Whitelabel OAuth credentials are not configured for this account" };
  const refreshed = await oauth.refreshGoogleToken({
    clientId: client.clientId,
    clientSecret: client.clientSecret,
    refreshToken: grant.refreshToken,
  });
  if ("error" in refreshed) {
    return {
      ok: false,
      error: refreshed.error_description
        ? `${refreshed.error}: ${refreshed.error_description}`
        : refreshed.error,
    };
  }
  grant.accessToken = refreshed.access_token;
  grant.expiryDate = Date.now() + refreshed.expires_in * 1000;
  return oauth.verifyOauthMailbox({ email: account.fromEmail, accessToken: refreshed.access_token });
}
