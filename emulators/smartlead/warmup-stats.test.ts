import { afterEach, describe, expect, it } from "vitest";
import { type SmartleadEmulator, start } from "./index";
import { plausibleWarmupWeek } from "./warmup-history";
import { lastDates } from "./warmup-stats";

let emulator: SmartleadEmulator | undefined;
afterEach(async () => {
  await emulator?.stop();
  emulator = undefined;
});

async function warmupStats(id: number, apiKey = emulator!.apiKey) {
  const url = new URL(`${emulator!.baseUrl}/email-accounts/${id}/warmup-stats`);
  url.searchParams.set("api_key", apiKey);
  const res = await fetch(url);
  // biome-ignore lint/suspicious/noExplicitAny: the test reads Smartlead's JSON answer field by field
  return { status: res.status, json: (await res.json()) as any };
}

describe("Smartlead emulator: GET /email-accounts/{id}/warmup-stats", () => {
  it("answers the reference page's shape: seven days oldest first ending today, the days a test set, zeros elsewhere", async () => {
    emulator = await start();
    const account = emulator.state.addAccount({ fromEmail: "ana@acme.test" });
    const dates = lastDates(new Date(), 7);
    emulator.state.setWarmupDays("ana@acme.test", [
      { date: dates[5]!, sent: 20, spam: 1, replied: 6 },
      { date: dates[6]!, sent: 25, spam: 0 },
      { date: "2001-01-01", sent: 99, spam: 99 }, // outside the window: not answered
    ]);
    const answer = await warmupStats(account.id);
    expect(answer.status).toBe(200);
    expect(answer.json).toEqual({
      total_sent: 45,
      spam_count: 1,
      reputation_score: 100,
      daily_stats: dates.map((date, i) =>
        i === 5
          ? { date, sent: 20, spam: 1, delivered: 19, opened: 0, replied: 6 }
          : i === 6
            ? { date, sent: 25, spam: 0, delivered: 25, opened: 0, replied: 0 }
            : { date, sent: 0, spam: 0, delivered: 0, opened: 0, replied: 0 },
      ),
    });
    expect(dates[6]).toBe(new Date().toISOString().slice(0, 10));
  });

  it("404s an unknown or deleted account with the page's body, and 401s a bad key before anything", async () => {
    emulator = await start();
    const gone = emulator.state.addAccount({ fromEmail: "gone@acme.test" });
    emulator.state.ui.removeAccount(gone.id);
    for (const id of [999, gone.id]) {
      expect(await warmupStats(id)).toEqual({
        status: 404,
        json: { message: "Email account not found", status: "error" },
      });
    }
    expect((await warmupStats(gone.id, "not-a-key")).status).toBe(401);
  });

  it("with the local world's history, a warming account shows a rising week under 2 % spam; one with warmup off shows none", async () => {
    emulator = await start({ warmupHistory: plausibleWarmupWeek });
    const warming = emulator.state.addAccount({ fromEmail: "ana@acme.test", warmup: { perDay: 40 } });
    const off = emulator.state.addAccount({ fromEmail: "bo@acme.test", warmup: { enabled: false } });
    const week = (await warmupStats(warming.id)).json.daily_stats as { sent: number; spam: number }[];
    const sent = week.map((d) => d.sent);
    expect(sent).toEqual([...sent].sort((a, b) => a - b));
    expect(sent[6]).toBeGreaterThan(sent[0]!);
    expect(Math.max(...sent)).toBeLessThanOrEqual(40);
    const total = sent.reduce((a, b) => a + b, 0);
    expect(week.reduce((a, d) => a + d.spam, 0) / total).toBeLessThan(0.02);
    expect((await warmupStats(off.id)).json.total_sent).toBe(0);
  });
});
