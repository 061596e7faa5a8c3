import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FakeGoogleOAuth } from "../../emulators/smartlead/fake-google-oauth";
import { mintAccessToken, OAuthRefreshError } from "./oauth-refresh";

const clientId = "mailinfra.apps.googleusercontent.com";
const clientSecret = "GOCSPX-SECRET-of-client";
const authorizeCommand = "npm run authorize -- --stack dev";
const google = new FakeGoogleOAuth();
google.registerClient(clientId, clientSecret);
let server: { tokenUri: string; stop: () => Promise<void> };
beforeAll(async () => {
  server = await google.serve();
});
afterAll(async () => {
  await server.stop();
});

const request = (refreshToken: string, extra: Partial<Parameters<typeof mintAccessToken>[0]> = {}) => ({
  tokenUri: server.tokenUri,
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
    const refresh = google.issueRefreshToken("ana@acme.test", clientId);
    const token = await mintAccessToken(request(refresh), () => 1_000);
    expect(token).toEqual({
      accessToken: expect.stringMatching(/^ya29\./),
      expiresAt: 1_000 + 3_599_000,
      scope: "https://mail.google.com/",
    });
    expect(
      await google.verifyOauthMailbox({ email: "ana@acme.test", accessToken: token.accessToken }),
    ).toEqual({ ok: true });
  });

  it("a revoked token says the authorization was revoked or expired and which command to run, without the secrets", async () => {
    const refresh = google.issueRefreshToken("ana@acme.test", clientId);
    google.revoke(refresh);
    const error = await failure(mintAccessToken(request(refresh)));
    expect(error.message).toBe(
      "the mailbox's authorization was revoked or expired (Google answered invalid_grant: Token has been expired or revoked.): run npm run authorize -- --stack dev",
    );
    expect(error.needsAuthorization).toBe(true);
    expect(error.message).not.toContain(refresh);
    expect(error.message).not.toContain(clientSecret);
  });

  it("a wrong client secret points at mailinfra:google.oauthClient", async () => {
    const refresh = google.issueRefreshToken("ana@acme.test", clientId);
    const error = await failure(mintAccessToken(request(refresh, { clientSecret: "wrong-SECRET" })));
    expect(error.code).toBe("invalid_client");
    expect(error.message).toContain("check the client id and secret in mailinfra:google.oauthClient");
    expect(error.message).not.toContain("wrong-SECRET");
  });

  it("an unreachable token endpoint is a network failure naming the endpoint", async () => {
    const error = await failure(
      mintAccessToken(request("1//x", { tokenUri: "http://127.0.0.1:1/token", timeoutMs: 2000 })),
    );
    expect(error.code).toBe("network");
    expect(error.message).toContain("could not reach Google's token endpoint http://127.0.0.1:1/token");
  });
});
