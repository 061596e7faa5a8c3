import type { Reply } from "../http/reply";
import { isObject } from "../http/request-body";
import { authorizationErrorPage, signInPage } from "./oauth-consent-page";
import type { OAuthClient, PendingAuthorization } from "./oauth-state";
import type { GoogleWorkspaceState } from "./state";

/**
 * Google's authorization endpoint (`https://accounts.google.com/o/oauth2/v2/auth`), as "Using OAuth 2.0 for Web
 * Server Applications" (https://developers.google.com/identity/protocols/oauth2/web-server#creatingclient) and
 * "OAuth 2.0 for Mobile & Desktop Apps" (https://developers.google.com/identity/protocols/oauth2/native-app)
 * describe it. GET checks the request and shows the sign-in/consent page; the page posts back here; the answer
 * is a redirect to `redirect_uri` with `code` and `state`, or `error=access_denied` when the person cancels.
 * A request whose client or redirect_uri cannot be trusted never redirects: Google shows its error page.
 */

export const authorizationPath = "/o/oauth2/v2/auth";

/**
 * The redirect URI check. Exact string match against the client's registered URIs, except, for a Desktop
 * client, loopback ones:
 * "http://127.0.0.1:port" (or [::1], localhost) matches a registered loopback URI on any port, because a
 * desktop app listens on whatever port the OS gives it (native-app page, "Loopback IP address"; RFC 8252 §7.3).
 */
export function redirectUriAllowed(client: OAuthClient, redirectUri: string): boolean {
  if (client.redirectUris.includes(redirectUri)) return true;
  if (client.type === "web") return false;
  const asked = loopback(redirectUri);
  if (!asked) return false;
  return client.redirectUris.some((registered) => {
    const known = loopback(registered);
    return known !== undefined && known.host === asked.host && known.path === asked.path;
  });
}

function loopback(uri: string): { host: string; path: string } | undefined {
  try {
    const url = new URL(uri);
    if (url.protocol !== "http:" || !["127.0.0.1", "[::1]", "localhost"].includes(url.hostname))
      return undefined;
    return { host: url.hostname, path: `${url.pathname}${url.search}` };
  } catch {
    return undefined;
  }
}

function errorPage(
  status: number,
  error: string,
  description: string,
  details?: Record<string, string>,
): Reply {
  return { status, html: authorizationErrorPage({ status, error, description, details }) };
}

function redirect(to: string, params: Record<string, string | undefined>): Reply {
  const url = new URL(to);
  for (const [key, value] of Object.entries(params))
    if (value !== undefined) url.searchParams.set(key, value);
  return { status: 302, headers: { location: url.toString() } };
}

/** GET: validate the request and show the sign-in page. */
export function showAuthorization(state: GoogleWorkspaceState, query: URLSearchParams): Reply {
  const oauth = state.oauth;
  const clientId = query.get("client_id");
  const redirectUri = query.get("redirect_uri");
  if (!clientId) return errorPage(400, "invalid_request", "Missing required parameter: client_id");
  const client = oauth.clients.get(clientId);
  if (!client)
    return errorPage(401, "invalid_client", "The OAuth client was not found.", { client_id: clientId });
  if (!redirectUri) return errorPage(400, "invalid_request", "Missing required parameter: redirect_uri");
  if (!redirectUriAllowed(client, redirectUri)) {
    return errorPage(
      400,
      "redirect_uri_mismatch",
      "You can't sign in to this app because it doesn't comply with Google's OAuth 2.0 policy. If you're the app developer, register the redirect URI in the Google Cloud Console.",
      { redirect_uri: redirectUri },
    );
  }
  // With a trusted redirect URI, Google still reports malformed requests on its own page (Error 400:
  // invalid_request) rather than redirecting; the parameter checks follow the web-server page's table.
  const responseType = query.get("response_type");
  if (!responseType) return errorPage(400, "invalid_request", "Required parameter is missing: response_type");
  if (responseType !== "code") {
    return errorPage(400, "unsupported_response_type", `Invalid response_type: ${responseType}`);
  }
  const requested = (query.get("scope") ?? "").split(/\s+/).filter(Boolean);
  if (!requested.length) return errorPage(400, "invalid_request", "Missing required parameter: scope");
  const accessType = query.get("access_type") ?? "online";
  if (accessType !== "online" && accessType !== "offline") {
    return errorPage(400, "invalid_request", `Invalid access_type: ${accessType}`);
  }
  const codeChallenge = query.get("code_challenge") ?? undefined;
  const method = query.get("code_challenge_method") ?? (codeChallenge ? "plain" : undefined);
  // PKCE: S256 recommended, plain accepted (native-app page, "Step 1: Generate a code verifier and challenge").
  if (method !== undefined && method !== "S256" && method !== "plain") {
    return errorPage(400, "invalid_request", "Invalid code_challenge_method.");
  }
  if (method !== undefined && !codeChallenge) {
    return errorPage(400, "invalid_request", "Missing code_challenge.");
  }
  const prompts = (query.get("prompt") ?? "").split(/\s+/).filter(Boolean);
  const pending = oauth.newPending({
    clientId,
    redirectUri,
    scopes: requested,
    accessType,
    promptConsent: prompts.includes("consent"),
    ...(query.get("state") !== null ? { state: query.get("state") as string } : {}),
    ...(query.get("login_hint") ? { loginHint: query.get("login_hint") as string } : {}),
    ...(codeChallenge ? { codeChallenge, codeChallengeMethod: method as "S256" | "plain" } : {}),
  });
  return { status: 200, html: signInPage({ pending }) };
}

/** POST from the page: the person signs in with their current Workspace password and allows, or cancels. */
export function answerAuthorization(state: GoogleWorkspaceState, body: unknown): Reply {
  const oauth = state.oauth;
  const form = isObject(body) ? body : {};
  const pending = typeof form.request === "string" ? oauth.takePending(form.request) : undefined;
  if (!pending) {
    return errorPage(
      400,
      "invalid_request",
      "The sign-in request has expired or was already answered. Start again.",
    );
  }
  if (form.decision !== "allow") {
    oauth.pending.delete(pending.id);
    return redirect(pending.redirectUri, { error: "access_denied", state: pending.state });
  }
  const email = typeof form.email === "string" ? form.email.trim() : "";
  const password = typeof form.password === "string" ? form.password : "";
  const user = state.findUser(email);
  // A user Google is still creating (user-creation.ts) cannot sign in yet: answered as unknown (not confirmed live).
  if (!user || !state.creationComplete(user)) {
    // Google's sign-in wording for an unknown address (not confirmed against a live page).
    return again(pending, email, "Couldn't find your Google Account");
  }
  if (user.suspended) return again(pending, email, "Your account has been suspended");
  if (!state.verifyPassword(email, password)) {
    return again(pending, email, "Wrong password. Try again or click Forgot password to reset it.");
  }
  const client = oauth.clients.get(pending.clientId);
  if (client?.internal && client.customerId && client.customerId !== user.customerId) {
    // An Internal app only serves its organization's users (Error 403: org_internal).
    oauth.pending.delete(pending.id);
    return errorPage(403, "org_internal", "This client is restricted to users within its organization.");
  }
  const code = oauth.issueCode(pending, user);
  return redirect(pending.redirectUri, {
    code: code.code,
    scope: pending.scopes.join(" "),
    state: pending.state,
  });
}

function again(pending: PendingAuthorization, email: string, problem: string): Reply {
  return { status: 200, html: signInPage({ pending, email, problem }) };
}
