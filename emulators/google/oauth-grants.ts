import { createHash, timingSafeEqual } from "node:crypto";
import type { Reply } from "../http/reply";
import { isObject } from "../http/request-body";
import type { OAuthClient } from "./oauth-state";
import type { GoogleWorkspaceState } from "./state";

/**
 * The user grants of Google's token endpoint (`POST https://oauth2.googleapis.com/token`, form-encoded):
 * `authorization_code` (with PKCE) and `refresh_token`, per "Using OAuth 2.0 for Web Server Applications"
 * (https://developers.google.com/identity/protocols/oauth2/web-server#exchange-authorization-code and
 * #offline) and the native-app page (https://developers.google.com/identity/protocols/oauth2/native-app).
 * The client authenticates with `client_id`/`client_secret` in the body or HTTP Basic (RFC 6749 §2.3.1).
 * Error bodies are `{error, error_description}` with the descriptions Google sends, as quoted in issue threads:
 * - 401 invalid_client "The OAuth client was not found." (https://github.com/simonrob/email-oauth2-proxy/issues/362)
 * - 401 invalid_client "Unauthorized" for a wrong secret (https://github.com/adrielcafe/AndroidOAuth/issues/2)
 * - 400 invalid_grant "Malformed auth code." (https://github.com/googleworkspace/go-samples/issues/85)
 * - 400 invalid_grant "Bad Request" for a used or expired code (https://github.com/openid/AppAuth-iOS/issues/526)
 * - 400 invalid_grant "Invalid code verifier." (https://github.com/googleapis/google-api-java-client/issues/1479)
 * - 400 invalid_grant "code_verifier or verifier is not needed." (https://github.com/googleapis/google-api-nodejs-client/issues/3680)
 * - 400 invalid_grant "Token has been expired or revoked." (https://github.com/dolfim/django-gmailapi-backend/issues/9)
 * - 400 redirect_uri_mismatch "Bad Request" (not confirmed by a page found here; the usual report on Stack Overflow).
 * "Missing code verifier." is the same family's wording for an absent verifier (not confirmed).
 */

export const userGrantTypes = ["authorization_code", "refresh_token"] as const;

function oauthError(status: number, error: string, description: string): Reply {
  return { status, body: { error, error_description: description } };
}

const same = (a: string, b: string) => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

/** Client id and secret from the body or an `Authorization: Basic` header. */
function clientCredentials(
  form: Record<string, unknown>,
  authorization: string | undefined,
): { clientId?: string; clientSecret?: string } {
  const basic = /^Basic\s+(.+)$/i.exec(authorization ?? "")?.[1];
  if (basic) {
    const decoded = Buffer.from(basic, "base64").toString("utf8");
    const colon = decoded.indexOf(":");
    if (colon > 0) {
      return {
        clientId: decodeURIComponent(decoded.slice(0, colon)),
        clientSecret: decodeURIComponent(decoded.slice(colon + 1)),
      };
    }
  }
  return {
    ...(typeof form.client_id === "string" ? { clientId: form.client_id } : {}),
    ...(typeof form.client_secret === "string" ? { clientSecret: form.client_secret } : {}),
  };
}

/** The OAuth client id a token-endpoint call names (body or Basic header), for the call log; never the secret. */
export function clientIdOf(body: unknown, authorization: string | undefined): string | undefined {
  return clientCredentials(isObject(body) ? body : {}, authorization).clientId;
}

export function authenticateClient(
  state: GoogleWorkspaceState,
  form: Record<string, unknown>,
  authorization: string | undefined,
): { ok: true; client: OAuthClient } | { ok: false; reply: Reply } {
  const { clientId, clientSecret } = clientCredentials(form, authorization);
  if (!clientId)
    return { ok: false, reply: oauthError(400, "invalid_request", "Missing required parameter: client_id") };
  const client = state.oauth.clients.get(clientId);
  if (!client)
    return { ok: false, reply: oauthError(401, "invalid_client", "The OAuth client was not found.") };
  if (clientSecret === undefined || !same(clientSecret, client.clientSecret)) {
    return { ok: false, reply: oauthError(401, "invalid_client", "Unauthorized") };
  }
  return { ok: true, client };
}

function challengeOf(verifier: string, method: "S256" | "plain"): string {
  return method === "S256" ? createHash("sha256").update(verifier).digest("base64url") : verifier;
}

export function exchangeUserGrant(
  state: GoogleWorkspaceState,
  body: unknown,
  authorization: string | undefined,
  opts: { lifetimeSeconds: number },
): Reply {
  const form = isObject(body) ? body : {};
  const auth = authenticateClient(state, form, authorization);
  if (!auth.ok) return auth.reply;
  return form.grant_type === "refresh_token"
    ? refreshGrant(state, form, auth.client, opts)
    : codeGrant(state, form, auth.client, opts);
}

function codeGrant(
  state: GoogleWorkspaceState,
  form: Record<string, unknown>,
  client: OAuthClient,
  opts: { lifetimeSeconds: number },
): Reply {
  const oauth = state.oauth;
  if (typeof form.code !== "string" || !form.code) {
    return oauthError(400, "invalid_request", "Missing required parameter: code");
  }
  if (!form.code.startsWith("4/")) return oauthError(400, "invalid_grant", "Malformed auth code.");
  const code = oauth.codes.get(form.code);
  // Single use, short-lived, and only for the client it was issued to.
  if (!code || code.used || code.expiresAt <= oauth.now() || code.clientId !== client.clientId) {
    return oauthError(400, "invalid_grant", "Bad Request");
  }
  if (typeof form.redirect_uri !== "string") {
    return oauthError(400, "invalid_request", "Missing required parameter: redirect_uri");
  }
  if (form.redirect_uri !== code.redirectUri) return oauthError(400, "redirect_uri_mismatch", "Bad Request");
  const verifier = typeof form.code_verifier === "string" ? form.code_verifier : undefined;
  if (code.codeChallenge && code.codeChallengeMethod) {
    if (!verifier) return oauthError(400, "invalid_grant", "Missing code verifier.");
    if (!same(challengeOf(verifier, code.codeChallengeMethod), code.codeChallenge)) {
      return oauthError(400, "invalid_grant", "Invalid code verifier.");
    }
  } else if (verifier) {
    return oauthError(400, "invalid_grant", "code_verifier or verifier is not needed.");
  }
  code.used = true;
  // A refresh token comes with access_type=offline, on the first consent or when prompt=consent asked for
  // it again (web-server page, "access_type" and "prompt").
  const offline =
    code.accessType === "offline" &&
    (code.promptConsent || !oauth.hasOfflineGrant(code.userId, code.clientId));
  const grant = oauth.newGrant(code, offline);
  const access = oauth.issueAccessToken(grant, opts.lifetimeSeconds);
  return {
    status: 200,
    body: {
      access_token: access.token,
      expires_in: opts.lifetimeSeconds,
      ...(grant.refreshToken ? { refresh_token: grant.refreshToken } : {}),
      scope: grant.scopes.join(" "),
      token_type: "Bearer",
    },
  };
}

function refreshGrant(
  state: GoogleWorkspaceState,
  form: Record<string, unknown>,
  client: OAuthClient,
  opts: { lifetimeSeconds: number },
): Reply {
  const oauth = state.oauth;
  if (typeof form.refresh_token !== "string" || !form.refresh_token) {
    return oauthError(400, "invalid_request", "Missing required parameter: refresh_token");
  }
  const grant = oauth.grantOfRefreshToken(form.refresh_token);
  if (!grant || !oauth.isLive(grant))
    return oauthError(400, "invalid_grant", "Token has been expired or revoked.");
  // A refresh token only works with the client it was issued to (wording not confirmed).
  if (grant.clientId !== client.clientId) return oauthError(400, "unauthorized_client", "Unauthorized");
  const access = oauth.issueAccessToken(grant, opts.lifetimeSeconds);
  // Google does not rotate refresh tokens: the answer carries a new access token only.
  return {
    status: 200,
    body: {
      access_token: access.token,
      expires_in: opts.lifetimeSeconds,
      scope: grant.scopes.join(" "),
      token_type: "Bearer",
    },
  };
}

/**
 * `POST https://oauth2.googleapis.com/revoke` with `token=` (an access or refresh token) in the form body or
 * the query, per the web-server page's "Revoking a token": 200 on success; revoking an access token that has
 * a refresh token also revokes the refresh token, and revoking a refresh token ends its access tokens. An
 * unknown or already revoked token answers 400 `{"error": "invalid_token", "error_description": "Token expired
 * or revoked"}` (wording not confirmed by a page found here).
 */
export function revokeToken(state: GoogleWorkspaceState, body: unknown, query: URLSearchParams): Reply {
  const oauth = state.oauth;
  const form = isObject(body) ? body : {};
  const token = typeof form.token === "string" ? form.token : (query.get("token") ?? undefined);
  if (!token) return oauthError(400, "invalid_request", "Missing required parameter: token");
  const grant = oauth.grantOfRefreshToken(token) ?? oauth.grantOfAccessToken(token);
  if (!grant || grant.revoked) return oauthError(400, "invalid_token", "Token expired or revoked");
  grant.revoked = true;
  return { status: 200, body: {} };
}
