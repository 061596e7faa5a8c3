import { setTimeout as sleep } from "node:timers/promises";
import { z } from "zod";
import { redactSecrets } from "../smartlead/smartlead-error";
import { GMAIL_MAIL_SCOPE } from "./oauth-endpoints";
import { defaultRetryPolicy, isRetryableFailure, type RetryPolicy, retryDelayMs } from "./retry-policy";

/**
 * Mints a mailbox's access token from its refresh token: Google's refresh_token grant
 * (https://developers.google.com/identity/protocols/oauth2/web-server#offline, "Refreshing an access token"):
 * a form POST of grant_type=refresh_token, refresh_token, client_id and client_secret to the token endpoint,
 * answered with `{access_token, expires_in, scope, token_type}` or an error body `{error, error_description}`.
 * Error codes per RFC 6749 §5.2 as Google uses them: `invalid_grant` (revoked, expired — e.g. six months
 * unused, password changed — or never valid), `invalid_client` (unknown client or wrong secret),
 * `unauthorized_client` (the token was issued to another client).
 * The refresh token, client secret and access token never appear in an error.
 */

const tokenAnswerSchema = z.object({
  access_token: z.string().min(1),
  expires_in: z.number().positive(),
  scope: z.string().optional(),
  token_type: z.string().optional(),
});
const errorAnswerSchema = z.object({ error: z.string(), error_description: z.string().optional() });

export interface AccessTokenRequest {
  tokenUri: string;
  clientId: string;
  clientSecret: string;
  refreshToken: string;
  /** What the person runs to authorize the mailbox again; named in the revoked-token message. */
  authorizeCommand: string;
  timeoutMs?: number;
  /** How a lost connection, 429 or 5xx is retried. @default defaultRetryPolicy */
  retry?: RetryPolicy;
}

export interface AccessToken {
  accessToken: string;
  /** ms since the epoch. */
  expiresAt: number;
  scope: string;
}

export class OAuthRefreshError extends Error {
  constructor(
    message: string,
    /** Google's error code (`invalid_grant`, ...), or `network` / `unexpected_answer`. */
    readonly code: string,
    /** The mailbox must sign in again: no retry or config change fixes it. */
    readonly needsAuthorization: boolean,
  ) {
    super(message);
    this.name = "OAuthRefreshError";
  }
}

function explain(
  code: string,
  description: string | undefined,
  request: AccessTokenRequest,
): OAuthRefreshError {
  const words = description ? `${code}: ${description}` : code;
  if (code === "invalid_grant") {
    return new OAuthRefreshError(
      `the mailbox's authorization was revoked or expired (Google answered ${words}): run ${request.authorizeCommand}`,
      code,
      true,
    );
  }
  if (code === "unauthorized_client") {
    return new OAuthRefreshError(
      `the mailbox was authorized with another OAuth client than ${request.clientId} (Google answered ${words}): run ${request.authorizeCommand}`,
      code,
      true,
    );
  }
  if (code === "invalid_client") {
    return new OAuthRefreshError(
      `Google does not accept the OAuth client ${request.clientId} (${words}): check the client id and secret in mailinfra:google.oauthClient`,
      code,
      false,
    );
  }
  return new OAuthRefreshError(`Google refused to refresh the mailbox's token (${words})`, code, false);
}

export async function mintAccessToken(request: AccessTokenRequest, now = Date.now): Promise<AccessToken> {
  const secrets = [request.refreshToken, request.clientSecret];
  const form = new URLSearchParams({
    grant_type: "refresh_token",
    refresh_token: request.refreshToken,
    client_id: request.clientId,
    client_secret: request.clientSecret,
  });
  const policy = request.retry ?? defaultRetryPolicy;
  let response: Response;
  let text: string;
  for (let attempt = 1; ; attempt++) {
    try {
      response = await fetch(request.tokenUri, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded", accept: "application/json" },
        body: form.toString(),
        signal: AbortSignal.timeout(request.timeoutMs ?? 30_000),
      });
      text = await response.text();
    } catch (error) {
      // A lost connection is transient: the grant changes nothing at Google, so asking again is safe.
      if (attempt <= policy.retries) {
        await sleep(retryDelayMs(attempt, null, policy));
        continue;
      }
      const e = error as { name?: string; cause?: { code?: string }; message?: string };
      const detail =
        e?.name === "TimeoutError" ? "no answer in time" : (e?.cause?.code ?? e?.message ?? "failed");
      throw new OAuthRefreshError(
        `could not reach Google's token endpoint ${request.tokenUri} (${redactSecrets(String(detail), secrets)})`,
        "network",
        false,
      );
    }
    // 429 and 5xx are retried with backoff (Retry-After wins), as every Google call of mailinfra is
    // (retry-policy.ts); an OAuth error answer (400/401) is final.
    if (isRetryableFailure(response.status, []) && attempt <= policy.retries) {
      await sleep(retryDelayMs(attempt, response.headers.get("retry-after"), policy));
      continue;
    }
    break;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  if (!response.ok) {
    const parsed = errorAnswerSchema.safeParse(json);
    if (parsed.success) {
      const failure = explain(parsed.data.error, parsed.data.error_description, request);
      throw new OAuthRefreshError(
        redactSecrets(failure.message, secrets),
        failure.code,
        failure.needsAuthorization,
      );
    }
    throw new OAuthRefreshError(
      `Google's token endpoint answered HTTP ${response.status}`,
      "unexpected_answer",
      false,
    );
  }
  const parsed = tokenAnswerSchema.safeParse(json);
  if (!parsed.success) {
    throw new OAuthRefreshError(
      "Google's token endpoint answered without an access token",
      "unexpected_answer",
      false,
    );
  }
  return {
    accessToken: parsed.data.access_token,
    expiresAt: now() + parsed.data.expires_in * 1000,
    scope: parsed.data.scope ?? GMAIL_MAIL_SCOPE,
  };
}
