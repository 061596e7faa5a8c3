import { mintAccessToken, OAuthRefreshError } from "../../providers/workspace/oauth-refresh";
import { signedInMailbox } from "./signed-in-mailbox";

export type AuthorizationState = "valid" | "missing" | "revoked" | "another-mailbox";

/**
 * Whether a stored authorization still works: a refresh_token grant that succeeds is valid; Google's
 * invalid_grant / unauthorized_client (revoked, expired, password changed, another client) means the mailbox
 * must sign in again. Anything else (the client refused, Google unreachable) is thrown: re-authorizing would
 * not fix it.
 */
export async function authorizationState(request: {
  tokenUri: string;
  clientId: string;
  clientSecret: string;
  refreshToken: string | undefined;
  authorizeCommand: string;
  /** The mailbox the token is stored under, and Gmail's users.getProfile URL to check it belongs to it. */
  address: string;
  gmailProfile: string;
}): Promise<AuthorizationState> {
  if (request.refreshToken === undefined) return "missing";
  try {
    const { accessToken } = await mintAccessToken({ ...request, refreshToken: request.refreshToken });
    // A token another account consented to (stored before this check existed) never connects this mailbox.
    const signedIn = await signedInMailbox(request.gmailProfile, accessToken);
    return signedIn === request.address.toLowerCase() ? "valid" : "another-mailbox";
  } catch (error) {
    if (error instanceof OAuthRefreshError && error.needsAuthorization) return "revoked";
    throw error;
  }
}
