import { randomUUID } from "node:crypto";
import fc from "fast-check";
import { afterEach, describe, expect, it } from "vitest";
import { type SmartleadEmulator, start } from "../emulators/smartlead";
import { lastDates } from "../emulators/smartlead/warmup-stats";
import type { EmailAccount, WarmupStats } from "../providers/smartlead/api-shapes";
import { SmartleadClient, type SmartleadClientOptions } from "../providers/smartlead/smartlead-client";
import { smartleadMailboxSignals } from "./smartlead-mailboxes";

let emulator: SmartleadEmulator | undefined;
afterEach(async () => {
  await emulator?.stop();
  emulator = undefined;
});

/** A client whose budget is wide: the tests count calls, they do not wait for Smartlead's minute. */
function client(options: Partial<SmartleadClientOptions> = {}): SmartleadClient {
  return new SmartleadClient({
    apiKey: emulator!.apiKey,
    baseUrl: emulator!.baseUrl,
    rateLimit: { requests: 5_000, intervalMs: 1_000 },
    retry: { maxAttempts: 1 },
    ...options,
  });
}

const warmupCalls = () => emulator!.state.callCount("GET /email-accounts/{id}/warmup-stats");
const listCalls = () => emulator!.state.callCount("GET /email-accounts");

describe("smartleadMailboxSignals against the Smartlead emulator", () => {
  it("reads a healthy mailbox: both protocols connected, warmup ACTIVE with its reputation, 7 days oldest first, limit, campaigns", async () => {
    emulator = await start({ rateLimit: 10_000 });
    const account = emulator.state.addAccount({ fromEmail: "ana@acme.test", messagePerDay: 35 });
    const campaign = emulator.state.addCampaign({ name: "Q1", accountIds: [account.id] });
    const dates = lastDates(new Date(), 7);
    emulator.state.setWarmupDays(
      "ana@acme.test",
      dates.map((date, i) => ({ date, sent: 10 + i, spam: 0 })),
    );
    const [ana] = await smartleadMailboxSignals(client(), [
      { address: "ana@acme.test", smartleadAccountId: account.id },
    ]);
    expect(ana).toMatchObject({
      address: "ana@acme.test",
      smartleadAccountId: account.id,
      smtp: { state: "connected", verdict: "pass" },
      imap: { state: "connected", verdict: "pass" },
      warmup: { verdict: "pass", status: "ACTIVE", reputation: 100 },
      dailyLimit: 35,
      campaignIds: [campaign.id],
    });
    expect(ana!.warmup.days).toEqual(dates.map((date, i) => ({ date, sent: 10 + i, spam: 0 })));
  });

  it("tells a revoked OAuth grant (authentication) from a timeout, per protocol, with Smartlead's words", async () => {
    emulator = await start({ rateLimit: 10_000 });
    const ana = emulator.state.addAccount({ fromEmail: "ana@acme.test" });
    const bo = emulator.state.addAccount({ fromEmail: "bo@acme.test" });
    emulator.state.markConnectionBroken("ana@acme.test");
    const slow = emulator.state.markConnectionBroken("bo@acme.test", "IMAP connection timed out");
    slow.isSmtpSuccess = true;
    slow.smtpFailureError = null;
    const [a, b] = await smartleadMailboxSignals(client(), [
      { address: "ana@acme.test", smartleadAccountId: ana.id },
      { address: "bo@acme.test", smartleadAccountId: bo.id },
    ]);
    expect(a!.smtp).toMatchObject({ state: "authentication-failed", verdict: "fail" });
    expect(a!.imap.detail).toContain("invalid_grant: Token has been expired or revoked.");
    expect(b!.smtp.state).toBe("connected");
    expect(b!.imap).toMatchObject({ state: "timeout", verdict: "fail" });
  });

  it("lists every account once per run (250 accounts: three calls of 100), not once per mailbox", async () => {
    emulator = await start({ rateLimit: 10_000 });
    const mailboxes = Array.from({ length: 250 }, (_, i) => {
      const account = emulator!.state.addAccount({ fromEmail: `m${i}@acme.test` });
      return { address: account.fromEmail, smartleadAccountId: account.id };
    });
    const signals = await smartleadMailboxSignals(client(), mailboxes, { warmupStats: false });
    expect(signals.map((s) => s.address)).toEqual(mailboxes.map((m) => m.address));
    expect(listCalls()).toBe(3);
    expect(warmupCalls()).toBe(0);
    expect(signals.every((s) => s.smtp.state === "connected")).toBe(true);
    expect(signals[0]!.warmup).toMatchObject({ verdict: "unknown", days: [] });
  });

  it("caps warmup-stats calls per run: the others are unknown, 'not fetched this run: budget', and their turn comes", async () => {
    emulator = await start({ rateLimit: 10_000 });
    const mailboxes = Array.from({ length: 10 }, (_, i) => {
      const account = emulator!.state.addAccount({ fromEmail: `m${i}@acme.test` });
      return { address: account.fromEmail, smartleadAccountId: account.id };
    });
    const day = new Date("2026-11-28T06:00:00Z");
    const first = await smartleadMailboxSignals(client(), mailboxes, { warmupStatsLimit: 4, now: day });
    expect(warmupCalls()).toBe(4);
    const fetched = first.filter((s) => s.warmup.days.length === 7);
    expect(fetched).toHaveLength(4);
    const waiting = first.filter((s) => s.warmup.days.length === 0);
    expect(waiting).toHaveLength(6);
    for (const s of waiting) {
      expect(s.warmup.verdict).toBe("unknown");
      expect(s.warmup.detail).toContain("not fetched this run: budget");
      expect(s.warmup.status).toBe("ACTIVE"); // what the listing said is still reported
    }
    // The next day's run fetches other mailboxes.
    const next = await smartleadMailboxSignals(client(), mailboxes, {
      warmupStatsLimit: 4,
      now: new Date("2026-11-29T06:00:00Z"),
    });
    const nextFetched = next.filter((s) => s.warmup.days.length === 7).map((s) => s.address);
    expect(nextFetched.some((a) => !fetched.map((s) => s.address).includes(a))).toBe(true);
  });

  it("never waits for the hour: when the key's budget has no slot soon, the rest is unknown ('budget') and the run returns", async () => {
    // A key of its own: the key's ledger is shared by every process and test on the machine.
    const ownKey = `sl-health-${randomUUID()}`;
    emulator = await start({ rateLimit: 10_000, apiKeys: [ownKey] });
    const mailboxes = Array.from({ length: 5 }, (_, i) => {
      const account = emulator!.state.addAccount({ fromEmail: `m${i}@acme.test` });
      return { address: account.fromEmail, smartleadAccountId: account.id };
    });
    // Two calls an "hour" (a minute here): the listing and one warmup-stats call; the others would wait.
    const tight = client({ apiKey: ownKey, rateLimit: { requests: 2, intervalMs: 60_000 } });
    const signals = await smartleadMailboxSignals(tight, mailboxes, { maxWaitMs: 200, concurrency: 1 });
    expect(listCalls()).toBe(1);
    expect(warmupCalls()).toBe(1);
    const notFetched = signals.filter((s) => s.warmup.detail.includes("budget"));
    expect(notFetched).toHaveLength(4);
    expect(signals.every((s) => s.smtp.state === "connected")).toBe(true);
  });

  it("a mailbox without a Smartlead account is unknown with that reason, and costs no call", async () => {
    emulator = await start({ rateLimit: 10_000 });
    const [m] = await smartleadMailboxSignals(client(), [{ address: "new@acme.test" }]);
    expect(m).toMatchObject({
      smtp: { state: "unknown", verdict: "unknown" },
      imap: { state: "unknown", verdict: "unknown" },
      warmup: { verdict: "unknown", days: [] },
      campaignIds: [],
    });
    expect(m!.smtp.detail).toContain("not connected to Smartlead");
    expect(emulator.state.calls).toHaveLength(0);
  });

  it("an account deleted in Smartlead is failed; a key Smartlead refuses makes every mailbox unknown with the reason", async () => {
    emulator = await start({ rateLimit: 10_000 });
    const gone = emulator.state.addAccount({ fromEmail: "gone@acme.test" });
    emulator.state.ui.removeAccount(gone.id);
    const [g] = await smartleadMailboxSignals(client(), [
      { address: "gone@acme.test", smartleadAccountId: gone.id },
    ]);
    expect(g!.smtp).toMatchObject({ state: "failed", verdict: "fail" });
    expect(g!.smtp.detail).toContain(`no account ${gone.id}`);

    const refused = await smartleadMailboxSignals(client({ apiKey: "not-a-key" }), [
      { address: "a@acme.test", smartleadAccountId: 1001 },
    ]);
    expect(refused[0]!.smtp).toMatchObject({ state: "unknown", verdict: "unknown" });
    expect(refused[0]!.smtp.detail).toMatch(/could not be read: .*401/);
    expect(JSON.stringify(refused)).not.toContain("not-a-key");
  });

  it("warns when more than 2 % of the week's warmup landed in spam, fails when Smartlead blocked the warmup", async () => {
    emulator = await start({ rateLimit: 10_000 });
    const spammy = emulator.state.addAccount({ fromEmail: "spam@acme.test" });
    const blocked = emulator.state.addAccount({ fromEmail: "blocked@acme.test" });
    blocked.warmup.blockedReason = "Warmup blocked: too many bounces";
    const dates = lastDates(new Date(), 7);
    emulator.state.setWarmupDays("spam@acme.test", [{ date: dates[6]!, sent: 20, spam: 3 }]);
    const [s, b] = await smartleadMailboxSignals(client(), [
      { address: "spam@acme.test", smartleadAccountId: spammy.id },
      { address: "blocked@acme.test", smartleadAccountId: blocked.id },
    ]);
    expect(s!.warmup).toMatchObject({ verdict: "warn" });
    expect(s!.warmup.detail).toContain("3 of 20 warmup emails in spam");
    expect(b!.warmup).toMatchObject({ verdict: "fail" });
    expect(b!.warmup.detail).toContain("too many bounces");
  });
});

describe("property: no mailbox is reported connected when either of Smartlead's flags is false", () => {
  const account = (id: number, smtp: boolean | null, imap: boolean | null, text: string): EmailAccount => ({
    id,
    from_name: null,
    from_email: `m${id}@acme.test`,
    message_per_day: 50,
    is_smtp_success: smtp,
    is_imap_success: imap,
    smtp_failure_error: text,
    imap_failure_error: text,
    warmup_details: { status: "ACTIVE", warmup_reputation: "100%" },
    campaign_ids: [],
  });

  it("holds for any flags and failure texts", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.tuple(fc.constantFrom(true, false, null), fc.constantFrom(true, false, null), fc.string()),
          {
            minLength: 1,
            maxLength: 20,
          },
        ),
        async (rows) => {
          const accounts = rows.map(([smtp, imap, text], i) => account(i + 1, smtp, imap, text));
          // The two reads the function makes, answered from `accounts` (a stand-in for the client's HTTP).
          const fake = {
            listAllEmailAccounts: async () => accounts,
            getWarmupStats: async (): Promise<WarmupStats> => ({
              days: [],
              totalSent: 0,
              totalSpam: 0,
              reputation: 100,
            }),
          } as unknown as SmartleadClient;
          const signals = await smartleadMailboxSignals(
            fake,
            accounts.map((a) => ({ address: a.from_email, smartleadAccountId: a.id })),
          );
          signals.forEach((s, i) => {
            const [smtp, imap] = rows[i]!;
            expect(s.smtp.state === "connected").toBe(smtp === true);
            expect(s.imap.state === "connected").toBe(imap === true);
          });
        },
      ),
      { numRuns: 50 },
    );
  });
});
