import * as pulumi from "@pulumi/pulumi";
import { afterEach, describe, expect, it } from "vitest";
import { type SmartleadEmulator, start } from "../../emulators/smartlead";
import { quietDomain, testConfig } from "../../test/support/config";
import { campaignPreflight } from "./smartlead-campaign-preflight";

const apiKey = "sl-preflight-SECRET-key";
let emulator: SmartleadEmulator;
afterEach(async () => {
  await emulator?.stop();
});

const mailbox = (username: string, campaignIds?: number[]) => ({
  username,
  firstName: "Ana",
  lastName: "Lima",
  ...(campaignIds ? { smartlead: { campaignIds } } : {}),
});

function configWith(domains: Record<string, unknown>[], key = apiKey, baseUrl = emulator.baseUrl) {
  return testConfig(domains, { smartlead: { apiKey: pulumi.secret(key), baseUrl } });
}

const fast = { retry: { maxAttempts: 3, initialDelayMs: 5, maxDelayMs: 20 } };
const writes = () => emulator.state.calls.filter((c) => c.method !== "GET");

describe("campaignPreflight", () => {
  it("reports the unknown id next to a known one, at its exact path, with one list call and no write", async () => {
    emulator = await start({ apiKeys: [apiKey] });
    const q3 = emulator.state.addCampaign({ name: "Q3 founders" });
    const issues = await campaignPreflight(
      configWith([
        quietDomain("a.com", { smartlead: { campaignIds: [q3.id, 999999] }, mailboxes: [mailbox("ana")] }),
      ]),
    );
    expect(issues.map((i) => [i.path, i.message])).toEqual([
      [
        "mailinfra:domains[0].smartlead.campaignIds[1]",
        "campaign 999999 does not exist in Smartlead (or this API key cannot see it)",
      ],
    ]);
    expect(issues[0].fix).toContain(`Campaigns this API key sees: ${q3.id} (Q3 founders).`);
    // The list, then the unlisted id alone before calling it unknown.
    expect(emulator.state.callsByRoute()).toEqual({ "GET /campaigns": 1, "GET /campaigns/{id}": 1 });
    expect(writes()).toEqual([]);
  });

  it("costs one call for a valid fleet, however many mailboxes share the campaigns", async () => {
    emulator = await start({ apiKeys: [apiKey] });
    const ids = ["A", "B", "C"].map((name) => emulator.state.addCampaign({ name }).id);
    const domains = Array.from({ length: 30 }, (_, i) =>
      quietDomain(`d${i}.com`, {
        smartlead: { campaignIds: ids.slice(0, 2) },
        mailboxes: [mailbox("ana", [ids[2]]), mailbox("ben")],
      }),
    );
    expect(await campaignPreflight(configWith(domains))).toEqual([]);
    expect(emulator.state.callsByRoute()).toEqual({ "GET /campaigns": 1 });
  });

  it("asks nothing when no connected mailbox declares a campaign", async () => {
    emulator = await start({ apiKeys: [apiKey] });
    const config = configWith([
      quietDomain("a.com", { mailboxes: [mailbox("ana")] }),
      quietDomain("b.com", {
        mailboxes: [{ ...mailbox("ben"), smartlead: { enabled: false, campaignIds: [5] } }],
      }),
    ]);
    expect(await campaignPreflight(config)).toEqual([]);
    expect(emulator.state.calls).toEqual([]);
  });

  it("says the API key was rejected, at its path, without the key", async () => {
    emulator = await start({ apiKeys: [apiKey] });
    const issues = await campaignPreflight(
      configWith(
        [quietDomain("a.com", { smartlead: { campaignIds: [1] }, mailboxes: [mailbox("ana")] })],
        "sl-WRONG-key",
      ),
    );
    expect(issues.map((i) => [i.path, i.message])).toEqual([
      [
        "mailinfra:smartlead.apiKey",
        "was rejected by Smartlead (HTTP 401), so the campaign ids could not be checked",
      ],
    ]);
    expect(issues[0].fix).toContain(
      "pulumi config set --secret --path 'mailinfra:smartlead.apiKey' <api-key>",
    );
    expect(JSON.stringify(issues)).not.toContain("sl-WRONG-key");
  });

  it("rides out a 5xx and a 429 like every Smartlead call", async () => {
    emulator = await start({ apiKeys: [apiKey] });
    const q = emulator.state.addCampaign({ name: "Q" });
    emulator.faults.serverErrorNext(1, 503, "GET /campaigns");
    emulator.faults.rateLimitNext(1, 0.01, "GET /campaigns");
    const issues = await campaignPreflight(
      configWith([quietDomain("a.com", { smartlead: { campaignIds: [q.id] }, mailboxes: [mailbox("ana")] })]),
      fast,
    );
    expect(issues).toEqual([]);
    expect(emulator.state.calls.map((c) => [c.route, c.status])).toEqual([
      ["GET /campaigns", 503],
      ["GET /campaigns", 429],
      ["GET /campaigns", 200],
    ]);
  });

  it("stops the run, naming the endpoint setting, when Smartlead cannot be reached; the key stays out", async () => {
    emulator = await start({ apiKeys: [apiKey] });
    const closed = emulator.baseUrl;
    await emulator.stop();
    const issues = await campaignPreflight(
      configWith(
        [quietDomain("a.com", { smartlead: { campaignIds: [7, 3] }, mailboxes: [mailbox("ana")] })],
        apiKey,
        closed,
      ),
      fast,
    );
    expect(issues.map((i) => i.path)).toEqual(["mailinfra:smartlead"]);
    expect(issues[0].message).toMatch(/^Smartlead did not say whether campaigns 3, 7 exist: /);
    expect(JSON.stringify(issues)).not.toContain(apiKey);
  });
});
