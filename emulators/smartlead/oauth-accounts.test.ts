import { afterEach, describe, expect, it } from "vitest";
import { startGoogleForOAuth, tokenCalls } from "../../test/support/google-oauth";
import type { GoogleEmulator } from "../google";
import { type SmartleadEmulator, type SmartleadEmulatorOptions, start } from "./index";
import { oauthValidationAt } from "./oauth-validation-at-google";

let emulator: SmartleadEmulator | undefined;
let googleEmulator: GoogleEmulator | undefined;
afterEach(async () => {
  await emulator?.stop();
  await googleEmulator?.stop();
  emulator = undefined;
  googleEmulator = undefined;
});

const clientId = "mailinfra-oauth.apps.googleusercontent.com";
const clientSecret = "GOCSPX-client-SECRET";

async function world(options: SmartleadEmulatorOptions = {}) {
  const google = await startGoogleForOAuth({
    client: { clientId, clientSecret },
    mailboxes: ["ana@acme.test", "bo@acme.test"],
  });
  googleEmulator = google;
  return { google, options: { ...oauthValidationAt(google), ...options } };
}

const oauthBody = (email: string, refreshToken: string, extra: Record<string, unknown> = {}) => ({
  from_name: "Ana Lima",
  from_email: email,
  username: email,
  type: "GMAIL",
  token: {
    token_type: "Bearer",
    access_token: "ya29.minted-by-mailinfra",
    refresh_token: refreshToken,
    expiry_date: Date.now() + 3_600_000,
    scope: "https://mail.google.com/",
  },
  warmup_enabled: true,
  use_whitelabel_credentials: true,
  max_email_per_day: 40,
  total_warmup_per_day: 20,
  daily_rampup: 5,
  reply_rate_percentage: 30,
  ...extra,
});

async function call(method: string, path: string, body?: unknown) {
  const url = new URL(`${emulator!.baseUrl}${path}`);
  url.searchParams.set("api_key", emulator!.apiKey);
  const res = await fetch(url, {
    method,
    headers: body === undefined ? {} : { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  // biome-ignore lint/suspicious/noExplicitAny: the test reads Smartlead's JSON answers field by field
  return { status: res.status, json: (await res.json()) as Record<string, any> };
}

describe("Smartlead emulator: POST /email-accounts/save-oauth", () => {
  it("creates a GMAIL account after refreshing with the registered client and an XOAUTH2 login", async () => {
    const { google, options } = await world();
    emulator = await start(options);
    emulator.state.registerOAuthClient({ clientId, clientSecret });
    const refresh = google.oauth.issueRefreshToken("ana@acme.test", clientId);
    const saved = await call("POST", "/email-accounts/save-oauth", oauthBody("Ana@acme.test", refresh));
    expect(saved.status).toBe(200);
    expect(saved.json).toEqual({
      ok: true,
      message: "OAuth account added successfully",
      data: {
        id: expect.any(Number),
        from_email: "ana@acme.test",
        type: "GMAIL",
        is_smtp_success: true,
        is_imap_success: true,
      },
    });
    expect(tokenCalls(google)).toEqual([{ clientId, ok: true }]);
    const list = await call("GET", "/email-accounts/");
    expect(list.json).toEqual([
      expect.objectContaining({
        id: saved.json.data.id,
        from_email: "ana@acme.test",
        type: "GMAIL",
        is_smtp_success: true,
        is_imap_success: true,
        smtp_failure_error: null,
        message_per_day: 40,
      }),
    ]);
    // Smartlead keeps the tokens to itself: no answer carries them.
    const byId = await call("GET", `/email-accounts/${saved.json.data.id}/`);
    expect(JSON.stringify([list.json, byId.json])).not.toContain(refresh);
    expect(JSON.stringify([list.json, byId.json])).not.toContain("ya29");
  });

  it("updates the account named by id (a password account becomes GMAIL); without id an existing address is ACCOUNT_ALREADY_EXIST", async () => {
    const { google, options } = await world();
    emulator = await start(options);
    emulator.state.registerOAuthClient({ clientId, clientSecret });
    const old = emulator.state.addAccount({ fromEmail: "ana@acme.test" });
    const refresh = google.oauth.issueRefreshToken("ana@acme.test", clientId);
    const clash = await call("POST", "/email-accounts/save-oauth", oauthBody("ana@acme.test", refresh));
    expect(clash.status).toBe(400);
    expect(clash.json).toMatchObject({
      ok: false,
      errorCode: "ACCOUNT_ALREADY_EXIST",
      emailAccountId: old.id,
    });

    const updated = await call(
      "POST",
      "/email-accounts/save-oauth",
      oauthBody("ana@acme.test", refresh, { id: old.id, max_email_per_day: 25 }),
    );
    expect(updated.status).toBe(200);
    expect(updated.json).toMatchObject({ ok: true, data: { id: old.id, type: "GMAIL" } });
    expect(emulator.state.liveAccounts(1)).toHaveLength(1);
    expect(old).toMatchObject({ type: "GMAIL", messagePerDay: 25, isSmtpSuccess: true });
  });

  it("answers a revoked token with Smartlead's validation failure carrying Google's words, and saves nothing", async () => {
    const { google, options } = await world();
    emulator = await start(options);
    emulator.state.registerOAuthClient({ clientId, clientSecret });
    const refresh = google.oauth.issueRefreshToken("ana@acme.test", clientId);
    google.oauth.revokeRefreshToken(refresh);
    const answer = await call("POST", "/email-accounts/save-oauth", oauthBody("ana@acme.test", refresh));
    expect(answer).toEqual({
      status: 400,
      json: {
        ok: false,
        message: "Invalid OAuth token or connection validation failed",
        errorCode: "ACCOUNT_VERIFICATION_FAILED",
        emailAccountId: null,
        error: "invalid_grant: Token has been expired or revoked.",
      },
    });
    expect(emulator.state.liveAccounts(1)).toEqual([]);
  });

  it("refuses a token of another mailbox at the XOAUTH2 login", async () => {
    const { google, options } = await world();
    emulator = await start(options);
    emulator.state.registerOAuthClient({ clientId, clientSecret });
    const bosToken = google.oauth.issueRefreshToken("bo@acme.test", clientId);
    const answer = await call("POST", "/email-accounts/save-oauth", oauthBody("ana@acme.test", bosToken));
    expect(answer.status).toBe(400);
    expect(answer.json.error).toContain("535-5.7.8");
  });

  it("use_whitelabel_credentials without a registered client is an error; false refreshes with Smartlead's own app, which Google refuses", async () => {
    const { google, options } = await world();
    emulator = await start(options);
    const refresh = google.oauth.issueRefreshToken("ana@acme.test", clientId);
    const noClient = await call("POST", "/email-accounts/save-oauth", oauthBody("ana@acme.test", refresh));
    expect(noClient.status).toBe(400);
    expect(noClient.json.message).toContain("Whitelabel OAuth credentials are not configured");
    expect(tokenCalls(google)).toEqual([]);

    const shared = await call(
      "POST",
      "/email-accounts/save-oauth",
      oauthBody("ana@acme.test", refresh, { use_whitelabel_credentials: false }),
    );
    expect(shared.status).toBe(400);
    expect(shared.json.errorCode).toBe("ACCOUNT_VERIFICATION_FAILED");
    expect(shared.json.error).toMatch(/^invalid_client/);
  });

  it("answers missing fields with 422 naming the field, and says when the emulator has no OAuth set up", async () => {
    const { google, options } = await world();
    emulator = await start(options);
    emulator.state.registerOAuthClient({ clientId, clientSecret });
    const refresh = google.oauth.issueRefreshToken("ana@acme.test", clientId);
    const noWhitelabel = oauthBody("ana@acme.test", refresh) as Record<string, unknown>;
    delete noWhitelabel.use_whitelabel_credentials;
    const missing = await call("POST", "/email-accounts/save-oauth", noWhitelabel);
    expect(missing.status).toBe(422);
    expect(missing.json.error.details.field).toBe("use_whitelabel_credentials");
    const badType = await call(
      "POST",
      "/email-accounts/save-oauth",
      oauthBody("ana@acme.test", refresh, { type: "SMTP" }),
    );
    expect(badType.status).toBe(422);
    await emulator.stop();

    emulator = await start();
    const unset = await call("POST", "/email-accounts/save-oauth", oauthBody("ana@acme.test", refresh));
    expect(unset.status).toBe(400);
    expect(unset.json.message).toContain("OAuth is not configured in the emulator");
  });

  it("markConnectionBroken shows both connection flags false with the reason in list and by-id answers", async () => {
    const { google, options } = await world();
    emulator = await start(options);
    emulator.state.registerOAuthClient({ clientId, clientSecret });
    const refresh = google.oauth.issueRefreshToken("ana@acme.test", clientId);
    const saved = await call("POST", "/email-accounts/save-oauth", oauthBody("ana@acme.test", refresh));
    emulator.state.markConnectionBroken("ana@acme.test");
    const broken = {
      is_smtp_success: false,
      is_imap_success: false,
      smtp_failure_error: "invalid_grant: Token has been expired or revoked.",
      imap_failure_error: "invalid_grant: Token has been expired or revoked.",
    };
    expect((await call("GET", "/email-accounts/")).json[0]).toMatchObject(broken);
    expect((await call("GET", `/email-accounts/${saved.json.data.id}/`)).json).toMatchObject(broken);
    // Saving again with a working token repairs it.
    await call(
      "POST",
      "/email-accounts/save-oauth",
      oauthBody("ana@acme.test", refresh, { id: saved.json.data.id }),
    );
    expect((await call("GET", "/email-accounts/")).json[0]).toMatchObject({
      is_smtp_success: true,
      is_imap_success: true,
      smtp_failure_error: null,
    });
  });
});
