import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type MailWorld, startMailWorld } from "../../emulators/mail";
import { type SmartleadEmulator, start } from "../../emulators/smartlead";
import { stackCredentials } from "../credentials";
import { clearAccountDirectories } from "./account-directory";
import { clearCampaignRosters } from "./campaign-roster";
import { provider } from "./email-account.provider";
import type { EmailAccountOutputs } from "./email-account-inputs";
import { smartleadSettings } from "./smartlead-settings";

/** The campaign policy's admission (components/campaign-policy/admission.ts) as the provider applies it. */
const apiKey = "sl-admission-key";
const password = "Mailbox-Pass-4242";
let world: MailWorld;
let emulator: SmartleadEmulator;

beforeAll(async () => {
  smartleadSettings.use({ retry: { initialDelayMs: 5, maxDelayMs: 50 }, campaignBatch: { settleMs: 40 } });
  stackCredentials.use({ smartleadApiKey: apiKey });
  world = await startMailWorld();
});
afterAll(async () => {
  smartleadSettings.reset();
  stackCredentials.reset();
  await world.stop();
});
beforeEach(async () => {
  clearAccountDirectories();
  clearCampaignRosters();
  emulator = await start({ apiKeys: [apiKey] });
});
afterEach(async () => {
  await emulator.stop();
});

async function inputs(email: string, extra: Record<string, unknown>) {
  world.setUser(email, password);
  const result = await provider.check!(
    {},
    {
      fromName: "Ana Lima",
      fromEmail: email,
      smtp: { ...world.smtp, username: email, password },
      imap: { ...world.imaps, username: email, password },
      baseUrl: emulator.baseUrl,
      loginCheck: { allowSelfSignedCertificates: true, timeoutMs: 2000 },
      ...extra,
    },
  );
  expect(result.failures ?? []).toEqual([]);
  return result.inputs as Record<string, unknown>;
}

describe("SmartleadEmailAccount campaignAdmission", () => {
  it("hold: a new account joins none of its campaigns; join at the next up adds them, as one update", async () => {
    const c1 = emulator.state.addCampaign({ name: "C1" });
    const c2 = emulator.state.addCampaign({ name: "C2" });
    const held = await inputs("ana@acme.test", { campaignIds: [c1.id, c2.id], campaignAdmission: "hold" });
    const { id, outs } = await provider.create(held);
    expect(emulator.state.campaignIdsOf(Number(id))).toEqual([]);
    expect((outs as EmailAccountOutputs).campaignIds).toEqual([]);

    // Still waiting at the next up: no change planned.
    expect((await provider.diff!(id, outs, held)).changes).toBe(false);

    const joining = await inputs("ana@acme.test", { campaignIds: [c1.id, c2.id], campaignAdmission: "join" });
    const diff = await provider.diff!(id, outs, joining);
    expect(diff).toMatchObject({ changes: true, replaces: [] });
    const mark = emulator.state.callCount();
    const updated = await provider.update!(id, outs, joining);
    expect(emulator.state.calls.slice(mark).map((c) => c.route)).toEqual([
      "POST /campaigns/{id}/email-accounts",
      "POST /campaigns/{id}/email-accounts",
    ]);
    expect(emulator.state.campaignIdsOf(Number(id))).toEqual([c1.id, c2.id]);
    expect((updated.outs as EmailAccountOutputs).campaignIds).toEqual([c1.id, c2.id]);
  });

  it("hold keeps an adopted account in the declared campaign it is in and adds it to no other", async () => {
    const inIt = emulator.state.addCampaign({ name: "in" });
    const notYet = emulator.state.addCampaign({ name: "not yet" });
    const existing = emulator.state.addAccount({ fromEmail: "ben@acme.test" });
    emulator.state.ui.addToCampaign(inIt.id, existing.id);
    const held = await inputs("ben@acme.test", {
      campaignIds: [inIt.id, notYet.id],
      campaignAdmission: "hold",
    });
    const { outs } = await provider.create(held);
    expect(emulator.state.campaignIdsOf(existing.id)).toEqual([inIt.id]);
    expect((outs as EmailAccountOutputs).campaignIds).toEqual([inIt.id]);
  });

  it("hold after join removes nothing: no change while the account is in its campaigns", async () => {
    const c1 = emulator.state.addCampaign({ name: "C1" });
    const joined = await inputs("cleo@acme.test", { campaignIds: [c1.id] });
    const { id, outs } = await provider.create(joined);
    expect(emulator.state.campaignIdsOf(Number(id))).toEqual([c1.id]);
    const held = await inputs("cleo@acme.test", { campaignIds: [c1.id], campaignAdmission: "hold" });
    expect((await provider.diff!(id, outs, held)).changes).toBe(false);
  });

  it("leave takes the account out of every campaign, keeping the account; join brings it back", async () => {
    const c1 = emulator.state.addCampaign({ name: "C1" });
    const joined = await inputs("dev@acme.test", { campaignIds: [c1.id] });
    const { id, outs } = await provider.create(joined);
    const leaving = await inputs("dev@acme.test", { campaignIds: [c1.id], campaignAdmission: "leave" });
    expect((await provider.diff!(id, outs, leaving)).changes).toBe(true);
    const left = await provider.update!(id, outs, leaving);
    expect(emulator.state.campaignIdsOf(Number(id))).toEqual([]);
    expect(emulator.state.liveAccounts(1).map((a) => a.id)).toEqual([Number(id)]);
    await provider.update!(id, left.outs as EmailAccountOutputs, joined);
    expect(emulator.state.campaignIdsOf(Number(id))).toEqual([c1.id]);
  });
});
