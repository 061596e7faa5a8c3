import { randomBytes } from "node:crypto";
import { type GoogleEmulator, start } from "../../emulators/google";
import { domainOf } from "../../emulators/google/state";

/**
 * A Google emulator as an admin leaves it for mailboxes that connect with OAuth: their domains added to the
 * customer, their users created (licensed, fully created), and the organisation's OAuth client registered.
 * A test then issues refresh tokens with `google.oauth.issueRefreshToken(address, clientId)` (a completed
 * consent), revokes them with `google.oauth.revokeRefreshToken`, posts to `google.tokenUri`, and reads what
 * reached the token endpoint with `tokenCalls(google)`. Stop it with `google.stop()`.
 */
export async function startGoogleForOAuth(options: {
  /** The OAuth client registered in Google (Cloud console) and, by the test, in Smartlead. */
  client: { clientId: string; clientSecret: string };
  /** Mailbox addresses that exist in the Workspace. @example ["ana@acme.test"] */
  mailboxes: string[];
}): Promise<GoogleEmulator> {
  const google = await start({ userCreationDelayMs: 0 });
  for (const domain of new Set(options.mailboxes.map(domainOf))) {
    google.state.addDomain(google.customerId, domain, { verified: true });
  }
  for (const address of options.mailboxes) {
    google.state.addUser({
      customerId: google.customerId,
      primaryEmail: address,
      givenName: address.split("@")[0],
      familyName: "Mailbox",
      password: randomBytes(18).toString("base64url"),
    });
  }
  google.oauth.registerOAuthClient(options.client);
  return google;
}

/**
 * Every call the token endpoint received, oldest first, from the emulator's call log: which OAuth client it named
 * and whether Google answered with a token.
 */
export function tokenCalls(google: GoogleEmulator): { clientId?: string; ok: boolean }[] {
  return google.state.calls
    .filter((call) => call.endpoint === "oauth.token")
    .map((call) => ({ ...(call.clientId ? { clientId: call.clientId } : {}), ok: call.status === 200 }));
}
