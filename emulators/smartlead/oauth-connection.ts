/**
 * How the Smartlead emulator checks an OAuth mailbox on `save-oauth`, as Smartlead does ("SmartLead will
 * validate the connection", https://api.smartlead.ai/api-reference/email-accounts/add-oauth): it refreshes the
 * token with the OAuth client registered in Smartlead (Private Infrastructure,
 * https://helpcenter.smartlead.ai/en/articles/296-how-to-set-up-private-infrastructure-oauth-in-smartlead-for-google-and-microsoft)
 * and logs in to the mailbox with SASL XOAUTH2. Both steps are injected: the local world passes its Google
 * emulator's token endpoint and Gmail's login rules (oauth-validation-at-google.ts); tests pass the same.
 */

/** Google's token endpoint answer to a refresh_token grant, or its error body (`invalid_grant`, ...). */
export type GoogleTokenRefresh =
  | { access_token: string; expires_in: number }
  | { error: string; error_description?: string };

export type RefreshGoogleToken = (request: {
  clientId: string;
  clientSecret: string;
  refreshToken: string;
}) => Promise<GoogleTokenRefresh>;

/** An XOAUTH2 login to the mailbox's SMTP and IMAP servers; `error` is the server's reply. */
export type VerifyOauthMailbox = (login: {
  email: string;
  accessToken: string;
}) => Promise<{ ok: true } | { ok: false; error: string }>;

export interface OAuthValidation {
  refreshGoogleToken?: RefreshGoogleToken;
  verifyOauthMailbox?: VerifyOauthMailbox;
}

/** A Google OAuth client registered in Smartlead (Settings → OAuth Configuration), per Smartlead user. */
export interface RegisteredOAuthClient {
  clientId: string;
  clientSecret: string;
}

/**
 * Smartlead's own shared Google app, used when `use_whitelabel_credentials` is false. A token minted by the
 * customer's client cannot be refreshed with another client: Google answers `unauthorized_client`
 * (https://developers.google.com/identity/protocols/oauth2/web-server#offline; RFC 6749 §5.2: a grant "issued
 * to another client" is invalid).
 */
export const smartleadSharedClient: RegisteredOAuthClient = {
  clientId: "smartlead-shared-app.apps.googleusercontent.com",
  clientSecret: "smartlead-shared-app-secret",
};
