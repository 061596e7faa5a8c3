import { createHash, randomBytes } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type GoogleEmulator, scopes, start } from "./index";
import { answerConsentPage } from "./oauth-person";

/**
 * The user OAuth flow over raw HTTP, as a browser and a client would speak it: authorization page → sign-in
 * POST → redirect with code → token exchange with PKCE → refresh → revoke; and each refusal Google gives.
 */

let google: GoogleEmulator;
let clock = Date.now();
const client = { clientId: "123-mailinfra.apps.googleusercontent.com", clientSecret: "GOCSPX-secret" };
const loopback = "http://127.0.0.1/callback";
const web = "https://app.smartlead.ai/oauth/google";
let email = "";
const password = "first-Passw0rd";

beforeAll(async () => {
  google = await start({ now: () => clock });
  google.oauth.registerOAuthClient({ ...client, redirectUris: [loopback, web], internal: true });
});
afterAll(() => google.stop());
beforeEach(() => {
  clock = Date.now();
  email = `ana.${randomBytes(3).toString("hex")}@wire.example.com`;
  google.state.addUser({
    customerId: google.customerId,
    primaryEmail: email,
    givenName: "Ana",
    familyName: "P",
    password,
  });
});

function pkce() {
  const verifier = randomBytes(32).toString("base64url");
  return { verifier, challenge: createHash("sha256").update(verifier).digest("base64url") };
}

function authUrl(params: Record<string, string>): string {
  const url = new URL(`${google.url}/o/oauth2/v2/auth`);
  for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
  return url.toString();
}

function offlineUrl(challenge: string, overrides: Record<string, string> = {}): string {
  return authUrl({
    client_id: client.clientId,
    redirect_uri: "http://127.0.0.1:53682/callback",
    response_type: "code",
    scope: scopes.gmail,
    access_type: "offline",
    prompt: "consent",
    login_hint: email,
    state: "st-42",
    code_challenge: challenge,
    code_challenge_method: "S256",
    ...overrides,
  });
}

async function token(form: Record<string, string>, headers: Record<string, string> = {}) {
  const res = await fetch(`${google.url}/token`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", ...headers },
    body: new URLSearchParams(form).toString(),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

async function codeFor(url: string): Promise<string> {
  const outcome = await answerConsentPage(url, { password });
  expect(outcome.status).toBe(302);
  return new URL(outcome.location as string).searchParams.get("code") as string;
}

async function exchange(code: string, verifier: string, redirectUri = "http://127.0.0.1:53682/callback") {
  return token({
    grant_type: "authorization_code",
    code,
    redirect_uri: redirectUri,
    code_verifier: verifier,
    ...toBody(),
  });
}

const toBody = () => ({ client_id: client.clientId, client_secret: client.clientSecret });

async function authorized() {
  const { verifier, challenge } = pkce();
  const answer = await exchange(await codeFor(offlineUrl(challenge)), verifier);
  expect(answer.status).toBe(200);
  return answer.body as { access_token: string; refresh_token: string };
}

describe("authorization endpoint", () => {
  it("shows the sign-in page, then redirects to the loopback URI (any port) with code and state", async () => {
    const { challenge } = pkce();
    const page = await fetch(offlineUrl(challenge));
    expect(page.status).toBe(200);
    expect(page.headers.get("content-type")).toContain("text/html");
    const html = await page.text();
    expect(html).toContain(`value="${email}"`);
    expect(html).toContain(scopes.gmail);

    const outcome = await answerConsentPage(offlineUrl(challenge), { password });
    const target = new URL(outcome.location as string);
    expect(`${target.origin}${target.pathname}`).toBe("http://127.0.0.1:53682/callback");
    expect(target.searchParams.get("state")).toBe("st-42");
    expect(target.searchParams.get("code")).toMatch(/^4\//);
  });

  it("never redirects to a redirect_uri the client did not register: Google's error page instead", async () => {
    const res = await fetch(offlineUrl(pkce().challenge, { redirect_uri: "https://evil.example/cb" }), {
      redirect: "manual",
    });
    expect(res.status).toBe(400);
    expect(res.headers.get("location")).toBeNull();
    const html = await res.text();
    expect(html).toContain("Error 400: redirect_uri_mismatch");
    expect(html).toContain("redirect_uri=https://evil.example/cb");
  });

  it("answers an unknown client with Error 401: invalid_client and a missing response_type with invalid_request", async () => {
    const unknown = await fetch(offlineUrl("x", { client_id: "nobody" }));
    expect(unknown.status).toBe(401);
    expect(await unknown.text()).toContain("The OAuth client was not found.");
    const noType = await fetch(offlineUrl("x", { response_type: "" }));
    expect(noType.status).toBe(400);
    expect(await noType.text()).toContain("Error 400: invalid_request");
  });

  it("keeps the page on a wrong password, and redirects with error=access_denied when the person cancels", async () => {
    const url = offlineUrl(pkce().challenge);
    const wrong = await answerConsentPage(url, { password: "not-it" });
    expect(wrong.status).toBe(200);
    expect(wrong.html).toContain("Wrong password");
    const denied = await answerConsentPage(url, { password, decision: "deny" });
    const target = new URL(denied.location as string);
    expect(target.searchParams.get("error")).toBe("access_denied");
    expect(target.searchParams.get("state")).toBe("st-42");
    expect(target.searchParams.get("code")).toBeNull();
  });
});

describe("an Internal app", () => {
  it("lets only its own organization's users through (Error 403: org_internal)", async () => {
    google.state.addCustomer("C02other");
    const outsider = `eve.${randomBytes(3).toString("hex")}@other.example.com`;
    google.state.addUser({
      customerId: "C02other",
      primaryEmail: outsider,
      givenName: "Eve",
      familyName: "O",
      password,
    });
    google.oauth.registerOAuthClient({
      clientId: "internal-only",
      clientSecret: "s",
      redirectUris: [loopback],
      internal: true,
      customerId: google.customerId,
    });
    const url = offlineUrl(pkce().challenge, { client_id: "internal-only", login_hint: outsider });
    const outsiderAnswer = await answerConsentPage(url, { password });
    expect(outsiderAnswer.status).toBe(403);
    expect(outsiderAnswer.location).toBeUndefined();
    expect(outsiderAnswer.html).toContain("Error 403: org_internal");
    const insider = await answerConsentPage(offlineUrl(pkce().challenge, { client_id: "internal-only" }), {
      password,
    });
    expect(insider.status).toBe(302);
  });
});

describe("token endpoint", () => {
  it("exchanges the code with PKCE, refreshes, and after revocation answers invalid_grant", async () => {
    const { verifier, challenge } = pkce();
    const code = await codeFor(offlineUrl(challenge));
    const first = await exchange(code, verifier);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ expires_in: 3599, scope: scopes.gmail, token_type: "Bearer" });
    const { access_token, refresh_token } = first.body as { access_token: string; refresh_token: string };
    expect(refresh_token).toBeTruthy();
    expect(google.oauth.accessTokenInfo(access_token)).toMatchObject({
      email,
      clientId: client.clientId,
      scopes: [scopes.gmail],
    });

    const basic = `Basic ${Buffer.from(`${client.clientId}:${client.clientSecret}`).toString("base64")}`;
    const refreshed = await token({ grant_type: "refresh_token", refresh_token }, { authorization: basic });
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.refresh_token).toBeUndefined();
    expect(google.oauth.accessTokenInfo(refreshed.body.access_token as string)?.email).toBe(email);

    const revoke = await fetch(`${google.url}/revoke`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ token: refresh_token }).toString(),
    });
    expect(revoke.status).toBe(200);
    const after = await token({ grant_type: "refresh_token", refresh_token, ...toBody() });
    expect(after).toEqual({
      status: 400,
      body: { error: "invalid_grant", error_description: "Token has been expired or revoked." },
    });
    expect(google.oauth.accessTokenInfo(access_token)).toBeUndefined();
  });

  it("refuses a wrong verifier, a reused code, another redirect_uri and a wrong client secret", async () => {
    const { verifier, challenge } = pkce();
    const code = await codeFor(offlineUrl(challenge));
    expect((await exchange(code, "wrong-verifier-wrong-verifier-wrong-verifier")).body).toEqual({
      error: "invalid_grant",
      error_description: "Invalid code verifier.",
    });
    expect((await exchange(code, verifier, "http://127.0.0.1:9999/callback")).body.error).toBe(
      "redirect_uri_mismatch",
    );
    expect((await exchange(code, verifier)).status).toBe(200);
    expect(await exchange(code, verifier)).toEqual({
      status: 400,
      body: { error: "invalid_grant", error_description: "Bad Request" },
    });

    const other = pkce();
    const fresh = await codeFor(offlineUrl(other.challenge));
    const badSecret = await token({
      grant_type: "authorization_code",
      code: fresh,
      redirect_uri: "http://127.0.0.1:53682/callback",
      code_verifier: other.verifier,
      client_id: client.clientId,
      client_secret: "guess",
    });
    expect(badSecret).toEqual({
      status: 401,
      body: { error: "invalid_client", error_description: "Unauthorized" },
    });
  });

  it("lets a code expire after its lifetime and an access token after expires_in", async () => {
    const { verifier, challenge } = pkce();
    const code = await codeFor(offlineUrl(challenge));
    clock += 601_000;
    expect((await exchange(code, verifier)).body.error).toBe("invalid_grant");
    clock = Date.now();
    const { access_token } = await authorized();
    clock += 3599_000;
    expect(google.oauth.accessTokenInfo(access_token)).toBeUndefined();
  });

  it("gives a refresh token only with access_type=offline, and again without prompt=consent only the first time", async () => {
    const online = pkce();
    const onlineAnswer = await exchange(
      await codeFor(offlineUrl(online.challenge, { access_type: "online" })),
      online.verifier,
    );
    expect(onlineAnswer.body.refresh_token).toBeUndefined();
    await authorized();
    const again = pkce();
    const noPrompt = await exchange(
      await codeFor(offlineUrl(again.challenge, { prompt: "" })),
      again.verifier,
    );
    expect(noPrompt.status).toBe(200);
    expect(noPrompt.body.refresh_token).toBeUndefined();
  });

  it("kills refresh tokens of a suspended or deleted user, and Gmail-scoped ones on a password change", async () => {
    const suspended = await authorized();
    google.state.suspendUser(email);
    expect(
      (await token({ grant_type: "refresh_token", refresh_token: suspended.refresh_token, ...toBody() })).body
        .error,
    ).toBe("invalid_grant");
    expect(google.oauth.accessTokenInfo(suspended.access_token)).toBeUndefined();
    google.state.unsuspendUser(email);

    const gmail = await authorized();
    // A grant without a Gmail scope survives a password change (Google revokes only Gmail-scoped tokens).
    const other = pkce();
    const calendar = await exchange(
      await codeFor(offlineUrl(other.challenge, { scope: "https://www.googleapis.com/auth/calendar" })),
      other.verifier,
    );
    google.state.setPassword(email, "second-Passw0rd");
    expect(
      (await token({ grant_type: "refresh_token", refresh_token: gmail.refresh_token, ...toBody() })).status,
    ).toBe(400);
    expect(
      (
        await token({
          grant_type: "refresh_token",
          refresh_token: calendar.body.refresh_token as string,
          ...toBody(),
        })
      ).status,
    ).toBe(200);

    google.state.deleteUser(email);
    expect(
      (
        await token({
          grant_type: "refresh_token",
          refresh_token: calendar.body.refresh_token as string,
          ...toBody(),
        })
      ).body.error,
    ).toBe("invalid_grant");
  });

  it("answers an unknown grant type unsupported_grant_type and keeps the service-account grant", async () => {
    expect((await token({ grant_type: "password", ...toBody() })).body.error).toBe("unsupported_grant_type");
  });

  it("issueRefreshToken stands for a completed consent: the token refreshes for its client only; the call log names the client", async () => {
    const refresh_token = google.oauth.issueRefreshToken(email, client.clientId);
    google.state.clearCalls();
    const refreshed = await token({ grant_type: "refresh_token", refresh_token, ...toBody() });
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.scope).toBe(scopes.gmail);
    expect(google.oauth.accessTokenInfo(refreshed.body.access_token as string)?.email).toBe(email);
    expect(google.state.calls.map((c) => [c.endpoint, c.status, c.clientId])).toEqual([
      ["oauth.token", 200, client.clientId],
    ]);
    expect(() => google.oauth.issueRefreshToken(email, "unknown.apps.googleusercontent.com")).toThrow(
      /no OAuth client/,
    );
    expect(() => google.oauth.issueRefreshToken("nobody@wire.example.com", client.clientId)).toThrow(
      /no user/,
    );
  });
});

describe("Gmail users.getProfile", () => {
  it("says whose mailbox a token opens; refuses a missing, revoked or non-Gmail token with Google's 401 envelope", async () => {
    const { access_token, refresh_token } = await authorized();
    const profile = (bearer?: string) =>
      fetch(`${google.url}/gmail/v1/users/me/profile`, {
        headers: bearer ? { authorization: `Bearer ${bearer}` } : {},
      });
    const ok = await profile(access_token);
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ emailAddress: email });
    expect((await profile()).status).toBe(401);
    expect((await profile("ya29.not-a-token")).status).toBe(401);
    await fetch(`${google.url}/revoke`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ token: refresh_token }).toString(),
    });
    const revoked = await profile(access_token);
    expect(revoked.status).toBe(401);
    expect(((await revoked.json()) as { error: { code: number } }).error.code).toBe(401);
  });
});

describe("Web application clients", () => {
  it("accept their registered loopback redirect only on its own port, as Google matches Web client URIs exactly", async () => {
    google.oauth.registerOAuthClient({
      clientId: "web-1.apps.googleusercontent.com",
      clientSecret: "GOCSPX-web",
      type: "web",
      redirectUris: ["https://app.smartlead.ai/auth/oauth/callback", "http://127.0.0.1:8765"],
    });
    const page = (redirectUri: string) =>
      fetch(
        authUrl({
          client_id: "web-1.apps.googleusercontent.com",
          redirect_uri: redirectUri,
          response_type: "code",
          scope: scopes.gmail,
        }),
        { redirect: "manual" },
      ).then(async (r) => ({ status: r.status, text: await r.text() }));
    expect((await page("http://127.0.0.1:8765")).text).toContain('name="request"');
    const otherPort = await page("http://127.0.0.1:8766");
    expect(otherPort.status).toBe(400);
    expect(otherPort.text).toContain("redirect_uri_mismatch");
  });
});
