import { afterEach, describe, expect, it } from "vitest";
import { startGoogleForOAuth } from "../../test/support/google-oauth";
import type { GoogleEmulator } from "../google";
import { type SmartleadEmulator, start } from "./index";
import { oauthValidationAt } from "./oauth-validation-at-google";

let emulator: SmartleadEmulator | undefined;
let google: GoogleEmulator | undefined;
afterEach(async () => {
  await emulator?.stop();
  await google?.stop();
  emulator = undefined;
  google = undefined;
});

const clientId = "mailinfra-oauth.apps.googleusercontent.com";
const clientSecret = "GOCSPX-client-SECRET";

async function listed() {
  const url = new URL(`${emulator!.baseUrl}/email-accounts/`);
  url.searchParams.set("api_key", emulator!.apiKey);
  const accounts = (await (await fetch(url)).json()) as Record<string, unknown>[];
  return Object.fromEntries(
    accounts.map((a) => [
      a.from_email,
      {
        is_smtp_success: a.is_smtp_success,
        is_imap_success: a.is_imap_success,
        smtp_failure_error: a.smtp_failure_error,
        imap_failure_error: a.imap_failure_error,
      },
    ]),
  );
}

describe("Smartlead emulator: connection flags after a re-check (recheckConnections)", () => {
  it("an OAuth mailbox whose grant was revoked at Google shows both flags false with Google's answer; the others stay connected", async () => {
    google = await startGoogleForOAuth({
      client: { clientId, clientSecret },
      mailboxes: ["ana@acme.test", "bo@acme.test"],
    });
    emulator = await start(oauthValidationAt(google));
    emulator.state.registerOAuthClient({ clientId, clientSecret });
    for (const email of ["ana@acme.test", "bo@acme.test"]) {
      const url = new URL(`${emulator.baseUrl}/email-accounts/save-oauth`);
      url.searchParams.set("api_key", emulator.apiKey);
      const saved = await fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({
          from_name: email,
          from_email: email,
          username: email,
          type: "GMAIL",
          token: {
            token_type: "Bearer",
            access_token: "ya29.minted",
            refresh_token: google.oauth.issueRefreshToken(email, clientId),
            expiry_date: Date.now() + 3_600_000,
            scope: "https://mail.google.com/",
          },
          warmup_enabled: true,
          use_whitelabel_credentials: true,
        }),
      });
      expect(saved.status).toBe(200);
    }
    google.oauth.revokeUserTokens("ana@acme.test");
    // Until Smartlead signs in again, it still reports what it saw last.
    expect((await listed())["ana@acme.test"]).toMatchObject({ is_smtp_success: true, is_imap_success: true });

    await emulator.recheckConnections();
    expect(await listed()).toEqual({
      "ana@acme.test": {
        is_smtp_success: false,
        is_imap_success: false,
        smtp_failure_error: "invalid_grant: Token has been expired or revoked.",
        imap_failure_error: "invalid_grant: Token has been expired or revoked.",
      },
      "bo@acme.test": {
        is_smtp_success: true,
        is_imap_success: true,
        smtp_failure_error: null,
        imap_failure_error: null,
      },
    });
  });

  it("a password mailbox whose IMAP login fails shows only IMAP false, with the server's reply; a fixed one reconnects", async () => {
    let imapReply: string | undefined = "NO [AUTHENTICATIONFAILED] Invalid credentials (Failure)";
    emulator = await start({
      verifyMailbox: async () =>
        imapReply ? { ok: false, error: imapReply, failed: ["IMAP"] } : { ok: true },
    });
    emulator.state.addAccount({ fromEmail: "cy@acme.test" });
    await emulator.recheckConnections(["CY@acme.test"]);
    expect((await listed())["cy@acme.test"]).toEqual({
      is_smtp_success: true,
      is_imap_success: false,
      smtp_failure_error: null,
      imap_failure_error: "NO [AUTHENTICATIONFAILED] Invalid credentials (Failure)",
    });
    imapReply = undefined;
    await emulator.recheckConnections();
    expect((await listed())["cy@acme.test"]).toMatchObject({
      is_imap_success: true,
      imap_failure_error: null,
    });
  });
});
