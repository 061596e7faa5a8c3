import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { imapDisabledReply } from "../../emulators/google";
import { answerConsentPage } from "../../emulators/google/oauth-person";
import { type LocalWorld, startLocalWorld } from "../../emulators/local-world";
import { provider } from "../smartlead/email-account.provider";
import { gmailRefusalFix } from "./gmail-refusal-fix";

/**
 * IMAP turned off for a mailbox's organizational unit: the mailbox is created and authorized, but Smartlead's
 * save-oauth check logs in to Gmail's IMAP and Gmail refuses. What the user sees must carry Gmail's reply.
 */

let world: LocalWorld;
const email = "ivy@imap-off.example.com";
const password = "Ivy-Mailbox-Passw0rd";

beforeAll(async () => {
  world = await startLocalWorld({ resolverLagsMs: [0] });
  const { google } = world;
  google.state.addOrgUnit(google.customerId, "/NoImap");
  google.state.addDomain(google.customerId, "imap-off.example.com", { verified: true });
  google.state.addUser({
    customerId: google.customerId,
    primaryEmail: email,
    givenName: "Ivy",
    familyName: "Lane",
    password,
    orgUnitPath: "/NoImap",
  });
});
afterAll(() => world.stop());

async function refreshToken(): Promise<string> {
  const redirectUri = `http://127.0.0.1:${world.authorizePort}`;
  const url = new URL(`${world.google.url}/o/oauth2/v2/auth`);
  for (const [k, v] of Object.entries({
    client_id: world.oauthClient.clientId,
    redirect_uri: redirectUri,
    response_type: "code",
    scope: "https://mail.google.com/",
    access_type: "offline",
    prompt: "consent",
    login_hint: email,
  }))
    url.searchParams.set(k, v);
  const consent = await answerConsentPage(url.toString(), { password });
  const code = new URL(consent.location as string).searchParams.get("code") as string;
  const answer = await fetch(world.google.tokenUri, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({
      grant_type: "authorization_code",
      code,
      redirect_uri: redirectUri,
      client_id: world.oauthClient.clientId,
      client_secret: world.oauthClient.clientSecret,
    }),
  });
  return ((await answer.json()) as { refresh_token: string }).refresh_token;
}

describe("IMAP turned off for the mailbox's organizational unit", () => {
  it("fails the Smartlead connection with Gmail's reply, and the Admin console fix is there to add", async () => {
    const token = await refreshToken();
    world.google.state.setImapEnabled("/NoImap", false);
    const { apiKey } = world.smartlead;
    const checked = await provider.check!(
      {},
      {
        fromName: "Ivy Lane",
        fromEmail: email,
        connection: {
          kind: "oauth",
          clientId: world.oauthClient.clientId,
          clientSecret: world.oauthClient.clientSecret,
          refreshToken: token,
          tokenUri: world.google.tokenUri,
          authorizeCommand: "npm run authorize -- --stack local",
        },
        maxEmailsPerDay: 40,
        warmup: { enabled: false, perDay: 20, dailyRampup: 5, replyRate: 30 },
        campaignIds: [],
        apiKey,
        baseUrl: world.smartlead.baseUrl,
        retry: { initialDelayMs: 5, maxDelayMs: 50 },
      },
    );
    expect(checked.failures ?? []).toEqual([]);
    const error = await provider.create(checked.inputs).then(
      () => undefined,
      (e: Error) => e,
    );
    expect(error?.message).toContain("[ALERT] Your account is not enabled for IMAP use.");
    expect(error?.message).toContain(imapDisabledReply.replace(/^NO /, ""));
    // The user is told the switch to turn on, not to authorize again.
    expect(error?.message).toContain(
      "Admin console → Apps → Google Workspace → Gmail → End User Access → POP and IMAP access",
    );
    expect(error?.message).not.toContain("authorize again");
    expect(gmailRefusalFix("535-5.7.8 Username and Password not accepted.")).toBeUndefined();
  });
});
