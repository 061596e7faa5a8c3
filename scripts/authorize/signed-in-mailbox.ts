import { z } from "zod";

/**
 * Which mailbox a fresh access token belongs to, from the Gmail API's users.getProfile (allowed by the
 * https://mail.google.com/ scope: https://developers.google.com/workspace/gmail/api/reference/rest/v1/users/getProfile).
 * The consent link's `login_hint` is only a hint: a person already signed in to Google as someone else (an
 * admin authorizing the fleet from their own browser) may consent as that account. Its token must not be stored
 * under another mailbox. Lower case; never includes the token in an error.
 */
export async function signedInMailbox(profileUrl: string, accessToken: string): Promise<string> {
  const response = await fetch(profileUrl, {
    headers: { authorization: `Bearer ${accessToken}`, accept: "application/json" },
    signal: AbortSignal.timeout(30_000),
  });
  if (!response.ok) throw new Error(`Gmail did not say who signed in (HTTP ${response.status})`);
  const profile = z
    .object({ emailAddress: z.string() })
    .safeParse(await response.json().catch(() => undefined));
  if (!profile.success) throw new Error("Gmail's profile answer has no emailAddress");
  return profile.data.emailAddress.toLowerCase();
}

/** The line and page text when someone else than `address` consented. */
export function wrongMailboxMessage(address: string, signedIn: string): string {
  return `Google signed in ${signedIn}, not ${address}: nothing was stored. Open ${address}'s link again and sign in as ${address} (a private browser window avoids an account the browser is already signed in to).`;
}
