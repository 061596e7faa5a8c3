import { randomBytes } from "node:crypto";
import type { Reply } from "../http/reply";
import { isObject } from "../http/request-body";
import { decodeAssertion, signatureIsValid, timeframeIsValid } from "./jwt-assertion";
import type { GoogleWorkspaceState } from "./state";

/**
 * Google's OAuth 2.0 token endpoint for service accounts (`POST https://oauth2.googleapis.com/token`,
 * form body `grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer&assertion=<JWT>`), per "Using OAuth
 * 2.0 for Server to Server Applications" and google-auth-library's gtoken/getToken.js.
 * Success: `{access_token, expires_in, token_type: "Bearer"}`. Failures use the OAuth error shape
 * `{error, error_description}` with the descriptions Google sends (quoted in googleapis issue threads):
 * "Invalid JWT Signature." (400 invalid_grant), "Client is unauthorized to retrieve access tokens using
 * this method, or client not authorized for any of the scopes requested." (401 unauthorized_client),
 * "Invalid email or User ID" (400 invalid_grant, unknown `sub`).
 */

export const jwtBearerGrant = "urn:ietf:params:oauth:grant-type:jwt-bearer";

/** The audience google-auth-library always signs (gtoken/jwsSign.js); legacy ones Google still accepts. */
const acceptedAudiences = [
  "https://oauth2.googleapis.com/token",
  "https://www.googleapis.com/oauth2/v4/token",
  "https://accounts.google.com/o/oauth2/token",
];

function oauthError(status: number, error: string, description: string): Reply {
  return { status, body: { error, error_description: description } };
}

export function issueToken(
  state: GoogleWorkspaceState,
  body: unknown,
  opts: { ownTokenUrl: string; lifetimeSeconds: number; now?: number },
): Reply {
  const form = isObject(body) ? body : {};
  if (form.grant_type !== jwtBearerGrant) {
    return oauthError(400, "unsupported_grant_type", `Invalid grant_type: ${String(form.grant_type ?? "")}`);
  }
  if (typeof form.assertion !== "string")
    return oauthError(400, "invalid_request", "Missing required parameter: assertion");
  const decoded = decodeAssertion(form.assertion);
  if (!decoded.ok) return oauthError(400, decoded.error, decoded.description);
  const { header, claims } = decoded;
  if (header.alg !== "RS256") return oauthError(400, "invalid_grant", "Invalid JWT: unsupported algorithm.");
  const account = state.serviceAccounts.get(claims.iss);
  if (!account) return oauthError(400, "invalid_grant", "Invalid grant: account not found");
  if (!signatureIsValid(form.assertion, account.publicKeyPem)) {
    return oauthError(400, "invalid_grant", "Invalid JWT Signature.");
  }
  if (![...acceptedAudiences, opts.ownTokenUrl].includes(claims.aud)) {
    return oauthError(400, "invalid_grant", "Invalid JWT: Failed audience check.");
  }
  const now = Math.floor((opts.now ?? Date.now()) / 1000);
  if (!timeframeIsValid(claims, now)) {
    return oauthError(
      400,
      "invalid_grant",
      "Invalid JWT: Token must be a short-lived token (60 minutes) and in a reasonable timeframe. Check your iat and exp values in the JWT claim.",
    );
  }
  const requested = (claims.scope ?? "").split(" ").filter(Boolean);
  if (!requested.length) return oauthError(400, "invalid_scope", "Empty or missing scope not allowed.");
  if (!claims.sub) {
    // Without `sub` a service account acts as itself; it is no Workspace admin, so the Directory API
    // will refuse it. The token is still issued, as Google does.
  } else {
    const unauthorized = requested.some((scope) => !account.delegatedScopes.has(scope));
    if (unauthorized) {
      return oauthError(
        401,
        "unauthorized_client",
        "Client is unauthorized to retrieve access tokens using this method, or client not authorized for any of the scopes requested.",
      );
    }
    const subject = state.findUser(claims.sub);
    if (!subject || subject.suspended) return oauthError(400, "invalid_grant", "Invalid email or User ID");
  }
  const token = `ya29.emu-${randomBytes(24).toString("base64url")}`;
  state.tokens.set(token, {
    token,
    clientEmail: account.clientEmail,
    subject: (claims.sub ?? account.clientEmail).toLowerCase(),
    scopes: new Set(requested),
    expiresAt: Date.now() + opts.lifetimeSeconds * 1000,
  });
  return {
    status: 200,
    body: { access_token: token, expires_in: opts.lifetimeSeconds, token_type: "Bearer" },
  };
}
