import { mintAccessToken, OAuthRefreshError } from "../../providers/workspace/oauth-refresh";

export type AuthorizationState = "valid" | "missing" | "revoked";

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
}): Promise<AuthorizationState> {
  if (request.refreshToken === undefined) return "missing";
  try {
    await mintAccessToken({ ...request, refreshToken: request.refreshToken });
    return "valid";
  } catch (error) {
    if (error instanceof OAuthRefreshError && error.needsAuthorization) return "revoked";
    throw error;
  }
}
