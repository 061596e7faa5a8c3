import * as http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { GoogleEmulator } from "../../emulators/google";
import { oauthValidationAt } from "../../emulators/smartlead/oauth-validation-at-google";
import { startGoogleForOAuth } from "../../test/support/google-oauth";
import { mintAccessToken, OAuthRefreshError } from "./oauth-refresh";
import type { RetryPolicy } from "./retry-policy";

const fast: RetryPolicy = { retries: 3, baseDelayMs: 1, maxDelayMs: 5, maxRetryAfterMs: 5 };

const clientId = "mailinfra.apps.googleusercontent.com";
const clientSecret = "GOCSPX-SECRET-of-client";
const authorizeCommand = "npm run authorize -- --stack dev";
let google: GoogleEmulator;
beforeAll(async () => {
  google = await startGoogleForOAuth({ client: { clientId, clientSecret }, mailboxes: ["ana@acme.test"] });
});
afterAll(async () => {
  await google.stop();
});

const request = (refreshToken: string, extra: Partial<Parameters<typeof mintAccessToken>[0]> = {}) => ({
  tokenUri: google.tokenUri,
  clientId,
  clientSecret,
  refreshToken,
  authorizeCommand,
  ...extra,
});

async function failure(promise: Promise<unknown>): Promise<OAuthRefreshError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(OAuthRefreshError);
  return error as OAuthRefreshError;
}

describe("mintAccessToken (refresh_token grant)", () => {
  it("mints an access token with its expiry", async () => {
    const refresh = google.oauth.issueRefreshToken("ana@acme.test", clientId);
    const token = await mintAccessToken(request(refresh), () => 1_000);
    expect(token).toEqual({
      accessToken: expect.stringMatching(/^ya29\./),
      expiresAt: 1_000 + 3_599_000,
      scope: "https://mail.google.com/",
    });
    expect(
      await oauthValidationAt(google).verifyOauthMailbox({
        email: "ana@acme.test",
        accessToken: token.accessToken,
      }),
    ).toEqual({ ok: true });
  });

  it("a revoked token says the authorization was revoked or expired and which command to run, without the secrets", async () => {
    const refresh = google.oauth.issueRefreshToken("ana@acme.test", clientId);
    google.oauth.revokeRefreshToken(refresh);
    const error = await failure(mintAccessToken(request(refresh)));
    expect(error.message).toBe(
      "the mailbox's authorization was revoked or expired (Google answered invalid_grant: Token has been expired or revoked.): run npm run authorize -- --stack dev",
    );
    expect(error.needsAuthorization).toBe(true);
    expect(error.message).not.toContain(refresh);
    expect(error.message).not.toContain(clientSecret);
  });

  it("a wrong client secret points at mailinfra:google.oauthClient", async () => {
    const refresh = google.oauth.issueRefreshToken("ana@acme.test", clientId);
    const error = await failure(mintAccessToken(request(refresh, { clientSecret: "wrong-SECRET" })));
    expect(error.code).toBe("invalid_client");
    expect(error.message).toContain("check the client id and secret in mailinfra:google.oauthClient");
    expect(error.message).not.toContain("wrong-SECRET");
  });

  it("an unreachable token endpoint is a network failure naming the endpoint", async () => {
    const error = await failure(
      mintAccessToken(
        request("1//x", {
          tokenUri: "http://127.0.0.1:1/token",
          timeoutMs: 2000,
          retry: { ...fast, retries: 1 },
        }),
      ),
    );
    expect(error.code).toBe("network");
    expect(error.message).toContain("could not reach Google's token endpoint http://127.0.0.1:1/token");
  });

  it("a 503 and a 429 from the token endpoint are retried, and the grant then succeeds", async () => {
    const refresh = google.oauth.issueRefreshToken("ana@acme.test", clientId);
    const answers = [503, 429];
    let calls = 0;
    // Google's token endpoint having a bad moment: two failures, then Google itself answers.
    const flaky = http.createServer((req, res) => {
      calls++;
      const status = answers.shift();
      if (status) {
        res.writeHead(status, { "retry-after": "0", "content-type": "application/json" });
        res.end(JSON.stringify({ error: status === 429 ? "rate_limit_exceeded" : "backend_error" }));
        return;
      }
      let body = "";
      req.on("data", (chunk) => {
        body += chunk;
      });
      req.on("end", async () => {
        const answer = await fetch(google.tokenUri, {
          method: "POST",
          headers: { "content-type": "application/x-www-form-urlencoded" },
          body,
        });
        res.writeHead(answer.status, { "content-type": "application/json" });
        res.end(await answer.text());
      });
    });
    await new Promise<void>((resolve) => flaky.listen(0, "127.0.0.1", resolve));
    try {
      const tokenUri = `http://127.0.0.1:${(flaky.address() as AddressInfo).port}/token`;
      const token = await mintAccessToken(request(refresh, { tokenUri, retry: fast }));
      expect(token.accessToken).toMatch(/^ya29\./);
      expect(calls).toBe(3);
      // Out of retries, the last answer is reported as it came.
      answers.push(503, 503);
      const error = await failure(
        mintAccessToken(request(refresh, { tokenUri, retry: { ...fast, retries: 1 } })),
      );
      expect(error.message).toContain("backend_error");
    } finally {
      flaky.close();
    }
  });

  it("an OAuth error answer is not retried: a revoked token fails at the first answer", async () => {
    const refresh = google.oauth.issueRefreshToken("ana@acme.test", clientId);
    google.oauth.revokeRefreshToken(refresh);
    const before = google.state.callCount("oauth.token");
    const error = await failure(mintAccessToken(request(refresh, { retry: { ...fast, retries: 5 } })));
    expect(error.code).toBe("invalid_grant");
    // One request: the answer was final.
    expect(google.state.callCount("oauth.token") - before).toBe(1);
  });
});
