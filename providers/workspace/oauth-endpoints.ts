/**
 * Google's OAuth 2.0 endpoints for the mailbox authorization (user consent) flow, owned here and imported by
 * the config, the program, the authorize command and the Smartlead provider.
 *
 * Real Google (https://developers.google.com/identity/protocols/oauth2/native-app, "Step 2: Send a request to
 * Google's OAuth 2.0 server", "Step 5: Exchange authorization code for refresh and access tokens" and
 * "Revoking a token"): authorization at https://accounts.google.com/o/oauth2/v2/auth, tokens at
 * https://oauth2.googleapis.com/token, revocation at https://oauth2.googleapis.com/revoke.
 *
 * The Google emulator serves all three under one origin (`mailinfra:google.rootUrl`).
 */
export interface OAuthEndpoints {
  /** Where the person signs in and consents (GET, query parameters). */
  authorization: string;
  /** Where codes and refresh tokens are exchanged (POST, form encoded). */
  token: string;
  /** Where a token is revoked (POST, form encoded). */
  revoke: string;
  /**
   * Gmail API users.getProfile of the token's own user (GET, Bearer): who actually signed in, since
   * `login_hint` is only a hint (https://developers.google.com/workspace/gmail/api/reference/rest/v1/users/getProfile).
   */
  gmailProfile: string;
}

export const GOOGLE_OAUTH_ENDPOINTS: OAuthEndpoints = Object.freeze({
  authorization: "https://accounts.google.com/o/oauth2/v2/auth",
  token: "https://oauth2.googleapis.com/token",
  revoke: "https://oauth2.googleapis.com/revoke",
  gmailProfile: "https://gmail.googleapis.com/gmail/v1/users/me/profile",
});

/** Real Google's endpoints when `rootUrl` is undefined, the emulator's under `rootUrl` otherwise. */
export function oauthEndpoints(rootUrl?: string): OAuthEndpoints {
  if (rootUrl === undefined) return GOOGLE_OAUTH_ENDPOINTS;
  const origin = rootUrl.replace(/\/+$/, "");
  return {
    authorization: `${origin}/o/oauth2/v2/auth`,
    token: `${origin}/token`,
    revoke: `${origin}/revoke`,
    gmailProfile: `${origin}/gmail/v1/users/me/profile`,
  };
}

/** The only Gmail scope that allows IMAP and SMTP with SASL XOAUTH2 (https://developers.google.com/workspace/gmail/imap/xoauth2-protocol). */
export const GMAIL_MAIL_SCOPE = "https://mail.google.com/";
