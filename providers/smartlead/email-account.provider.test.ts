import { unknownValue } from "@pulumi/pulumi/runtime/rpc";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type MailWorld, startMailWorld } from "../../emulators/mail";
import { type SmartleadEmulator, type SmartleadEmulatorOptions, start } from "../../emulators/smartlead";
import { stackCredentials } from "../credentials";
import { clearAccountDirectories } from "./account-directory";
import { clearCampaignRosters } from "./campaign-roster";
import { provider } from "./email-account.provider";
import type { EmailAccountOutputs } from "./email-account-inputs";
import { smartleadSettings } from "./smartlead-settings";

const apiKey = "sl-provider-SECRET-key";
const password = "Mailbox-Pass-31337";
let world: MailWorld;
let emulator: SmartleadEmulator;

beforeAll(async () => {
  smartleadSettings.use({ retry: { initialDelayMs: 5, maxDelayMs: 50 }, campaignBatch: { settleMs: 40 } });
  // What the engine hands the provider process: the stack's key (mailinfra:smartlead.apiKey).
  stackCredentials.use({ smartleadApiKey: apiKey });
  world = await startMailWorld();
});
afterAll(async () => {
  smartleadSettings.reset();
  stackCredentials.reset();
  await world.stop();
});
afterEach(async () => {
  await emulator?.stop();
});

async function startSmartlead(options: SmartleadEmulatorOptions = {}) {
  emulator = await start({ apiKeys: [apiKey], ...options });
}

/** A new `pulumi` command runs a new provider process: nothing cached from the previous one. */
function newProcess() {
  clearAccountDirectories();
  clearCampaignRosters();
}
beforeEach(newProcess);

function raw(email: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  world.setUser(email, password);
  return {
    fromName: "Ana Lima",
    fromEmail: email,
    smtp: { ...world.smtp, username: email, password },
    imap: { ...world.imaps, username: email, password },
    maxEmailsPerDay: 40,
    warmup: { enabled: true, perDay: 20, dailyRampup: 5, replyRate: 30 },
    customTrackingUrl: "track.acme.test",
    campaignIds: [],
    baseUrl: emulator.baseUrl,
    loginCheck: { allowSelfSignedCertificates: true, timeoutMs: 2000 },
    ...extra,
  };
}

async function checked(rawInputs: Record<string, unknown>) {
  const result = await provider.check!({}, rawInputs);
  expect(result.failures ?? []).toEqual([]);
  return result.inputs as Record<string, unknown>;
}

async function create(email: string, extra: Record<string, unknown> = {}) {
  const inputs = await checked(raw(email, extra));
  const result = await provider.create(inputs);
  return { id: result.id, outs: result.outs as EmailAccountOutputs, inputs };
}

const errorOf = (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error("expected a failure");
    },
    (e: Error) => e,
  );

describe("SmartleadEmailAccount provider", () => {
  it("stops before Smartlead when the mailbox login fails, naming the protocol and reason", async () => {
    await startSmartlead();
    const inputs = await checked(raw("ana@acme.test"));
    world.setUser("ana@acme.test", "changed-elsewhere");
    const error = await errorOf(provider.create(inputs));
    expect(error.message).toContain("SmartleadEmailAccount ana@acme.test: not connected to Smartlead.");
    expect(error.message).toContain(
      `SMTP login to ${world.smtp.host}:${world.smtp.port} as ana@acme.test failed: authentication failed`,
    );
    expect(error.message).toContain("IMAP login");
    expect(error.message).not.toContain(password);
    expect(emulator.state.callCount()).toBe(0);
  });

  it("creates with every setting and warmup in the save call, then assigns campaigns", async () => {
    await startSmartlead();
    const q1 = emulator.state.addCampaign({ name: "Q1" });
    const { id, outs } = await create("ana@acme.test", { campaignIds: [q1.id] });
    const account = emulator.state.accounts.get(Number(id))!;
    expect(account).toMatchObject({
      fromName: "Ana Lima",
      fromEmail: "ana@acme.test",
      messagePerDay: 40,
      customTrackingDomain: "track.acme.test",
      smtpPort: world.smtp.port,
      imapPort: world.imaps.port,
    });
    expect(account.warmup).toMatchObject({ status: "ACTIVE", perDay: 20, dailyRampup: 5, replyRate: 30 });
    expect(emulator.state.campaignIdsOf(account.id)).toEqual([q1.id]);
    expect(emulator.state.callsByRoute()).toEqual({
      "GET /email-accounts": 1,
      "POST /email-accounts/save": 1,
      "POST /campaigns/{id}/email-accounts": 1,
    });
    expect(outs).toMatchObject({
      emailAccountId: account.id,
      adopted: false,
      warmupStatus: "ACTIVE",
      campaignIds: [q1.id],
    });
  });

  it("adopts an account with the same from_email instead of connecting a second one, converging its campaigns", async () => {
    await startSmartlead();
    const q1 = emulator.state.addCampaign({ name: "Q1" });
    const old = emulator.state.addCampaign({ name: "old" });
    const existing = emulator.state.addAccount({
      fromEmail: "ana@acme.test",
      messagePerDay: 10,
      warmup: { enabled: false },
    });
    emulator.state.ui.addToCampaign(old.id, existing.id);
    const { id, outs } = await create("ANA@acme.test", { campaignIds: [q1.id] });
    expect(Number(id)).toBe(existing.id);
    expect(outs.adopted).toBe(true);
    expect(emulator.state.liveAccounts(1)).toHaveLength(1);
    expect(existing.messagePerDay).toBe(40);
    expect(existing.warmup.status).toBe("ACTIVE");
    expect(emulator.state.campaignIdsOf(existing.id)).toEqual([q1.id]);
  });

  it("a campaign deleted after preview fails the create, and the next up takes the saved account back", async () => {
    await startSmartlead();
    const q1 = emulator.state.addCampaign({ name: "Q1" });
    const gone = emulator.state.addCampaign({ name: "deleted between preview and up" });
    emulator.state.campaigns.delete(gone.id);
    const error = await errorOf(create("ana@acme.test", { campaignIds: [q1.id, gone.id] }));
    expect(error.message).toContain(
      "SmartleadEmailAccount ana@acme.test: campaign assignment of Smartlead account",
    );
    expect(error.message).toContain(
      `adding it to campaign ${gone.id}: Smartlead campaign ${gone.id} not found for this API key (HTTP 404: Resource not found)`,
    );
    const saved = emulator.state.liveAccounts(1);
    expect(saved).toHaveLength(1);

    // The user drops the id (the preflight of the next preview names it); the next up resumes.
    newProcess();
    const { id, outs } = await create("ana@acme.test", { campaignIds: [q1.id] });
    expect(Number(id)).toBe(saved[0].id);
    expect(outs.adopted).toBe(true);
    expect(emulator.state.liveAccounts(1)).toHaveLength(1);
    expect(emulator.state.campaignIdsOf(saved[0].id)).toEqual([q1.id]);
  });

  it("adopts when the first save's answer was lost and the retry meets ACCOUNT_ALREADY_EXIST", async () => {
    await startSmartlead();
    emulator.faults.dropNext(1, "after", "POST /email-accounts/save");
    const { id, outs } = await create("lost@acme.test");
    expect(emulator.state.liveAccounts(1).map((a) => a.id)).toEqual([Number(id)]);
    expect(outs.adopted).toBe(true);
  });

  it("shares one call per campaign among 30 concurrent creates, and one list call", async () => {
    await startSmartlead();
    const a = emulator.state.addCampaign({ name: "A" });
    const b = emulator.state.addCampaign({ name: "B" });
    const emails = Array.from({ length: 30 }, (_, n) => `m${n}@acme.test`);
    const results = await Promise.all(emails.map((e) => create(e, { campaignIds: [a.id, b.id] })));
    expect(emulator.state.callsByRoute()).toEqual({
      "GET /email-accounts": 1,
      "POST /email-accounts/save": 30,
      "POST /campaigns/{id}/email-accounts": 2,
    });
    const ids = results.map((r) => Number(r.id)).sort((x, y) => x - y);
    expect([...a.accountIds].sort((x, y) => x - y)).toEqual(ids);
    expect([...b.accountIds].sort((x, y) => x - y)).toEqual(ids);
  });

  it("keeps coalescing while the key's budget makes saves queue: still one call per campaign, no 429", async () => {
    await startSmartlead({ timeScale: 0.01 }); // the emulator allows 60 requests per 600 ms
    const a = emulator.state.addCampaign({ name: "A" });
    const budget = { rateLimit: { requests: 12, intervalMs: 700 } };
    const emails = Array.from({ length: 40 }, (_, n) => `q${n}@acme.test`);
    await Promise.all(emails.map((e) => create(e, { campaignIds: [a.id], ...budget })));
    expect(emulator.state.callCount("POST /email-accounts/save")).toBe(40);
    expect(emulator.state.callCount("POST /campaigns/{id}/email-accounts")).toBe(1);
    expect(a.accountIds.size).toBe(40);
    expect(emulator.state.calls.filter((c) => c.status === 429)).toEqual([]);
  });

  it("refuses one bad account without failing the others of the batch", async () => {
    await startSmartlead();
    const a = emulator.state.addCampaign({ name: "A" });
    const good = emulator.state.addAccount({ fromEmail: "good@acme.test" });
    const broken = emulator.state.addAccount({ fromEmail: "broken@acme.test", isImapSuccess: false });
    const props = (await checked(raw("x@acme.test", { campaignIds: [] }))) as unknown as EmailAccountOutputs;
    const results = await Promise.allSettled([
      provider.update!(
        String(good.id),
        { ...props, emailAccountId: good.id },
        { ...props, campaignIds: [a.id] },
      ),
      provider.update!(
        String(broken.id),
        { ...props, emailAccountId: broken.id },
        { ...props, campaignIds: [a.id] },
      ),
    ]);
    expect(results[0].status).toBe("fulfilled");
    expect(results[1].status).toBe("rejected");
    expect(String((results[1] as PromiseRejectedResult).reason.message)).toContain(
      `adding it to campaign ${a.id}: Smartlead refused to add email account ${broken.id} to campaign ${a.id} (HTTP 400:`,
    );
    expect([...a.accountIds]).toEqual([good.id]);
    // Smartlead's answer does not name the account: the batch of two is split once (1 + 2 calls).
    expect(emulator.state.callCount("POST /campaigns/{id}/email-accounts")).toBe(3);
  });

  it("updates in place with one call per kind of change, and converges campaigns both ways", async () => {
    await startSmartlead();
    const c1 = emulator.state.addCampaign({ name: "C1" });
    const c2 = emulator.state.addCampaign({ name: "C2" });
    const { id, outs } = await create("ana@acme.test", { campaignIds: [c1.id] });
    const account = emulator.state.accounts.get(Number(id))!;
    const before = emulator.state.callCount();

    const warmupOnly = await checked(
      raw("ana@acme.test", {
        campaignIds: [c1.id],
        warmup: { enabled: true, perDay: 35, dailyRampup: 6, replyRate: 40 },
      }),
    );
    const r1 = await provider.update!(id, outs, warmupOnly);
    expect(emulator.state.calls.slice(before).map((c) => c.route)).toEqual([
      "POST /email-accounts/{id}/warmup",
    ]);
    expect(account.warmup).toMatchObject({ perDay: 35, dailyRampup: 6, replyRate: 40 });

    const settingsOnly = await checked(
      raw("ana@acme.test", {
        campaignIds: [c2.id],
        maxEmailsPerDay: 25,
        warmup: { enabled: true, perDay: 35, dailyRampup: 6, replyRate: 40 },
      }),
    );
    const mark = emulator.state.callCount();
    const r2 = await provider.update!(id, r1.outs as EmailAccountOutputs, settingsOnly);
    expect(
      emulator.state.calls
        .slice(mark)
        .map((c) => c.route)
        .sort(),
    ).toEqual([
      "DELETE /campaigns/{id}/email-accounts",
      "POST /campaigns/{id}/email-accounts",
      "POST /email-accounts/{id}",
    ]);
    expect(account.messagePerDay).toBe(25);
    expect(emulator.state.campaignIdsOf(account.id)).toEqual([c2.id]);

    const both = await checked(
      raw("ana@acme.test", {
        campaignIds: [c2.id],
        maxEmailsPerDay: 30,
        warmup: { enabled: false, perDay: 35, dailyRampup: 6, replyRate: 40 },
      }),
    );
    const mark2 = emulator.state.callCount();
    await provider.update!(id, r2.outs as EmailAccountOutputs, both);
    expect(emulator.state.calls.slice(mark2).map((c) => c.route)).toEqual(["POST /email-accounts/save"]);
    expect(account.messagePerDay).toBe(30);
    expect(account.warmup.status).toBe("INACTIVE");
    expect(emulator.state.liveAccounts(1)).toHaveLength(1);
  });

  it("reads drift made in Smartlead's UI; diff reports it and update restores it", async () => {
    await startSmartlead();
    const c1 = emulator.state.addCampaign({ name: "C1" });
    const c3 = emulator.state.addCampaign({ name: "C3" });
    const { id, outs, inputs } = await create("ana@acme.test", { campaignIds: [c1.id] });
    emulator.state.ui.setWarmup(Number(id), { enabled: false, replyRate: 50 });
    emulator.state.ui.setSettings(Number(id), { messagePerDay: 80 });
    emulator.state.ui.addToCampaign(c3.id, Number(id));
    emulator.state.ui.removeFromCampaign(c1.id, Number(id));

    newProcess(); // `pulumi refresh`
    const refreshed = await provider.read!(id, outs);
    expect(refreshed.id).toBe(id);
    const live = refreshed.props as EmailAccountOutputs;
    expect(live.warmup).toEqual({ enabled: false, perDay: 20, dailyRampup: 5, replyRate: 50 });
    expect(live.maxEmailsPerDay).toBe(80);
    expect(live.campaignIds).toEqual([c3.id]);
    expect(live.warmupStatus).toBe("INACTIVE");

    newProcess(); // `pulumi up`
    const d = await provider.diff!(id, live, inputs);
    expect(d).toMatchObject({ changes: true, replaces: [] });
    const restored = await provider.update!(id, live, inputs);
    const account = emulator.state.accounts.get(Number(id))!;
    expect(account.warmup).toMatchObject({ status: "ACTIVE", replyRate: 30 });
    expect(account.messagePerDay).toBe(40);
    expect(emulator.state.campaignIdsOf(account.id)).toEqual([c1.id]);

    newProcess();
    const again = await provider.read!(id, restored.outs as EmailAccountOutputs);
    expect((await provider.diff!(id, again.props as EmailAccountOutputs, inputs)).changes).toBe(false);
  });

  it("reports an account removed in Smartlead as gone", async () => {
    await startSmartlead();
    const { id, outs } = await create("ana@acme.test");
    emulator.state.ui.removeAccount(Number(id));
    newProcess();
    expect(await provider.read!(id, outs)).toEqual({});
    // An `up` without refresh meets the missing account with a way out, and no secret in the message.
    const changed = await checked(raw("ana@acme.test", { maxEmailsPerDay: 12 }));
    const error = await errorOf(provider.update!(id, outs, changed));
    expect(error.message).toBe(
      `SmartleadEmailAccount ana@acme.test: updating failed: Smartlead account ${id} no longer exists; run \`pulumi refresh\`, then \`pulumi up\` connects it again`,
    );
    expect(error.message).not.toContain(apiKey);
  });

  it("disconnects on delete: out of every campaign, warmup off, account and history kept", async () => {
    await startSmartlead();
    const c1 = emulator.state.addCampaign({ name: "C1" });
    const byHand = emulator.state.addCampaign({ name: "added by hand", status: "ACTIVE" });
    const other = emulator.state.addAccount({ fromEmail: "other@acme.test" });
    emulator.state.ui.addToCampaign(byHand.id, other.id);
    const { id, outs } = await create("ana@acme.test", { campaignIds: [c1.id] });
    emulator.state.ui.addToCampaign(byHand.id, Number(id));

    newProcess(); // `pulumi up` after the mailbox left the config
    await provider.delete!(id, outs);
    const account = emulator.state.accounts.get(Number(id))!;
    expect(account.deleted).toBe(false);
    expect(account.warmup.status).toBe("INACTIVE");
    expect(emulator.state.campaignIdsOf(account.id)).toEqual([]);
    expect([...byHand.accountIds]).toEqual([other.id]);
  });

  it("deletes the account in Smartlead when onDelete is delete; a second delete is a no-op", async () => {
    await startSmartlead();
    const { id, outs } = await create("ana@acme.test", { onDelete: "delete" });
    await provider.delete!(id, outs);
    expect(emulator.state.accounts.get(Number(id))!.deleted).toBe(true);
    await provider.delete!(id, outs);
  });

  it("serves a refresh of 250 accounts from 3 list calls", async () => {
    await startSmartlead();
    const c1 = emulator.state.addCampaign({ name: "C1" });
    const c2 = emulator.state.addCampaign({ name: "C2" });
    const props = (await checked(
      raw("template@acme.test", { campaignIds: [c1.id, c2.id] }),
    )) as unknown as EmailAccountOutputs;
    const accounts = Array.from({ length: 250 }, (_, n) => {
      const a = emulator.state.addAccount({ fromEmail: `bulk${n}@acme.test` });
      emulator.state.ui.addToCampaign(n % 2 === 0 ? c1.id : c2.id, a.id);
      return a;
    });
    const reads = await Promise.all(
      accounts.map((a) =>
        provider.read!(String(a.id), { ...props, fromEmail: a.fromEmail, emailAccountId: a.id }),
      ),
    );
    expect(reads.every((r) => r.id !== undefined)).toBe(true);
    expect((reads[1]!.props as EmailAccountOutputs).campaignIds).toEqual([c2.id]);
    expect(emulator.state.callsByRoute()).toEqual({ "GET /email-accounts": 3 });
  });

  it("falls back to one call per declared campaign when the list carries no campaign ids", async () => {
    await startSmartlead({ listFetchCampaigns: false });
    const c1 = emulator.state.addCampaign({ name: "C1" });
    const c2 = emulator.state.addCampaign({ name: "C2" });
    const props = (await checked(
      raw("template@acme.test", { campaignIds: [c1.id, c2.id] }),
    )) as unknown as EmailAccountOutputs;
    const accounts = Array.from({ length: 250 }, (_, n) => {
      const a = emulator.state.addAccount({ fromEmail: `bulk${n}@acme.test` });
      emulator.state.ui.addToCampaign(c1.id, a.id);
      return a;
    });
    const reads = await Promise.all(
      accounts.map((a) =>
        provider.read!(String(a.id), { ...props, fromEmail: a.fromEmail, emailAccountId: a.id }),
      ),
    );
    expect((reads[0]!.props as EmailAccountOutputs).campaignIds).toEqual([c1.id]);
    expect(emulator.state.callsByRoute()).toEqual({
      "GET /email-accounts": 3,
      "GET /campaigns/{id}/email-accounts": 2,
    });
  });

  it("stores only declared inputs and Smartlead's outputs: how a test talks to Smartlead never reaches the state", async () => {
    await startSmartlead();
    // Retry pauses, timeouts and batch timing are process settings (smartlead-settings.ts), not inputs.
    const testOnly = { retry: { initialDelayMs: 1 }, timeoutMs: 100, campaignBatch: { settleMs: 1 } };
    const { id, outs, inputs } = await create("ana@acme.test", testOnly);
    expect(Object.keys(inputs).filter((key) => key in testOnly)).toEqual([]);
    expect(Object.keys(outs).sort()).toEqual([
      "adopted",
      "baseUrl",
      "campaignAdmission",
      "campaignIds",
      "customTrackingUrl",
      "emailAccountId",
      "fromEmail",
      "fromName",
      "imap",
      "loginCheck",
      "maxEmailsPerDay",
      "onDelete",
      "smtp",
      "warmup",
      "warmupStatus",
    ]);
    // A state written when the request timeout was an input (every account stored `timeoutMs: 30000`): no change.
    const stored = { ...outs, timeoutMs: 30_000 } as unknown as EmailAccountOutputs;
    expect(await provider.diff!(id, stored, inputs)).toMatchObject({ changes: false });
  });

  it("check names the property and the fix, never the secret values", async () => {
    await startSmartlead();
    const bad = raw("not-an-email", {
      smtp: { host: "", port: 70000, username: "u", password, security: "starttls" },
      warmup: { enabled: true, perDay: 80, dailyRampup: 2, replyRate: 30 },
    });
    const result = await provider.check!({}, bad);
    const properties = (result.failures ?? []).map((f) => f.property).sort();
    expect(properties).toEqual([
      "fromEmail",
      "smtp.host",
      "smtp.port",
      "warmup.dailyRampup",
      "warmup.perDay",
    ]);
    expect(JSON.stringify(result.failures)).not.toContain(password);
    const unknown = raw("ana@acme.test", { maxEmailsPerDay: unknownValue });
    expect((await provider.check!({}, unknown)).failures ?? []).toEqual([]);
  });

  it("diff replaces on a new address only; a new endpoint is an in-place update", async () => {
    await startSmartlead();
    const { id, outs, inputs } = await create("ana@acme.test");
    expect(await provider.diff!(id, outs, inputs)).toMatchObject({ changes: false });
    const moved = await checked(raw("bo@acme.test"));
    expect(await provider.diff!(id, outs, moved)).toMatchObject({ changes: true, replaces: ["fromEmail"] });
    const elsewhere = await checked(raw("ana@acme.test", { baseUrl: "http://127.0.0.1:1/api/v1" }));
    expect(await provider.diff!(id, outs, elsewhere)).toMatchObject({ changes: true, replaces: [] });
    const mark = emulator.state.callCount();
    await provider.update!(id, outs, { ...elsewhere, baseUrl: emulator.baseUrl });
    expect(emulator.state.callCount()).toBe(mark);
  });

  it("a key rotated in the stack configuration changes no account; the next calls use it", async () => {
    await startSmartlead({ apiKeys: [apiKey, "sl-rotated-key"] });
    const { id, outs, inputs } = await create("rot@acme.test");
    emulator.state.disableApiKey(apiKey);
    const restore = stackCredentials.use({ smartleadApiKey: "sl-rotated-key" });
    try {
      expect(await provider.diff!(id, outs, inputs)).toMatchObject({ changes: false });
      newProcess();
      expect((await provider.read!(id, outs)).props).toMatchObject({ emailAccountId: Number(id) });
    } finally {
      restore();
    }
  });

  it("without a key in the stack configuration, check fails at preview naming the path and the command", async () => {
    await startSmartlead();
    const restore = stackCredentials.use({ smartleadApiKey: undefined });
    try {
      const result = await provider.check!({}, raw("nokey@acme.test"));
      expect(result.failures).toEqual([
        {
          property: "",
          reason: expect.stringContaining("mailinfra:smartlead.apiKey is not set in the stack configuration"),
        },
      ]);
      expect(result.failures![0]!.reason).toContain(
        "Run: pulumi config set --secret --path 'mailinfra:smartlead.apiKey' <api-key>",
      );
    } finally {
      restore();
    }
  });

  it("an account created before keys were held once (its outputs hold the key): no change, and refresh and destroy use that key when the process holds none", async () => {
    await startSmartlead();
    const { id, outs, inputs } = await create("old@acme.test");
    const olds = { ...outs, apiKey } as unknown as EmailAccountOutputs;
    expect(await provider.diff!(id, olds, inputs)).toMatchObject({ changes: false });
    const restore = stackCredentials.use({ smartleadApiKey: undefined });
    try {
      newProcess();
      expect((await provider.read!(id, olds)).props).toMatchObject({ emailAccountId: Number(id) });
      await provider.delete!(id, olds);
      expect(emulator.state.callCount("POST /email-accounts/{id}/warmup")).toBeGreaterThan(0);
      const error = await errorOf(provider.read!(id, outs));
      expect(error.message).toContain("mailinfra:smartlead.apiKey is not set in the stack configuration");
    } finally {
      restore();
    }
  });

  it("a preview of a renamed mailbox (new address known, credentials not yet) plans a replace, not an update", async () => {
    await startSmartlead();
    const { id, outs } = await create("cy@acme.test");
    const unknown = unknownValue;
    const renamed = { ...raw("cyrus@acme.test"), smtp: unknown, imap: unknown };
    expect(await provider.diff!(id, outs, renamed)).toEqual({
      changes: true,
      replaces: ["fromEmail"],
      deleteBeforeReplace: false,
    });
    // Same address, or an address not known yet either: an update as before.
    const same = { ...raw("cy@acme.test"), smtp: unknown, imap: unknown };
    expect(await provider.diff!(id, outs, same)).toMatchObject({ changes: true, replaces: [] });
    expect(await provider.diff!(id, outs, { ...same, fromEmail: unknown })).toMatchObject({ replaces: [] });
  });
});
