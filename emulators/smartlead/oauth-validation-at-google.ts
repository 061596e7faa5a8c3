import type { GoogleEmulator } from "../google";
import type { GoogleTokenRefresh, OAuthValidation } from "./oauth-connection";

/**
 * Smartlead's check of an OAuth mailbox, done against a Google emulator: the refresh_token grant at its token
 * endpoint (a form-encoded POST, https://developers.google.com/identity/protocols/oauth2/web-server#offline), then
 * an XOAUTH2 login by Gmail's rules on SMTP and IMAP (https://developers.google.com/workspace/gmail/imap/xoauth2-protocol).
 * The local world starts its Smartlead emulator with it; tests do too, wrapping `refreshGoogleToken` to put
 * Google's own failures (429, 5xx) in front of it.
 */
export function oauthValidationAt(
  google: Pick<GoogleEmulator, "url" | "gmailLogin">,
): Required<OAuthValidation> {
  return {
    refreshGoogleToken: (request) => refreshAtTokenEndpoint(google.url, request),
    verifyOauthMailbox: async ({ email, accessToken }) => {
      for (const protocol of ["smtp", "imap"] as const) {
        const login = google.gmailLogin({ protocol, method: "XOAUTH2", username: email, accessToken });
        if (!login.ok) return { ok: false, error: login.reply };
      }
      return { ok: true };
    },
  };
}

/** Google's refresh_token grant, as Smartlead's servers call it (form-encoded POST to the token endpoint). */
async function refreshAtTokenEndpoint(
  googleUrl: string,
  request: { clientId: string; clientSecret: string; refreshToken: string },
): Promise<GoogleTokenRefresh> {
  const response = await fetch(`${googleUrl}/token`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({
      grant_type: "refresh_token",
      refresh_token: request.refreshToken,
      client_id: request.clientId,
      client_secret: request.clientSecret,
    }),
  });
  const body = (await response.json().catch(() => ({}))) as {
    access_token?: string;
    expires_in?: number;
    error?: string | { message?: string };
    error_description?: string;
  };
  if (response.ok && body.access_token)
    return { access_token: body.access_token, expires_in: body.expires_in ?? 3599 };
  if (typeof body.error === "string") return { error: body.error, error_description: body.error_description };
  // Not an OAuth answer: Google's endpoint itself failed (429 quota, 5xx). Smartlead's words for this case are not
  // documented; the emulator passes the status and Google's message on as the verification failure's text.
  return { error: `HTTP ${response.status}`, error_description: body.error?.message ?? response.statusText };
}
