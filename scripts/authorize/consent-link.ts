import { GMAIL_MAIL_SCOPE } from "../../providers/workspace/oauth-endpoints";

export interface ConsentLinkRequest {
  /** Google's authorization endpoint (oauthEndpoints().authorization). */
  authorizationEndpoint: string;
  clientId: string;
  /** The loopback address this command listens on, `http://127.0.0.1:<port>`. */
  redirectUri: string;
  /** The mailbox: Google pre-fills the sign-in with it. */
  loginHint: string;
  state: string;
  codeChallenge: string;
}

/**
 * The link one mailbox opens to sign in and consent. Parameters per Google's installed-app flow
 * (https://developers.google.com/identity/protocols/oauth2/native-app, "Step 2: Send a request to Google's
 * OAuth 2.0 server"): `access_type=offline` so Google returns a refresh token, `prompt=consent` so it returns
 * one again on re-authorization (Google issues a refresh token only on consent), `login_hint` the mailbox,
 * PKCE S256, and the only scope that allows IMAP/SMTP with XOAUTH2, https://mail.google.com/.
 */
export function consentLink(request: ConsentLinkRequest): string {
  const url = new URL(request.authorizationEndpoint);
  const params: Record<string, string> = {
    client_id: request.clientId,
    redirect_uri: request.redirectUri,
    response_type: "code",
    scope: GMAIL_MAIL_SCOPE,
    access_type: "offline",
    prompt: "consent",
    login_hint: request.loginHint,
    state: request.state,
    code_challenge: request.codeChallenge,
    code_challenge_method: "S256",
  };
  for (const [key, value] of Object.entries(params)) url.searchParams.set(key, value);
  return url.toString();
}

/** The line printed for each mailbox, stable so a script (a test, the demo) can play the person. */
export function consentLine(address: string, link: string): string {
  return `authorize ${address}: ${link}`;
}

/** Reads the lines consentLine printed: address → link. */
export function consentLinks(output: string): Map<string, string> {
  const links = new Map<string, string>();
  for (const match of output.matchAll(/^authorize (\S+@\S+): (\S+)$/gm)) links.set(match[1], match[2]);
  return links;
}
