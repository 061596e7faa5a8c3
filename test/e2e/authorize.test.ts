import * as fs from "node:fs";
import * as path from "node:path";
import type { ConfigMap } from "@pulumi/pulumi/automation";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LocalWorld, startLocalWorld } from "../../emulators/local-world";
import { consentLinks } from "../../scripts/authorize/consent-link";
import { repoRoot } from "../../scripts/engine/index";
import { fleet, type MailboxEntry, sendingDomain } from "../support/fleet";
import { type TestStack, testStack } from "../support/stack";
import { runAuthorize } from "./support/authorize";

/**
 * `npm run authorize -- --stack S` typed as a user types it, against the Google emulator's OAuth endpoints
 * (emulators/google/oauth-*): the test plays the person at the consent page through the page itself (reads
 * the form, signs in with the mailbox's password, presses Allow) and follows the redirect to the command's
 * loopback address, as the browser would.
 */

const CLIENT = {
  clientId: "1234-mailinfra.apps.googleusercontent.com",
  clientSecret: "GOCSPX-e2e-client-secret",
};
const PASSWORDS: Record<string, string> = {
  "ana@send-a.test": "ana-pw-123456",
  "ben@send-a.test": "ben-pw-654321",
};

let world: LocalWorld;
let t: TestStack;
const outputs: string[] = [];

function domains() {
  const mailbox = (username: string, extra: Partial<MailboxEntry> = {}): MailboxEntry => ({
    username,
    firstName: username,
    lastName: "Lima",
    ...extra,
  });
  return [
    sendingDomain("send-a.test", {
      mailboxes: [
        mailbox("ana", { connection: "oauth" }),
        mailbox("ben", { connection: "oauth" }),
        mailbox("cy", { smartlead: { enabled: false } }),
      ],
    }),
  ];
}

function config(withClient: boolean): ConfigMap {
  const base = world.stackConfig();
  // The world's own client is left out: this file registers a Desktop client of its own (CLIENT).
  const { oauthClient: _world, ...google } = JSON.parse(base["mailinfra:google"].value);
  return {
    ...base,
    "mailinfra:google": {
      value: JSON.stringify(withClient ? { ...google, oauthClient: CLIENT } : google),
      secret: true,
    },
    ...fleet(...domains()),
  };
}

/** Runs `npm run authorize -- --stack <stack> ...`, signing in `people` as their links appear. */
async function authorize(args: string[], people: string[]): Promise<{ code: number | null; output: string }> {
  // A Desktop client accepts any loopback port: port 0 lets the OS pick one.
  const run = await runAuthorize(
    t.name,
    ["--port", "0", ...args],
    Object.fromEntries(people.map((address) => [address, PASSWORDS[address]!])),
    { PULUMI_BACKEND_URL: `file://${t.backendDir}` },
  );
  outputs.push(run.output);
  for (const address of people) expect(run.landings[address]).toContain(`${address} is authorized`);
  return run;
}

async function storedTokens(): Promise<Record<string, string>> {
  const all = await t.stack.getAllConfig();
  const entry = all["mailinfra:authorizations"];
  return entry ? JSON.parse(entry.value) : {};
}

beforeAll(async () => {
  world = await startLocalWorld({ resolverLagsMs: [0] });
  const { state } = world.google;
  state.addDomain(world.google.customerId, "send-a.test", { verified: true });
  for (const [email, password] of Object.entries(PASSWORDS)) {
    state.addUser({
      customerId: world.google.customerId,
      primaryEmail: email,
      givenName: "A",
      familyName: "L",
      password,
    });
  }
  // The customer's Desktop OAuth client: loopback redirects on any port (Google's native-app flow).
  world.google.oauth.registerOAuthClient({ ...CLIENT, redirectUris: ["http://127.0.0.1"], internal: true });
  t = await testStack({ program: async () => ({}), config: config(false) });
}, 120_000);

afterAll(async () => {
  await t?.dispose();
  await world?.stop();
});

describe("npm run authorize", () => {
  it("refuses with the fix when mailinfra:google.oauthClient is not configured", async () => {
    const run = await authorize([], []);
    expect(run.code).toBe(1);
    expect(run.output).toContain("mailinfra:google.oauthClient is not configured");
    expect(run.output).toContain("--secret --path 'mailinfra:google.oauthClient.clientSecret'");
    expect(run.output).not.toMatch(/^authorize /m);
  }, 120_000);

  it("lists the OAuth mailboxes, stores the one that signed in as a secret, and stops with how to resume", async () => {
    await t.stack.setAllConfig(config(true));
    const run = await authorize(["--timeout-minutes", "0.25"], ["ana@send-a.test"]);
    expect(run.output).toContain(`Stack ${t.name}: 2 OAuth mailbox(es), 0 of 2 authorized.`);
    expect([...consentLinks(run.output).keys()]).toEqual(["ana@send-a.test", "ben@send-a.test"]);
    expect(run.output).toContain("ana@send-a.test authorized (1 of 2 authorized)");
    expect(run.output).toContain(`run npm run authorize -- --stack ${t.name} to resume`);
    expect(run.code).toBe(1);
    const stored = await storedTokens();
    expect(Object.keys(stored)).toEqual(["ana@send-a.test"]);
    // Encrypted in the stack file, under the address key.
    const stackFile = fs.readFileSync(path.join(repoRoot, "stacks", `Pulumi.${t.name}.yaml`), "utf8");
    expect(stackFile).toMatch(/mailinfra:authorizations:\s*\n\s*ana@send-a\.test:\s*\n\s*secure: /);
    expect(stackFile).not.toContain(stored["ana@send-a.test"]);
    // Google issued it to ana, for this client.
    const grant = world.google.oauth.grantOfRefreshToken(stored["ana@send-a.test"]);
    expect(grant && world.google.oauth.isLive(grant)).toBe(true);
  }, 180_000);

  it("resumes with the mailbox still missing, then says every mailbox is authorized", async () => {
    const before = await storedTokens();
    const run = await authorize([], ["ben@send-a.test"]);
    expect(run.output).toContain("1 of 2 authorized.");
    expect([...consentLinks(run.output).keys()]).toEqual(["ben@send-a.test"]);
    expect(run.output).toContain("ben@send-a.test authorized (2 of 2 authorized)");
    expect(run.code).toBe(0);
    const after = await storedTokens();
    expect(after["ana@send-a.test"]).toBe(before["ana@send-a.test"]);
    expect(Object.keys(after).sort()).toEqual(["ana@send-a.test", "ben@send-a.test"]);
    const again = await authorize([], []);
    expect(again.output).toContain("Every mailbox is authorized.");
    expect(again.code).toBe(0);
  }, 180_000);

  it("re-authorizes a mailbox whose token was revoked, and only that one", async () => {
    const before = await storedTokens();
    world.google.oauth.revokeUserTokens("ana@send-a.test");
    const run = await authorize([], ["ana@send-a.test"]);
    expect(run.output).toContain("ana@send-a.test: its authorization was revoked or expired");
    expect([...consentLinks(run.output).keys()]).toEqual(["ana@send-a.test"]);
    expect(run.output).toContain("ana@send-a.test authorized (2 of 2 authorized)");
    expect(run.code).toBe(0);
    const after = await storedTokens();
    expect(after["ana@send-a.test"]).not.toBe(before["ana@send-a.test"]);
    expect(after["ben@send-a.test"]).toBe(before["ben@send-a.test"]);
  }, 180_000);

  it("refuses a token another account consented to at a mailbox's link, and stores nothing for it", async () => {
    const before = await storedTokens();
    world.google.oauth.revokeUserTokens("ben@send-a.test");
    // Someone signed in to Google as ana opens ben's link: login_hint is only a hint.
    const run = await runAuthorize(
      t.name,
      ["--port", "0", "--timeout-minutes", "0.25"],
      { "ben@send-a.test": { as: "ana@send-a.test", password: PASSWORDS["ana@send-a.test"]! } },
      { PULUMI_BACKEND_URL: `file://${t.backendDir}` },
    );
    outputs.push(run.output);
    expect(run.output).toContain(
      "ben@send-a.test was not authorized: Google signed in ana@send-a.test, not ben@send-a.test: nothing was stored.",
    );
    expect(run.landings["ben@send-a.test"]).toContain(
      "Google signed in ana@send-a.test, not ben@send-a.test",
    );
    expect(run.code).toBe(1);
    const after = await storedTokens();
    expect(after["ben@send-a.test"]).toBe(before["ben@send-a.test"]);
    // Signing in as ben at ben's link then works.
    const fixed = await authorize([], ["ben@send-a.test"]);
    expect(fixed.code).toBe(0);
  }, 180_000);

  it("never printed a refresh token, the client secret or a password", async () => {
    const tokens = Object.values(await storedTokens());
    expect(tokens).toHaveLength(2);
    const printed = outputs.join("\n");
    for (const secret of [...tokens, CLIENT.clientSecret, ...Object.values(PASSWORDS)]) {
      expect(printed).not.toContain(secret);
    }
  });
});
