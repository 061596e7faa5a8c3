import { afterEach, describe, expect, it } from "vitest";
import { type SmartleadEmulator, start } from "../../emulators/smartlead";
import { changeCampaignMembership, type MembershipChange } from "./campaign-membership";
import { SmartleadClient } from "./smartlead-client";
import {
  SmartleadApiError,
  SmartleadCampaignNotFoundError,
  SmartleadMembershipError,
} from "./smartlead-error";

const apiKey = "sl-membership-key";
let emulator: SmartleadEmulator | undefined;
afterEach(async () => {
  await emulator?.stop();
  emulator = undefined;
});

function client(): SmartleadClient {
  return new SmartleadClient({
    apiKey,
    baseUrl: emulator!.baseUrl,
    retry: { initialDelayMs: 5, maxDelayMs: 20, maxAttempts: 2 },
  });
}

/** A fresh Smartlead with `n` connected accounts m0…m{n-1}@acme.test; their ids in order. */
async function withAccounts(n: number): Promise<number[]> {
  emulator = await start({ apiKeys: [apiKey] });
  const smartlead = emulator;
  return Array.from({ length: n }, (_, i) => smartlead.state.addAccount({ fromEmail: `m${i}@acme.test` }).id);
}

/** Every account asks for the campaign at once, as the resources of one `up` do: one batch. */
function assign(c: SmartleadClient, campaignId: number, ids: number[], change: MembershipChange = "add") {
  return Promise.allSettled(
    ids.map((id) => changeCampaignMembership(c, campaignId, change, id, { settleMs: 20 })),
  );
}

const reasonOf = (result: PromiseSettledResult<void>) => (result as PromiseRejectedResult).reason as Error;
/** Smartlead's documented answers do not name the account: isolating one bad account of n costs this many calls. */
const splitBound = (n: number) => 1 + 2 * Math.ceil(Math.log2(n));

describe("campaign assignment batches", () => {
  it("one call per campaign when every account is accepted", async () => {
    const ids = await withAccounts(12);
    const campaign = emulator!.state.addCampaign({ name: "Q1" });
    const results = await assign(client(), campaign.id, ids);
    expect(results.every((r) => r.status === "fulfilled")).toBe(true);
    expect(emulator!.state.callsByRoute()).toEqual({ "POST /campaigns/{id}/email-accounts": 1 });
    expect([...campaign.accountIds].sort((a, b) => a - b)).toEqual(ids);
  });

  for (const n of [2, 8, 13]) {
    it(`one disconnected account in a batch of ${n}: the ${n - 1} others are assigned, it fails by name, in at most ${splitBound(n)} calls`, async () => {
      const ids = await withAccounts(n);
      const campaign = emulator!.state.addCampaign({ name: "Q1" });
      const bad = ids[Math.floor(n / 2)]!;
      emulator!.state.accounts.get(bad)!.isImapSuccess = false;

      const results = await assign(client(), campaign.id, ids);

      const failed = ids.filter((_, i) => results[i]!.status === "rejected");
      expect(failed).toEqual([bad]);
      const error = reasonOf(results[ids.indexOf(bad)]!);
      expect(error).toBeInstanceOf(SmartleadMembershipError);
      expect(error.message).toBe(
        `Smartlead refused to add email account ${bad} to campaign ${campaign.id} (HTTP 400: Email accounts must be connected (SMTP and IMAP) and not suspended); check in Smartlead that account ${bad} exists for this API key, is connected (SMTP and IMAP) and is not suspended`,
      );
      expect([...campaign.accountIds].sort((a, b) => a - b)).toEqual(ids.filter((id) => id !== bad));
      const calls = emulator!.state.callCount("POST /campaigns/{id}/email-accounts");
      expect(calls).toBeGreaterThan(1);
      expect(calls).toBeLessThanOrEqual(splitBound(n));
      expect(emulator!.state.callCount("GET /campaigns/{id}")).toBe(0);
    });
  }

  it("an id Smartlead does not know (404): checks the campaign once, then isolates the id; two bad ones both fail", async () => {
    const good = await withAccounts(6);
    const campaign = emulator!.state.addCampaign({ name: "Q1" });
    const foreign = emulator!.state.addAccount({ fromEmail: "theirs@other.test", userId: 2 }).id;
    const ids = [...good.slice(0, 3), 999_999, ...good.slice(3), foreign];

    const results = await assign(client(), campaign.id, ids);

    expect(ids.filter((_, i) => results[i]!.status === "rejected")).toEqual([999_999, foreign]);
    expect(reasonOf(results[3]!).message).toContain(
      `Smartlead refused to add email account 999999 to campaign ${campaign.id} (HTTP 404: Resource not found)`,
    );
    expect([...campaign.accountIds].sort((a, b) => a - b)).toEqual(good);
    expect(emulator!.state.callCount("GET /campaigns/{id}")).toBe(1);
    expect(emulator!.state.callCount("POST /campaigns/{id}/email-accounts")).toBeLessThanOrEqual(
      1 + 2 * 2 * Math.ceil(Math.log2(ids.length)),
    );
  });

  it("a campaign that does not exist fails every account at once, without splitting", async () => {
    const ids = await withAccounts(8);
    const results = await assign(client(), 4242, ids);
    expect(results.every((r) => r.status === "rejected")).toBe(true);
    const error = reasonOf(results[0]!);
    expect(error).toBeInstanceOf(SmartleadCampaignNotFoundError);
    expect(error.message).toBe(
      "Smartlead campaign 4242 not found for this API key (HTTP 404: Resource not found); remove the id from campaignIds or create the campaign in Smartlead",
    );
    expect(emulator!.state.callsByRoute()).toEqual({
      "POST /campaigns/{id}/email-accounts": 1,
      "GET /campaigns/{id}": 1,
    });
  });

  it("a server error is not a refused account: every account gets it, no split", async () => {
    const ids = await withAccounts(4);
    const campaign = emulator!.state.addCampaign({ name: "Q1" });
    emulator!.faults.serverErrorNext(2, 500, "POST /campaigns/{id}/email-accounts");
    const results = await assign(client(), campaign.id, ids);
    expect(results.every((r) => r.status === "rejected" && r.reason instanceof SmartleadApiError)).toBe(true);
    expect(emulator!.state.callCount("POST /campaigns/{id}/email-accounts")).toBe(2);
    expect(campaign.accountIds.size).toBe(0);
  });

  it("removal: the last account of an ACTIVE campaign fails by name, the others leave", async () => {
    const ids = await withAccounts(4);
    const campaign = emulator!.state.addCampaign({ name: "Q1", status: "ACTIVE" });
    for (const id of ids) campaign.accountIds.add(id);
    const results = await assign(client(), campaign.id, ids, "remove");
    const failed = results.filter((r) => r.status === "rejected").map(reasonOf);
    expect(failed).toHaveLength(1);
    expect(failed[0]!.message).toMatch(
      new RegExp(
        `^Smartlead refused to remove email account \\d+ from campaign ${campaign.id} \\(HTTP 400: Campaign is ACTIVE`,
      ),
    );
    expect(campaign.accountIds.size).toBe(1);
  });

  it("the older help-center refusal that names the account sets it aside without splitting", async () => {
    const calls: number[][] = [];
    const stub = {
      identity: "stub#legacy",
      pendingRequests: 0,
      async addEmailAccountsToCampaign(_campaignId: number, ids: number[]) {
        calls.push(ids);
        if (ids.includes(3)) {
          throw new SmartleadApiError(
            "POST /campaigns/7/email-accounts",
            400,
            "Email account id - 3 not allowed. Permission Error.",
          );
        }
      },
    } as unknown as SmartleadClient;
    const results = await assign(stub, 7, [1, 2, 3, 4, 5]);
    expect(results.map((r) => r.status)).toEqual([
      "fulfilled",
      "fulfilled",
      "rejected",
      "fulfilled",
      "fulfilled",
    ]);
    expect(reasonOf(results[2]!).message).toContain("Smartlead refused to add email account 3 to campaign 7");
    expect(calls).toEqual([
      [1, 2, 3, 4, 5],
      [1, 2, 4, 5],
    ]);
  });
});
