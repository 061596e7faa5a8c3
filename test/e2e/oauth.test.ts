import * as fs from "node:fs";
import * as path from "node:path";
import type { ConfigMap } from "@pulumi/pulumi/automation";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { program } from "../../components/program";
import { type LocalWorld, startLocalWorld } from "../../emulators/local-world";
import { stackCredentials } from "../../providers/credentials";
import { provider as smartleadProvider } from "../../providers/smartlead/email-account.provider";
import { repoRoot } from "../../scripts/engine/index";
import { type DomainEntry, fleet, mailboxes, sendingDomain } from "../support/fleet";
import { type TestStack, testStack } from "../support/stack";
import { runAuthorize } from "./support/authorize";

/**
 * Mailboxes connected the way real Google Workspace and Smartlead allow, under the real engine, in a world
 * whose mail servers refuse a Workspace password as Gmail does (https://support.google.com/a/answer/14114704):
 * `up` creates the users and lists the mailboxes still to authorize without blocking anything else;
 * `npm run authorize` (the test plays the person at the consent page) stores their refresh tokens as secrets;
 * the next `up` connects them to Smartlead through save-oauth (type GMAIL); a token revoked by hand is drift
 * that `refresh` reports, and authorizing again + `up` repairs it. No token or client secret in plaintext.
 */

let world: LocalWorld;
let t: TestStack;
const oauthDomain = "oauth-a.test";
const otherDomain = "oauth-b.test";
const addresses = [`ana@${oauthDomain}`, `ben@${oauthDomain}`, `ana@${otherDomain}`];
let campaign: number;
const printed: string[] = [];

function domains(): DomainEntry[] {
  return [
    // Written out on one domain; the other relies on the default, which is OAuth too.
    sendingDomain(oauthDomain, {
      mailboxes: mailboxes(2).map((m) => ({ ...m, connection: "oauth" as const })),
      campaignIds: [campaign],
    }),
    sendingDomain(otherDomain, { mailboxes: 1, campaignIds: [campaign] }),
  ];
}

function config(): ConfigMap {
  return { ...world.stackConfig(), ...fleet(...domains()) };
}

/** Each mailbox's password, as the person reads it from `pulumi stack output mailboxPasswords --show-secrets`. */
async function passwords(): Promise<Record<string, string>> {
  const outputs = await t.stack.outputs();
  expect(outputs.mailboxPasswords.secret).toBe(true);
  return outputs.mailboxPasswords.value as Record<string, string>;
}

async function authorize(people: string[]) {
  const all = await passwords();
  // The person authorizes `people` only; the command waits a short while for the rest, then says how to resume.
  const run = await runAuthorize(
    t.name,
    // The loopback address registered on the world's Web client, as README says to register 127.0.0.1:8765.
    ["--timeout-minutes", "0.3", "--port", String(world.authorizePort)],
    Object.fromEntries(people.map((address) => [address, all[address]!])),
    { PULUMI_BACKEND_URL: `file://${t.backendDir}` },
  );
  printed.push(run.output);
  return run;
}

const account = (address: string) => world.smartlead.state.findByEmail(address);

beforeAll(async () => {
  world = await startLocalWorld({ resolverLagsMs: [0] });
  campaign = world.smartlead.state.addCampaign({ name: "OAuth Q1", status: "PAUSED" }).id;
  t = await testStack({ program, config: config() });
}, 120_000);
afterAll(async () => {
  await t?.dispose();
  await world?.stop();
});

describe("mailboxes connected with OAuth, in a world that refuses Workspace passwords", () => {
  it("a Workspace mailbox connected with its password is refused with Gmail's own reply", async () => {
    // The old path, as mailinfra took it before OAuth: a Workspace user with a password, connected to
    // Smartlead with SMTP/IMAP and that password (the login checked first). Config validation now refuses
    // `connection: password`, so this drives the Smartlead provider directly, against the same world.
    const { google } = world;
    google.state.addDomain(google.customerId, "legacy.test", { verified: true });
    const password = "Legacy-Mailbox-Passw0rd";
    google.state.addUser({
      customerId: google.customerId,
      primaryEmail: "ana@legacy.test",
      givenName: "Ana",
      familyName: "Lopez",
      password,
    });
    expect(google.state.verifyPassword("ana@legacy.test", password)).toBe(true);
    // The key the engine would hand this provider process (mailinfra:smartlead.apiKey).
    const restoreKey = stackCredentials.use({ smartleadApiKey: world.smartlead.apiKey });
    const login = (endpoint: { host: string; port: number; security: string }) => ({
      ...endpoint,
      username: "ana@legacy.test",
      password,
    });
    const checked = await smartleadProvider.check!(
      {},
      {
        fromName: "Ana Lopez",
        fromEmail: "ana@legacy.test",
        smtp: login(world.mail.smtp),
        imap: login(world.mail.imaps),
        maxEmailsPerDay: 40,
        warmup: { enabled: false, perDay: 20, dailyRampup: 5, replyRate: 30 },
        campaignIds: [],
        baseUrl: world.smartlead.baseUrl,
        loginCheck: { allowSelfSignedCertificates: true },
      },
    );
    expect(checked.failures ?? []).toEqual([]);
    const failure = await smartleadProvider
      .create(checked.inputs)
      .then(
        () => "",
        (error: Error) => error.message,
      )
      .finally(restoreKey);
    // Google turned password sign-in off for IMAP/SMTP; Gmail answers 535 5.7.8.
    expect(failure).toMatch(/535.5\.7\.8 Username and Password not accepted/);
    expect(world.smartlead.state.findByEmail("ana@legacy.test")).toBeUndefined();
  });

  it("up creates every mailbox and lists those still to authorize, without failing or blocking", async () => {
    const up = await t.stack.up({ color: "never", onEvent: world.registrar(0) });
    const pending = up.outputs.pendingAuthorizations.value as { address: string; command: string }[];
    expect(pending.map((p) => p.address).sort()).toEqual([...addresses].sort());
    expect(pending[0]?.command).toBe(`npm run authorize -- --stack ${t.name}`);
    for (const address of addresses) {
      const user = [...world.google.state.users.values()].find((u) => u.primaryEmail === address);
      expect(user?.suspended, address).toBe(false);
      expect(account(address), address).toBeUndefined();
    }
    // Nothing reached Smartlead's write endpoints for the pending mailboxes.
    expect(world.smartlead.state.calls.filter((c) => c.method !== "GET")).toEqual([]);
    expect(up.stdout).toMatch(/not connected to Smartlead yet.*npm run authorize -- --stack/);
  }, 180_000);

  it("after two of three mailboxes are authorized, up connects those two with OAuth; the third stays pending", async () => {
    const run = await authorize([addresses[0]!, addresses[2]!]);
    expect(run.output).toContain("2 of 3 authorized");
    const up = await t.stack.up({ color: "never" });
    // Each authorized mailbox's placeholder is replaced by its real account.
    expect(up.summary.resourceChanges?.replace, up.stdout).toBe(2);
    expect((up.outputs.pendingAuthorizations.value as { address: string }[]).map((p) => p.address)).toEqual([
      addresses[1],
    ]);
    for (const address of [addresses[0]!, addresses[2]!]) {
      const connected = account(address);
      expect(connected?.type, address).toBe("GMAIL");
      expect(connected?.isSmtpSuccess && connected?.isImapSuccess, address).toBe(true);
      expect(world.smartlead.state.campaignIdsOf(connected!.id)).toEqual([campaign]);
    }
    expect(account(addresses[1]!)).toBeUndefined();
  }, 240_000);

  it("the last authorization connects the last mailbox; the stack is then converged", async () => {
    await authorize([addresses[1]!]);
    const up = await t.stack.up({ color: "never" });
    expect(up.summary.resourceChanges?.replace, up.stdout).toBe(1);
    expect(up.outputs.pendingAuthorizations.value).toEqual([]);
    expect(account(addresses[1]!)?.type).toBe("GMAIL");
    const quiet = await t.stack.preview({ color: "never", expectNoChanges: true });
    expect(quiet.changeSummary.create ?? 0).toBe(0);
  }, 240_000);

  it("a token revoked by hand is drift that refresh reports with the fix; authorizing again and up repair it", async () => {
    const broken = addresses[0]!;
    // The person revokes mailinfra's access in their Google account; Smartlead loses the connection.
    world.google.oauth.revokeUserTokens(broken);
    world.smartlead.state.markConnectionBroken(broken);
    const refresh = await t.stack.refresh({ color: "never" });
    expect(refresh.summary.resourceChanges?.update, refresh.stdout).toBe(1);
    // What refresh read back: the account not connected, and why, with the fix.
    const state = await t.stack.exportStack();
    const read = (state.deployment.resources as { urn: string; outputs?: Record<string, unknown> }[]).find(
      (r) => r.urn.endsWith(`${broken}-smartlead`),
    );
    expect(read?.outputs?.connected).toBe(false);
    expect(String(read?.outputs?.connectionProblem)).toMatch(
      /authorize again.*npm run authorize -- --stack/s,
    );
    const preview = await t.stack.preview({ color: "never", diff: true });
    expect(preview.changeSummary.update).toBe(1);

    // An `up` before authorizing again does not fail: the rest of the fleet goes on, this mailbox waits.
    const early = await t.stack.up({ color: "never" });
    expect(early.summary.result).toBe("succeeded");
    expect(early.stderr + early.stdout).toMatch(
      /not connected: the mailbox's authorization was revoked or expired/,
    );
    expect(account(broken)?.isSmtpSuccess).toBe(false);

    const again = await authorize([broken]);
    expect(again.output).toContain(`${broken}: its authorization was revoked or expired`);
    const up = await t.stack.up({ color: "never" });
    expect(up.summary.resourceChanges?.update).toBe(1);
    const repaired = account(broken);
    expect(repaired?.isSmtpSuccess && repaired?.isImapSuccess).toBe(true);
    const quiet = await t.stack.refresh({ color: "never" });
    expect(quiet.summary.resourceChanges?.update ?? 0, quiet.stdout).toBe(0);
  }, 300_000);

  it("no refresh token, access token or client secret is stored or printed in plaintext", async () => {
    const tokens = [...world.google.oauth.refreshTokens.keys()];
    expect(tokens.length).toBeGreaterThanOrEqual(4);
    const stackFile = fs.readFileSync(path.join(repoRoot, "stacks", `Pulumi.${t.name}.yaml`), "utf8");
    // Every file of the backend: checkpoints, their .bak copies and history.
    const state = t.stateText();
    const outputs = JSON.stringify(await t.stack.outputs());
    for (const secret of [...tokens, world.oauthClient.clientSecret]) {
      for (const [where, text] of Object.entries({
        stackFile,
        state,
        outputs,
        printed: printed.join("\n"),
      })) {
        expect(text.includes(secret), `${where} holds a secret in plaintext`).toBe(false);
      }
    }
  });
});
