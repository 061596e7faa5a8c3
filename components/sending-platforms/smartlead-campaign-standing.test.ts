import * as pulumi from "@pulumi/pulumi";
import { afterEach, describe, expect, it } from "vitest";
import { type SmartleadEmulator, start } from "../../emulators/smartlead";
import { quietDomain, testConfig } from "../../test/support/config";
import { smartleadCampaignStandings } from "./smartlead-campaign-standing";

const apiKey = "sl-standing-key";
let emulator: SmartleadEmulator;
afterEach(async () => {
  await emulator?.stop();
});

const mailbox = (username: string) => ({ username, firstName: "Ana", lastName: "Lima" });
const fast = { retry: { maxAttempts: 2, initialDelayMs: 5, maxDelayMs: 20 } };

function configWith(campaignIds: number[], key = apiKey) {
  return testConfig(
    [quietDomain("a.test", { smartlead: { campaignIds }, mailboxes: [mailbox("ana"), mailbox("ben")] })],
    { smartlead: { apiKey: pulumi.secret(key), baseUrl: emulator.baseUrl } },
  );
}

describe("smartleadCampaignStandings", () => {
  it("one listing gives each declaring mailbox's campaigns and warmup start; a mailbox without an account is new", async () => {
    emulator = await start({ apiKeys: [apiKey] });
    const q1 = emulator.state.addCampaign({ name: "Q1" });
    const ana = emulator.state.addAccount({ fromEmail: "ana@a.test" });
    ana.warmup.createdAt = "2026-11-01T08:00:00.000Z";
    emulator.state.ui.addToCampaign(q1.id, ana.id);
    const standings = await smartleadCampaignStandings(configWith([q1.id]), fast);
    expect(emulator.state.calls.map((c) => c.route)).toEqual(["GET /email-accounts"]);
    expect(standings.mailboxes.get("ana@a.test")).toEqual({
      address: "ana@a.test",
      campaignIds: [q1.id],
      currentCampaignIds: [q1.id],
      warmup: { kind: "started", at: "2026-11-01T08:00:00.000Z" },
    });
    expect(standings.mailboxes.get("ben@a.test")).toEqual({
      address: "ben@a.test",
      campaignIds: [q1.id],
      currentCampaignIds: [],
      warmup: { kind: "new" },
    });
    const signals = await standings.signals(["ana@a.test", "ben@a.test"]);
    expect(signals.map((s) => [s.address, s.smtp.state])).toEqual([
      ["ana@a.test", "connected"],
      ["ben@a.test", "unknown"],
    ]);
  });

  it("up's two runs of the program (preview, update) read the account list once; the signals reuse it", async () => {
    emulator = await start({ apiKeys: [apiKey] });
    const q1 = emulator.state.addCampaign({ name: "Q1" });
    emulator.state.addAccount({ fromEmail: "ana@a.test" });
    const preview = await smartleadCampaignStandings(configWith([q1.id]), fast);
    await preview.signals(["ana@a.test"]);
    const update = await smartleadCampaignStandings(configWith([q1.id]), fast);
    await update.signals(["ana@a.test"]);
    expect(emulator.state.calls.map((c) => c.route)).toEqual(["GET /email-accounts"]);
    expect(update.mailboxes.get("ana@a.test")?.currentCampaignIds).toEqual([]);
    // Another key is another account list.
    await smartleadCampaignStandings(configWith([q1.id], "sl-other-key"), fast);
    expect(emulator.state.calls.map((c) => c.route)).toEqual(["GET /email-accounts", "GET /email-accounts"]);
  });

  it("asks Smartlead nothing when no mailbox declares a campaign", async () => {
    emulator = await start({ apiKeys: [apiKey] });
    const standings = await smartleadCampaignStandings(configWith([]), fast);
    expect(standings.mailboxes.size).toBe(0);
    expect(emulator.state.calls).toEqual([]);
  });

  it("a listing Smartlead refuses leaves membership and warmup unknown, with why, and does not throw", async () => {
    emulator = await start({ apiKeys: [apiKey] });
    const standings = await smartleadCampaignStandings(configWith([501], "sl-not-a-key"), fast);
    const ana = standings.mailboxes.get("ana@a.test");
    expect(ana?.currentCampaignIds).toBeUndefined();
    expect(ana?.warmup.kind).toBe("unknown");
    expect(ana?.warmup.kind === "unknown" && ana.warmup.detail).toMatch(
      /account list could not be read: .*401/,
    );
    expect(JSON.stringify(ana)).not.toContain("sl-not-a-key");
    // Said once for the stack by the campaign gate, which then checks no domain.
    expect(standings.unreadable).toMatch(/account list could not be read: .*401/);
    expect(standings.unreadable).not.toContain("sl-not-a-key");
  });
});
