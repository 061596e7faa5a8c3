import { unknownValue } from "@pulumi/pulumi/runtime/rpc";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { GoogleEmulator } from "../../emulators/google";
import { type SmartleadEmulator, start } from "../../emulators/smartlead";
import { oauthValidationAt } from "../../emulators/smartlead/oauth-validation-at-google";
import { startGoogleForOAuth, tokenCalls } from "../../test/support/google-oauth";
import { stackCredentials } from "../credentials";
import { clearAccountDirectories } from "./account-directory";
import { clearCampaignRosters } from "./campaign-roster";
import { OAUTH_VERIFICATION_ATTEMPTS, provider } from "./email-account.provider";
import type { EmailAccountOutputs } from "./email-account-inputs";
import { smartleadSettings } from "./smartlead-settings";

const apiKey = "sl-oauth-SECRET-key";
const clientId = "mailinfra-test.apps.googleusercontent.com";
const clientSecret = "GOCSPX-client-SECRET-9931";
const authorizeCommand = "npm run authorize -- --stack dev";
let google: GoogleEmulator;
let emulator: SmartleadEmulator;

beforeAll(async () => {
  smartleadSettings.use({ retry: { initialDelayMs: 5, maxDelayMs: 50 }, campaignBatch: { settleMs: 40 } });
  // What the engine hands the provider process: the stack's key (mailinfra:smartlead.apiKey).
  stackCredentials.use({ smartleadApiKey: apiKey, oauthClientSecret: clientSecret });
  google = await startGoogleForOAuth({
    client: { clientId, clientSecret },
    mailboxes: ["ana@acme.test", "ben@acme.test"],
  });
});
afterAll(async () => {
  smartleadSettings.reset();
  stackCredentials.reset();
  await google.stop();
});
beforeEach(async () => {
  clearAccountDirectories();
  clearCampaignRosters();
  emulator = await start({ apiKeys: [apiKey], ...oauthValidationAt(google) });
  emulator.state.registerOAuthClient({ clientId, clientSecret });
});
afterEach(async () => {
  await emulator.stop();
});

/** A new `pulumi` command runs a new provider process: nothing cached from the previous one. */
function newProcess() {
  clearAccountDirectories();
  clearCampaignRosters();
}

function raw(email: string, refreshToken: string, extra: Record<string, unknown> = {}) {
  return {
    fromName: "Ana Lima",
    fromEmail: email,
    connection: {
      kind: "oauth",
      clientId,
      clientSecret,
      refreshToken,
      tokenUri: google.tokenUri,
      authorizeCommand,
    },
    maxEmailsPerDay: 40,
    warmup: { enabled: true, perDay: 20, dailyRampup: 5, replyRate: 30 },
    customTrackingUrl: "track.acme.test",
    campaignIds: [],
    baseUrl: emulator.baseUrl,
    ...extra,
  };
}

async function checked(rawInputs: Record<string, unknown>) {
  const result = await provider.check!({}, rawInputs);
  expect(result.failures ?? []).toEqual([]);
  return result.inputs as Record<string, unknown>;
}

const errorOf = (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error("expected a failure");
    },
    (e: Error) => e,
  );

describe("SmartleadEmailAccount provider with an OAuth connection", () => {
  it("creates a GMAIL account through save-oauth with a freshly minted token, no SMTP/IMAP login of its own", async () => {
    const refresh = google.oauth.issueRefreshToken("ana@acme.test", clientId);
    const q1 = emulator.state.addCampaign({ name: "Q1" });
    const inputs = await checked(raw("ana@acme.test", refresh, { campaignIds: [q1.id] }));
    const { id, outs } = await provider.create(inputs);
    const account = emulator.state.accounts.get(Number(id))!;
    expect(account).toMatchObject({
      type: "GMAIL",
      fromEmail: "ana@acme.test",
      isSmtpSuccess: true,
      messagePerDay: 40,
    });
    expect(account.oauth).toMatchObject({ refreshToken: refresh, clientId, whitelabel: true });
    expect(emulator.state.callsByRoute()).toEqual({
      "GET /email-accounts": 1,
      "POST /email-accounts/save-oauth": 1,
      "POST /campaigns/{id}/email-accounts": 1,
    });
    expect(outs).toMatchObject({
      emailAccountId: account.id,
      adopted: false,
      connected: true,
      campaignIds: [q1.id],
    });
    // mailinfra minted one token, Smartlead refreshed once more with the registered client.
    expect(tokenCalls(google).slice(-2)).toEqual([
      { clientId, ok: true },
      { clientId, ok: true },
    ]);
    // The access token minted for Smartlead is not kept in the state, nor the client's secret (the process's).
    expect(JSON.stringify(outs)).not.toContain("ya29");
    expect(JSON.stringify(outs)).not.toContain(clientSecret);
    expect(await provider.diff!(id, outs as EmailAccountOutputs, inputs)).toMatchObject({ changes: false });
  });

  it("an account created before the client secret was held once (in its connection): no change; a reconnect uses that secret when the process holds none", async () => {
    const refresh = google.oauth.issueRefreshToken("ana@acme.test", clientId);
    const inputs = await checked(raw("ana@acme.test", refresh));
    const { id, outs } = await provider.create(inputs);
    const olds = {
      ...outs,
      connection: { ...(outs.connection as object), clientSecret },
    } as unknown as EmailAccountOutputs;
    expect(await provider.diff!(id, olds, inputs)).toMatchObject({ changes: false });
    const restore = stackCredentials.use({ oauthClientSecret: undefined });
    try {
      const missing = await provider.check!({}, raw("ana@acme.test", refresh));
      expect(missing.failures).toEqual([
        {
          property: "",
          reason: expect.stringContaining(
            "mailinfra:google.oauthClient.clientSecret is not set in the stack configuration",
          ),
        },
      ]);
      // Re-authorized: a new refresh token, so save-oauth again, with the secret the account stored.
      const again = google.oauth.issueRefreshToken("ana@acme.test", clientId);
      const news = { ...inputs, connection: { ...(inputs.connection as object), refreshToken: again } };
      const updated = await provider.update!(id, olds, news);
      expect(updated.outs).toMatchObject({ connected: true });
      expect(emulator.state.callCount("POST /email-accounts/save-oauth")).toBe(2);
    } finally {
      restore();
    }
  });

  it("adopts a password-connected account with the same address and makes it GMAIL in place", async () => {
    const existing = emulator.state.addAccount({ fromEmail: "ana@acme.test" });
    const refresh = google.oauth.issueRefreshToken("ana@acme.test", clientId);
    const { id, outs } = await provider.create(await checked(raw("ana@acme.test", refresh)));
    expect(Number(id)).toBe(existing.id);
    expect(outs.adopted).toBe(true);
    expect(existing.type).toBe("GMAIL");
    expect(emulator.state.liveAccounts(1)).toHaveLength(1);
  });

  it("a revoked authorization does not fail the run: the mailbox is left not connected, with the fix, nothing sent to Smartlead", async () => {
    const refresh = google.oauth.issueRefreshToken("ana@acme.test", clientId);
    google.oauth.revokeRefreshToken(refresh);
    const { id, outs } = await provider.create(await checked(raw("ana@acme.test", refresh)));
    expect(id).toBe("pending:ana@acme.test");
    expect(outs).toMatchObject({ pending: true, connected: false });
    expect(outs.connectionProblem).toBe(
      "the mailbox's authorization was revoked or expired (Google answered invalid_grant: Token has been expired or revoked.): run npm run authorize -- --stack dev",
    );
    expect(emulator.state.callCount("POST /email-accounts/save-oauth")).toBe(0);
    for (const secret of [refresh, clientSecret, apiKey])
      expect(outs.connectionProblem).not.toContain(secret);
    // Authorized again: the real account replaces the placeholder.
    const fresh = google.oauth.issueRefreshToken("ana@acme.test", clientId);
    expect(
      await provider.diff!(id, outs as EmailAccountOutputs, await checked(raw("ana@acme.test", fresh))),
    ).toMatchObject({
      replaces: ["connection"],
    });
  });

  it("an update whose authorization was revoked keeps the account as it is and says to authorize again", async () => {
    const refresh = google.oauth.issueRefreshToken("ana@acme.test", clientId);
    const created = await provider.create(await checked(raw("ana@acme.test", refresh)));
    const revoked = google.oauth.issueRefreshToken("ana@acme.test", clientId);
    google.oauth.revokeRefreshToken(revoked);
    const saves = emulator.state.callCount("POST /email-accounts/save-oauth");
    const { outs } = await provider.update!(
      created.id,
      created.outs as EmailAccountOutputs,
      await checked(raw("ana@acme.test", revoked)),
    );
    expect(outs).toMatchObject({ connected: false, emailAccountId: Number(created.id) });
    expect(String(outs?.connectionProblem)).toContain("run npm run authorize -- --stack dev");
    expect(emulator.state.callCount("POST /email-accounts/save-oauth")).toBe(saves);
  });

  it("Smartlead with another client registered refuses the token; the message names the client and both fixes", async () => {
    emulator.state.registerOAuthClient({
      clientId: "someone-else.apps.googleusercontent.com",
      clientSecret: "x",
    });
    google.oauth.registerOAuthClient({
      clientId: "someone-else.apps.googleusercontent.com",
      clientSecret: "x",
    });
    const refresh = google.oauth.issueRefreshToken("ana@acme.test", clientId);
    const error = await errorOf(provider.create(await checked(raw("ana@acme.test", refresh))));
    expect(error.message).toContain(
      "Smartlead could not use the mailbox's authorization (unauthorized_client: Unauthorized)",
    );
    expect(error.message).toContain(
      `Check that the OAuth client ${clientId} is the one registered in Smartlead`,
    );
    expect(error.message).toContain(authorizeCommand);
    for (const secret of [refresh, clientSecret, apiKey]) expect(error.message).not.toContain(secret);
    // Another attempt cannot change Google's refusal of the client: one save-oauth, no retries.
    expect(emulator.state.callCount("POST /email-accounts/save-oauth")).toBe(1);
  });

  it("Smartlead's check failing on Google's side (a 429 of the token endpoint) is tried again: one account, connected", async () => {
    await emulator.stop();
    let smartleadRefreshes = 0;
    emulator = await start({
      apiKeys: [apiKey],
      refreshGoogleToken: async (request) =>
        ++smartleadRefreshes === 1
          ? { error: "HTTP 429", error_description: "Quota exceeded for quota metric 'Token requests'" }
          : oauthValidationAt(google).refreshGoogleToken(request),
      verifyOauthMailbox: oauthValidationAt(google).verifyOauthMailbox,
    });
    emulator.state.registerOAuthClient({ clientId, clientSecret });
    const refresh = google.oauth.issueRefreshToken("ana@acme.test", clientId);
    const { id, outs } = await provider.create(await checked(raw("ana@acme.test", refresh)));
    expect(outs).toMatchObject({ connected: true, emailAccountId: Number(id) });
    expect(emulator.state.callCount("POST /email-accounts/save-oauth")).toBe(2);
    expect(emulator.state.liveAccounts(1)).toHaveLength(1);
  });

  it("a check that keeps failing on Google's side stops after OAUTH_VERIFICATION_ATTEMPTS with Smartlead's words", async () => {
    await emulator.stop();
    emulator = await start({
      apiKeys: [apiKey],
      refreshGoogleToken: async () => ({
        error: "HTTP 503",
        error_description: "The service is currently unavailable.",
      }),
      verifyOauthMailbox: oauthValidationAt(google).verifyOauthMailbox,
    });
    emulator.state.registerOAuthClient({ clientId, clientSecret });
    const refresh = google.oauth.issueRefreshToken("ana@acme.test", clientId);
    const error = await errorOf(provider.create(await checked(raw("ana@acme.test", refresh))));
    expect(error.message).toContain("HTTP 503: The service is currently unavailable.");
    expect(emulator.state.callCount("POST /email-accounts/save-oauth")).toBe(OAUTH_VERIFICATION_ATTEMPTS);
    expect(emulator.state.liveAccounts(1)).toHaveLength(0);
  });

  it("refresh reports a connection Smartlead lost as drift with the fix; up after re-authorizing saves again and the drift is gone", async () => {
    const first = google.oauth.issueRefreshToken("ana@acme.test", clientId);
    const inputs = await checked(raw("ana@acme.test", first));
    const { id, outs } = await provider.create(inputs);
    google.oauth.revokeRefreshToken(first);
    emulator.state.markConnectionBroken("ana@acme.test");

    newProcess(); // `pulumi refresh`
    const live = (await provider.read!(id, outs as EmailAccountOutputs)).props as EmailAccountOutputs;
    expect(live.connected).toBe(false);
    expect(live.connectionProblem).toBe(
      "Smartlead lost the SMTP and IMAP connection of ana@acme.test (invalid_grant: Token has been expired or revoked.): authorize again (npm run authorize -- --stack dev), then `pulumi up` connects it with the new authorization",
    );
    expect(await provider.diff!(id, live, inputs)).toMatchObject({ changes: true, replaces: [] });

    // `up` before authorizing again: nothing fails (other mailboxes go on); still not connected, with the fix.
    newProcess();
    const stale = await provider.update!(id, live, inputs);
    expect(stale.outs).toMatchObject({ connected: false });
    expect(String(stale.outs?.connectionProblem)).toContain(
      "the mailbox's authorization was revoked or expired",
    );

    // The person authorizes again; the stack config carries the new refresh token.
    const second = google.oauth.issueRefreshToken("ana@acme.test", clientId);
    const reauthorized = await checked(raw("ana@acme.test", second));
    newProcess();
    const mark = emulator.state.callCount();
    const repaired = await provider.update!(id, live, reauthorized);
    expect(emulator.state.calls.slice(mark).map((c) => c.route)).toEqual(["POST /email-accounts/save-oauth"]);
    const account = emulator.state.accounts.get(Number(id))!;
    expect(account).toMatchObject({ isSmtpSuccess: true, isImapSuccess: true, smtpFailureError: null });
    expect(account.oauth?.refreshToken).toBe(second);
    expect(repaired.outs).toMatchObject({ connected: true });
    expect((repaired.outs as EmailAccountOutputs).connectionProblem).toBeUndefined();

    newProcess();
    const again = (await provider.read!(id, repaired.outs as EmailAccountOutputs))
      .props as EmailAccountOutputs;
    expect(again.connected).toBe(true);
    expect((await provider.diff!(id, again, reauthorized)).changes).toBe(false);
  });

  it("a broken connection with the same, still valid authorization is repaired by up", async () => {
    const refresh = google.oauth.issueRefreshToken("ana@acme.test", clientId);
    const inputs = await checked(raw("ana@acme.test", refresh));
    const { id, outs } = await provider.create(inputs);
    emulator.state.markConnectionBroken("ana@acme.test", "IMAP connection timed out");
    newProcess();
    const live = (await provider.read!(id, outs as EmailAccountOutputs)).props as EmailAccountOutputs;
    expect(live.connectionProblem).toContain("(IMAP connection timed out)");
    await provider.update!(id, live, inputs);
    expect(emulator.state.accounts.get(Number(id))!.isImapSuccess).toBe(true);
  });

  it("switching a password account to OAuth updates it in place through save-oauth", async () => {
    const existing = emulator.state.addAccount({ fromEmail: "ana@acme.test" });
    const passwordProps = {
      ...(await checked(raw("ana@acme.test", "unused"))),
      connection: undefined,
      smtp: {
        host: "smtp.gmail.com",
        port: 587,
        username: "ana@acme.test",
        password: "pw-SECRET",
        security: "starttls",
      },
      imap: {
        host: "imap.gmail.com",
        port: 993,
        username: "ana@acme.test",
        password: "pw-SECRET",
        security: "ssl",
      },
      emailAccountId: existing.id,
      adopted: false,
      warmupStatus: "ACTIVE",
    } as unknown as EmailAccountOutputs;
    const refresh = google.oauth.issueRefreshToken("ana@acme.test", clientId);
    const oauth = await checked(raw("ana@acme.test", refresh));
    expect(await provider.diff!(String(existing.id), passwordProps, oauth)).toMatchObject({
      changes: true,
      replaces: [],
    });
    await provider.update!(String(existing.id), passwordProps, oauth);
    expect(existing.type).toBe("GMAIL");
    expect(emulator.state.callCount("POST /email-accounts/save-oauth")).toBe(1);
  });

  it("a mailbox waiting for its authorization leaves an account connected before untouched, then is switched to OAuth in place", async () => {
    // A password-connected account in the state; the mailbox moves to OAuth before it is authorized.
    const existing = emulator.state.addAccount({ fromEmail: "ana@acme.test" });
    const connectedProps = {
      ...(await checked(raw("ana@acme.test", "unused"))),
      connection: undefined,
      emailAccountId: existing.id,
      adopted: false,
      warmupStatus: "ACTIVE",
    } as unknown as EmailAccountOutputs;
    const pending = { ...raw("ana@acme.test", "unused"), connection: { kind: "pending", authorizeCommand } };
    expect((await provider.check!({}, pending)).failures ?? []).toEqual([]);
    // No change planned: the engine neither updates nor deletes the account while authorization is pending.
    expect(await provider.diff!(String(existing.id), connectedProps, pending)).toEqual({ changes: false });
    expect(emulator.state.calls).toEqual([]);
    // Authorized: the account is switched to OAuth in place, same id.
    const refresh = google.oauth.issueRefreshToken("ana@acme.test", clientId);
    const oauth = await checked(raw("ana@acme.test", refresh));
    expect(await provider.diff!(String(existing.id), connectedProps, oauth)).toMatchObject({ replaces: [] });
  });

  it("a new mailbox waiting for its authorization is a placeholder: nothing sent to Smartlead, replaced by the real account once authorized", async () => {
    const pending = { ...raw("ben@acme.test", "unused"), connection: { kind: "pending", authorizeCommand } };
    const placeholder = await provider.create(pending);
    expect(placeholder.id).toBe("pending:ben@acme.test");
    expect(placeholder.outs).toMatchObject({ pending: true, connected: false });
    expect(String(placeholder.outs.connectionProblem)).toContain(authorizeCommand);
    expect(emulator.state.calls).toEqual([]);
    expect(await provider.read!(placeholder.id, placeholder.outs)).toEqual({
      id: placeholder.id,
      props: placeholder.outs,
    });
    const refresh = google.oauth.issueRefreshToken("ben@acme.test", clientId);
    const oauth = await checked(raw("ben@acme.test", refresh));
    expect(await provider.diff!(placeholder.id, placeholder.outs, oauth)).toEqual({
      changes: true,
      replaces: ["connection"],
      deleteBeforeReplace: false,
    });
    const real = await provider.create(oauth);
    expect(emulator.state.findByEmail("ben@acme.test")?.type).toBe("GMAIL");
    // The placeholder's delete touches nothing in Smartlead.
    const before = emulator.state.calls.length;
    await provider.delete!(placeholder.id, placeholder.outs);
    expect(emulator.state.calls.length).toBe(before);
    expect(emulator.state.findByEmail("ben@acme.test")?.id).toBe(Number(real.id));
  });

  it("settings-only changes use the update call, no new token; delete disconnects as for passwords", async () => {
    const refresh = google.oauth.issueRefreshToken("ana@acme.test", clientId);
    const { id, outs } = await provider.create(await checked(raw("ana@acme.test", refresh)));
    const refreshesBefore = tokenCalls(google).length;
    const mark = emulator.state.callCount();
    const r = await provider.update!(
      id,
      outs as EmailAccountOutputs,
      await checked(raw("ana@acme.test", refresh, { maxEmailsPerDay: 25 })),
    );
    expect(emulator.state.calls.slice(mark).map((c) => c.route)).toEqual(["POST /email-accounts/{id}"]);
    expect(tokenCalls(google).length).toBe(refreshesBefore);
    newProcess();
    await provider.delete!(id, r.outs as EmailAccountOutputs);
    expect(emulator.state.accounts.get(Number(id))!.warmup.status).toBe("INACTIVE");
  });

  it("check names missing OAuth fields without echoing secrets; an unknown connection at preview is not reported", async () => {
    const bad = raw("ana@acme.test", "", {
      connection: { kind: "oauth", clientId: "", clientSecret, refreshToken: "" },
    });
    const result = await provider.check!({}, bad);
    expect((result.failures ?? []).map((f) => f.property).sort()).toEqual([
      "connection.clientId",
      "connection.refreshToken",
    ]);
    expect(JSON.stringify(result.failures)).not.toContain(clientSecret);
    const unknown = { ...raw("ana@acme.test", "x"), connection: unknownValue };
    expect((await provider.check!({}, unknown)).failures ?? []).toEqual([]);
  });
});
