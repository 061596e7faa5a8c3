/**
 * Plays the person at Google's consent page, through the page itself: opens the authorization link, reads the
 * form, signs in with the mailbox's current password and presses Allow (or Cancel). Returns where the browser
 * would be sent next (the redirect's Location), or the page shown again (wrong password, error page).
 */
export interface ConsentOutcome {
  status: number;
  /** The redirect target (`redirect_uri?code=…&state=…`), when the page redirected. */
  location?: string;
  /** The page shown instead of a redirect. */
  html?: string;
}

export async function answerConsentPage(
  authorizationUrl: string,
  person: { email?: string; password: string; decision?: "allow" | "deny" },
): Promise<ConsentOutcome> {
  const page = await fetch(authorizationUrl, { redirect: "manual" });
  const html = await page.text();
  const request = /name="request" value="([^"]+)"/.exec(html)?.[1];
  if (page.status !== 200 || !request) return { status: page.status, html };
  const prefilled = /name="email" value="([^"]*)"/.exec(html)?.[1] ?? "";
  const form = new URLSearchParams({
    request,
    email: person.email ?? prefilled.replace(/&amp;/g, "&"),
    password: person.password,
    decision: person.decision ?? "allow",
  });
  const action = new URL("/o/oauth2/v2/auth", authorizationUrl);
  const answer = await fetch(action, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: form.toString(),
    redirect: "manual",
  });
  const location = answer.headers.get("location") ?? undefined;
  return location
    ? { status: answer.status, location }
    : { status: answer.status, html: await answer.text() };
}
