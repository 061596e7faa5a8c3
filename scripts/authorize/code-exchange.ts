import { z } from "zod";

/**
 * The authorization code → tokens exchange at Google's token endpoint
 * (https://developers.google.com/identity/protocols/oauth2/native-app, "Step 5: Exchange authorization code
 * for refresh and access tokens"): a form POST of code, client_id, client_secret, redirect_uri (the same
 * loopback address), grant_type=authorization_code and the PKCE code_verifier. The answer carries
 * `refresh_token` when the link asked for access_type=offline. No token or secret ever appears in an error.
 */
export interface CodeExchange {
  tokenUri: string;
  clientId: string;
  clientSecret: string;
  code: string;
  codeVerifier: string;
  redirectUri: string;
}

const answerSchema = z.object({
  access_token: z.string().min(1),
  refresh_token: z.string().min(1).optional(),
  scope: z.string().optional(),
});
const errorSchema = z.object({ error: z.string(), error_description: z.string().optional() });

export async function exchangeCode(
  request: CodeExchange,
): Promise<{ refreshToken: string; accessToken: string; scope?: string }> {
  const response = await fetch(request.tokenUri, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", accept: "application/json" },
    body: new URLSearchParams({
      grant_type: "authorization_code",
      code: request.code,
      client_id: request.clientId,
      client_secret: request.clientSecret,
      redirect_uri: request.redirectUri,
      code_verifier: request.codeVerifier,
    }).toString(),
    signal: AbortSignal.timeout(30_000),
  });
  let json: unknown;
  try {
    json = JSON.parse(await response.text());
  } catch {
    json = undefined;
  }
  if (!response.ok) {
    const error = errorSchema.safeParse(json);
    const words = error.success
      ? `${error.data.error}${error.data.error_description ? `: ${error.data.error_description}` : ""}`
      : `HTTP ${response.status}`;
    const hint =
      error.success && error.data.error === "invalid_client"
        ? " Check mailinfra:google.oauthClient (client id and secret)."
        : "";
    throw new Error(`Google refused the authorization code (${words}).${hint}`);
  }
  const answer = answerSchema.safeParse(json);
  if (!answer.success || answer.data.refresh_token === undefined) {
    throw new Error(
      "Google answered without a refresh token; the consent link asks for access_type=offline and prompt=consent, so the OAuth client may not be a Desktop or Web client of this project",
    );
  }
  return {
    refreshToken: answer.data.refresh_token,
    accessToken: answer.data.access_token,
    ...(answer.data.scope ? { scope: answer.data.scope } : {}),
  };
}
