/**
 * What the browser brought back to the loopback redirect: Google appends `code` and `state` on consent, or
 * `error` (`access_denied` when the person cancels) and `state`
 * (https://developers.google.com/identity/protocols/oauth2/native-app, "Step 4: Handle the OAuth 2.0 server
 * response"). A redirect whose `state` this command did not issue is ignored (RFC 6749 §10.12, CSRF).
 */
export type RedirectOutcome<T> =
  | { kind: "code"; pending: T; code: string }
  | { kind: "refused"; pending: T; error: string }
  | { kind: "unknown"; reason: string };

export function redirectOutcome<T>(requestUrl: string, byState: ReadonlyMap<string, T>): RedirectOutcome<T> {
  const url = new URL(requestUrl, "http://127.0.0.1");
  const state = url.searchParams.get("state");
  if (!state) return { kind: "unknown", reason: "no state parameter" };
  const pending = byState.get(state);
  if (pending === undefined)
    return { kind: "unknown", reason: "a state this command did not issue (or already used)" };
  const error = url.searchParams.get("error");
  if (error) return { kind: "refused", pending, error };
  const code = url.searchParams.get("code");
  if (!code) return { kind: "refused", pending, error: "no code in the redirect" };
  return { kind: "code", pending, code };
}
