import type { PendingAuthorization } from "./oauth-state";

/**
 * The two pages a person sees at Google's authorization endpoint: the sign-in and consent form, and the
 * "Access blocked: Authorization Error" page. The form is plain HTML a script can fill in as a person would:
 * form `#signin`, fields `email` and `password`, the hidden `request`, and the buttons `decision=allow` and
 * `decision=deny`. It posts back to `/o/oauth2/v2/auth`.
 */

function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] ?? c,
  );
}

export function signInPage(opts: {
  pending: PendingAuthorization;
  email?: string;
  problem?: string;
}): string {
  const { pending } = opts;
  const email = opts.email ?? pending.loginHint ?? "";
  const scopeItems = pending.scopes.map((scope) => `<li>${escapeHtml(scope)}</li>`).join("");
  const problem = opts.problem ? `<p class="problem" role="alert">${escapeHtml(opts.problem)}</p>` : "";
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Sign in - Google Accounts</title></head>
<body>
<h1>Sign in</h1>
<p>to continue to <strong>${escapeHtml(pending.clientId)}</strong></p>
<p>This app wants to access your Google Account:</p>
<ul class="scopes">${scopeItems}</ul>
${problem}
<form id="signin" method="post" action="/o/oauth2/v2/auth">
<input type="hidden" name="request" value="${escapeHtml(pending.id)}">
<label>Email <input type="email" name="email" value="${escapeHtml(email)}" autocomplete="username"></label>
<label>Password <input type="password" name="password" autocomplete="current-password"></label>
<button type="submit" name="decision" value="allow">Allow</button>
<button type="submit" name="decision" value="deny">Cancel</button>
</form>
</body></html>
`;
}

/**
 * Google's authorization error page: "Access blocked: Authorization Error", then "Error 400: <code>", a
 * sentence, and the request details. The wording of the redirect_uri_mismatch page is quoted in many issue
 * threads (e.g. https://github.com/n8n-io/n8n/issues/13943); the invalid_client one ("The OAuth client was not
 * found.", Error 401) in https://github.com/aldacco/drive-login/issues/34.
 */
export function authorizationErrorPage(opts: {
  status: number;
  error: string;
  description: string;
  details?: Record<string, string>;
}): string {
  const details = Object.entries(opts.details ?? {})
    .map(([k, v]) => `${escapeHtml(k)}=${escapeHtml(v)}`)
    .join(" ");
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Error ${opts.status}: ${escapeHtml(opts.error)}</title></head>
<body>
<h1>Access blocked: Authorization Error</h1>
<p id="error-code">Error ${opts.status}: ${escapeHtml(opts.error)}</p>
<p id="error-description">${escapeHtml(opts.description)}</p>
${details ? `<p id="request-details">Request details: ${details}</p>` : ""}
</body></html>
`;
}
