import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { imapDisabledReply } from "../../emulators/google";
import { type LocalWorld, startLocalWorld } from "../../emulators/local-world";
import { consentTokens } from "../../emulators/mailbox-sign-in";
import { stackCredentials } from "../credentials";
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

/** Ivy signs in once at the consent page; her refresh token, as `npm run authorize` would store it. */
async function refreshToken(): Promise<string> {
  return (await consentTokens(world, { [email]: password }))[email]!;
}

describe("IMAP turned off for the mailbox's organizational unit", () => {
  it("fails the Smartlead connection with Gmail's reply, and the Admin console fix is there to add", async () => {
    const token = await refreshToken();
    world.google.state.setImapEnabled("/NoImap", false);
    // What the engine hands the provider process from the stack configuration.
    const restore = stackCredentials.use({
      smartleadApiKey: world.smartlead.apiKey,
      oauthClientSecret: world.oauthClient.clientSecret,
    });
    const checked = await provider.check!(
      {},
      {
        fromName: "Ivy Lane",
        fromEmail: email,
        connection: {
          kind: "oauth",
          clientId: world.oauthClient.clientId,
          refreshToken: token,
          tokenUri: world.google.tokenUri,
          authorizeCommand: "npm run authorize -- --stack local",
        },
        maxEmailsPerDay: 40,
        warmup: { enabled: false, perDay: 20, dailyRampup: 5, replyRate: 30 },
        campaignIds: [],
        baseUrl: world.smartlead.baseUrl,
        retry: { initialDelayMs: 5, maxDelayMs: 50 },
      },
    );
    expect(checked.failures ?? []).toEqual([]);
    const error = await provider
      .create(checked.inputs)
      .then(
        () => undefined,
        (e: Error) => e,
      )
      .finally(restore);
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
