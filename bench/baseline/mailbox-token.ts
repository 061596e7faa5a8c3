import type { LocalWorld } from "../../emulators/local-world";
import { GMAIL_MAIL_SCOPE, oauthEndpoints } from "../../providers/workspace/oauth-endpoints";

/**
 * An access token for a mailbox that has signed in: the refresh-token grant at Google's token endpoint
 * (https://developers.google.com/identity/protocols/oauth2/web-server#offline, "Refreshing an access token"), with
 * the customer's OAuth client, as a backend does before handing the token to Smartlead's save-oauth.
 */
export async function mailboxAccessToken(
  world: LocalWorld,
  refreshToken: string,
): Promise<{ accessToken: string; refreshToken: string; expiresAt: number; scope: string }> {
  const response = await fetch(oauthEndpoints(world.google.url).token, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", accept: "application/json" },
    body: new URLSearchParams({
      grant_type: "refresh_token",
      refresh_token: refreshToken,
      client_id: world.oauthClient.clientId,
      client_secret: world.oauthClient.clientSecret,
    }).toString(),
  });
  const answer = (await response.json()) as { access_token?: string; expires_in?: number; scope?: string };
  if (!response.ok || !answer.access_token)
    throw new Error(`refreshing a mailbox token: HTTP ${response.status}`);
  return {
    accessToken: answer.access_token,
    refreshToken,
    expiresAt: Date.now() + (answer.expires_in ?? 3600) * 1000,
    scope: answer.scope ?? GMAIL_MAIL_SCOPE,
  };
}
