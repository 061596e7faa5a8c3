import { afterEach, describe, expect, it } from "vitest";
import { type SmartleadEmulator, start } from "./index";

let emulator: SmartleadEmulator | undefined;
afterEach(async () => {
  await emulator?.stop();
  emulator = undefined;
});

const saveBody = (email: string, extra: Record<string, unknown> = {}) => ({
  from_name: "Ana",
  from_email: email,
  user_name: email,
  password: "mailbox-pw",
  smtp_host: "smtp.example.test",
  smtp_port: 587,
  imap_host: "imap.example.test",
  imap_port: 993,
  max_email_per_day: 40,
  warmup_enabled: true,
  total_warmup_per_day: 20,
  daily_rampup: 5,
  reply_rate_percentage: 30,
  ...extra,
});

async function call(method: string, path: string, body?: unknown, key: string | null = emulator!.apiKey) {
  const url = new URL(`${emulator!.baseUrl}${path}`);
  if (key !== null) url.searchParams.set("api_key", key);
  const res = await fetch(url, {
    method,
    headers: body === undefined ? {} : { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = text;
  }
  // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON shapes from the emulator
  return { status: res.status, headers: res.headers, json: json as any };
}

describe("Smartlead emulator", () => {
  it("answers 401 without or with a wrong api_key, 403 for a key without API access", async () => {
    emulator = await start({ apiKeys: ["good", "off"] });
    emulator.state.disableApiKey("off");
    expect((await call("GET", "/email-accounts/", undefined, null)).status).toBe(401);
    const wrong = await call("GET", "/email-accounts/", undefined, "nope");
    expect(wrong.status).toBe(401);
    expect(wrong.json.error.code).toBe("UNAUTHORIZED");
    expect((await call("GET", "/email-accounts/", undefined, "off")).status).toBe(403);
    expect((await call("GET", "/email-accounts/", undefined, "good")).status).toBe(200);
    expect(emulator.state.calls.every((c) => !c.path.includes("good"))).toBe(true);
  });

  it("saves an account, refuses a second one with the same from_email, updates when given the id", async () => {
    emulator = await start();
    const created = await call("POST", "/email-accounts/save", saveBody("ana@acme.test"));
    expect(created.status).toBe(200);
    expect(created.json).toMatchObject({ ok: true, message: "Email account added/updated successfully!" });
    const id = created.json.emailAccountId as number;
    expect(typeof created.json.warmupKey).toBe("string");

    const again = await call("POST", "/email-accounts/save", saveBody("ANA@acme.test"));
    expect(again.status).toBe(400);
    expect(again.json).toMatchObject({ ok: false, errorCode: "ACCOUNT_ALREADY_EXIST", emailAccountId: id });

    const updated = await call(
      "POST",
      "/email-accounts/save",
      saveBody("ana@acme.test", { id, max_email_per_day: 25 }),
    );
    expect(updated.json.emailAccountId).toBe(id);
    expect(emulator.state.accounts.get(id)!.messagePerDay).toBe(25);
    expect(emulator.state.liveAccounts(1)).toHaveLength(1);

    const missing = await call("POST", "/email-accounts/save", saveBody("x@acme.test", { id: 999999 }));
    expect(missing.status).toBe(404);
    expect(missing.json.errorCode).toBe("ACCOUNT_NOT_FOUND");
  });

  it("answers the newer documented save shape when asked", async () => {
    emulator = await start({ saveAnswer: "current" });
    const created = await call("POST", "/email-accounts/save", saveBody("bo@acme.test"));
    expect(created.json).toMatchObject({
      ok: true,
      data: { from_email: "bo@acme.test", is_smtp_success: true },
    });
    expect(typeof created.json.data.id).toBe("number");
  });

  it("validates the documented warmup ranges and required fields", async () => {
    emulator = await start();
    const rampup = await call("POST", "/email-accounts/save", saveBody("c@acme.test", { daily_rampup: 2 }));
    expect(rampup.status).toBe(400);
    expect(rampup.json.error.details.field).toBe("daily_rampup");
    const noWarmupFlag = saveBody("c@acme.test") as Record<string, unknown>;
    delete noWarmupFlag.warmup_enabled;
    expect((await call("POST", "/email-accounts/save", noWarmupFlag)).status).toBe(400);
    expect(emulator.state.liveAccounts(1)).toHaveLength(0);
  });

  it("verifies the mailbox on save and reports ACCOUNT_VERIFICATION_FAILED with the reason", async () => {
    emulator = await start({
      verifyMailbox: async (m) =>
        m.smtp.password === "right"
          ? { ok: true }
          : { ok: false, error: "Invalid login: 535 Authentication failed" },
    });
    const failed = await call("POST", "/email-accounts/save", saveBody("d@acme.test", { password: "wrong" }));
    expect(failed.status).toBe(400);
    expect(failed.json).toMatchObject({
      ok: false,
      errorCode: "ACCOUNT_VERIFICATION_FAILED",
      emailAccountId: null,
    });
    expect(failed.json.error).toContain("535");
    expect(emulator.state.liveAccounts(1)).toHaveLength(0);
    expect(
      (await call("POST", "/email-accounts/save", saveBody("d@acme.test", { password: "right" }))).status,
    ).toBe(200);
  });

  it("lists in pages of at most 100 with short warmup details, by id with the long form and campaign ids", async () => {
    emulator = await start();
    for (let i = 0; i < 130; i++) emulator.state.addAccount({ fromEmail: `m${i}@acme.test` });
    const campaign = emulator.state.addCampaign({ name: "Q1" });
    const first = [...emulator.state.accounts.values()][0]!;
    emulator.state.ui.addToCampaign(campaign.id, first.id);

    const page1 = await call("GET", "/email-accounts/?offset=0&limit=100&fetch_campaigns=true");
    const page2 = await call("GET", "/email-accounts/?offset=100&limit=100&fetch_campaigns=true");
    expect(page1.json).toHaveLength(100);
    expect(page2.json).toHaveLength(30);
    expect(page1.json[0].campaign_ids).toEqual([campaign.id]);
    expect(Object.keys(page1.json[0].warmup_details)).not.toContain("max_email_per_day");
    expect((await call("GET", "/email-accounts/?limit=101")).status).toBe(400);

    const detail = await call("GET", `/email-accounts/${first.id}/?fetch_campaigns=true`);
    expect(detail.json.warmup_details).toMatchObject({
      status: "ACTIVE",
      max_email_per_day: 20,
      reply_rate: 30,
    });
    expect(detail.json.campaign_ids).toEqual([campaign.id]);
    expect((await call("GET", "/email-accounts/424242/")).status).toBe(404);
  });

  it("adds and removes accounts of a campaign in one call with the documented answers, keeping one in an ACTIVE campaign", async () => {
    emulator = await start();
    const a = emulator.state.addAccount({ fromEmail: "a@acme.test" });
    const b = emulator.state.addAccount({ fromEmail: "b@acme.test" });
    const campaign = emulator.state.addCampaign({ name: "Q1", status: "ACTIVE" });
    const added = await call("POST", `/campaigns/${campaign.id}/email-accounts`, {
      email_account_ids: [a.id, b.id],
    });
    expect(added).toMatchObject({ status: 200, json: { success: true, data: {} } });
    const members = await call("GET", `/campaigns/${campaign.id}/email-accounts`);
    expect(members.json.map((m: { id: number }) => m.id)).toEqual([a.id, b.id]);
    expect(members.json[0]).not.toHaveProperty("password");

    const all = await call("DELETE", `/campaigns/${campaign.id}/email-accounts`, {
      email_account_ids: [a.id, b.id],
    });
    expect(all.status).toBe(400);
    const one = await call("DELETE", `/campaigns/${campaign.id}/email-accounts`, {
      email_account_ids: [a.id],
    });
    expect(one.json).toEqual({
      success: true,
      data: { message: "Email accounts removed successfully", removed_count: 1 },
    });
    expect([...campaign.accountIds]).toEqual([b.id]);
  });

  it("refuses the documented validation problems of the campaign email-account endpoints, naming no account", async () => {
    emulator = await start({ apiKeys: ["mine"] });
    const mine = emulator.state.addAccount({ fromEmail: "mine@acme.test" });
    const campaign = emulator.state.addCampaign({ name: "Q1" });
    const theirs = emulator.state.addAccount({ fromEmail: "theirs@other.test", userId: 2 });
    const broken = emulator.state.addAccount({ fromEmail: "broken@acme.test", isImapSuccess: false });
    const suspended = emulator.state.addAccount({ fromEmail: "paused@acme.test" });
    suspended.isSuspended = true;
    const post = (path: string, body: unknown) => call("POST", path, body, "mine");
    const notFound = { status: 404, json: { error: "Resource not found" } };
    const invalid = { status: 422, json: { error: "Invalid parameters provided" } };

    expect(await post("/campaigns/9999/email-accounts", { email_account_ids: [mine.id] })).toMatchObject(
      notFound,
    );
    expect(await call("GET", "/campaigns/9999/email-accounts", undefined, "mine")).toMatchObject(notFound);
    expect(
      await call("DELETE", "/campaigns/9999/email-accounts", { email_account_ids: [mine.id] }, "mine"),
    ).toMatchObject(notFound);
    for (const ids of [
      [mine.id, 777],
      [mine.id, theirs.id],
    ]) {
      expect(
        await post(`/campaigns/${campaign.id}/email-accounts`, { email_account_ids: ids }),
      ).toMatchObject(notFound);
      expect(
        await call("DELETE", `/campaigns/${campaign.id}/email-accounts`, { email_account_ids: ids }, "mine"),
      ).toMatchObject(notFound);
    }
    for (const body of [
      {},
      { email_account_ids: [] },
      { email_account_ids: ["x"] },
      { email_account_ids: 5 },
    ]) {
      expect(await post(`/campaigns/${campaign.id}/email-accounts`, body)).toMatchObject(invalid);
    }
    for (const account of [broken, suspended]) {
      const refused = await post(`/campaigns/${campaign.id}/email-accounts`, {
        email_account_ids: [mine.id, account.id],
      });
      expect(refused.status).toBe(400);
      expect(JSON.stringify(refused.json)).not.toContain(String(account.id));
    }
    // A refused batch adds nothing, not even its good accounts.
    expect(campaign.accountIds.size).toBe(0);
  });

  it("limits each key to 60 requests a (scaled) minute with 429, Retry-After and rate headers", async () => {
    let now = Date.now(); // the limiter's clock: still while the 65 calls arrive, however busy the machine
    emulator = await start({ apiKeys: ["k1", "k2"], timeScale: 0.02, now: () => now });
    const results = await Promise.all(
      Array.from({ length: 65 }, () => call("GET", "/campaigns", undefined, "k1")),
    );
    const limited = results.filter((r) => r.status === 429);
    expect(limited).toHaveLength(5);
    expect(Number(limited[0]!.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(Number(limited[0]!.headers.get("retry-after"))).toBeLessThanOrEqual(1.2);
    expect(limited[0]!.json.error.code).toBe("RATE_LIMIT_EXCEEDED");
    expect((await call("GET", "/campaigns", undefined, "k2")).status).toBe(200);
    const ok = results.find((r) => r.status === 200)!;
    expect(ok.headers.get("x-ratelimit-limit")).toBe("60");
    now += 1300;
    expect((await call("GET", "/campaigns", undefined, "k1")).status).toBe(200);
  });

  it("with the burst limit on, refuses the 11th request within a second with Smartlead's 429 and headers", async () => {
    let now = Date.now(); // the limiter's clock: still while the 11 calls arrive, however busy the machine
    emulator = await start({ apiKeys: ["k1", "k2"], burstLimit: 10, now: () => now });
    const sentAt = Date.now();
    const results = await Promise.all(
      Array.from({ length: 11 }, () => call("GET", "/campaigns", undefined, "k1")),
    );
    const served = results.filter((r) => r.status === 200);
    expect(served).toHaveLength(10);
    // Allowed answers show the minute window, as Smartlead's reference does.
    expect(served.map((r) => r.headers.get("x-ratelimit-limit"))).toEqual(Array(10).fill("60"));
    expect(served.map((r) => Number(r.headers.get("x-ratelimit-remaining"))).sort((a, b) => a - b)).toEqual([
      50, 51, 52, 53, 54, 55, 56, 57, 58, 59,
    ]);
    const refused = results.find((r) => r.status !== 200)!;
    expect(refused.status).toBe(429);
    expect(refused.headers.get("retry-after")).toBe("1");
    expect(refused.json).toEqual({
      error: {
        code: "RATE_LIMIT_EXCEEDED",
        message: "Too many requests. Please retry after 1 seconds.",
        retry_after: 1,
      },
    });
    expect(refused.headers.get("x-ratelimit-limit")).toBe("10");
    expect(refused.headers.get("x-ratelimit-remaining")).toBe("0");
    const reset = Number(refused.headers.get("x-ratelimit-reset"));
    expect(reset * 1000).toBeGreaterThanOrEqual(sentAt);
    expect(reset * 1000).toBeLessThanOrEqual(Date.now() + 2000);
    expect(emulator.state.calls.at(-1)).toMatchObject({ status: 429, fault: "rateLimit" });
    // Another key has its own second; once the second has passed, k1 is served again.
    expect((await call("GET", "/campaigns", undefined, "k2")).status).toBe(200);
    now += 1000;
    const after = await call("GET", "/campaigns", undefined, "k1");
    expect(after.status).toBe(200);
    expect(after.headers.get("x-ratelimit-remaining")).toBe("49"); // the refused call counted in no window
  });

  it("scales the burst second with timeScale; off by default", async () => {
    // The limiter's clock stands still while the 15 calls arrive (however busy the machine), then moves 60 ms.
    let now = Date.now();
    emulator = await start({ burstLimit: 10, timeScale: 0.05, now: () => now }); // a 50 ms second, a 3 s minute
    const burst = await Promise.all(Array.from({ length: 15 }, () => call("GET", "/campaigns")));
    expect(burst.filter((r) => r.status === 429).length).toBeGreaterThan(0);
    const limited = burst.find((r) => r.status === 429)!;
    expect(Number(limited.headers.get("retry-after"))).toBeLessThanOrEqual(0.05);
    now += 60;
    expect((await call("GET", "/campaigns")).status).toBe(200);
    await emulator.stop();

    emulator = await start();
    const unpaced = await Promise.all(Array.from({ length: 30 }, () => call("GET", "/campaigns")));
    expect(unpaced.map((r) => r.status)).toEqual(Array(30).fill(200));
  });

  it("injects 429, 5xx, dropped connections and latency; logs calls by route", async () => {
    emulator = await start();
    emulator.faults.rateLimitNext(1, 2, "GET /email-accounts");
    emulator.faults.serverErrorNext(1, 503, "GET /email-accounts");
    const limited = await call("GET", "/email-accounts/");
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toBe("2");
    expect((await call("GET", "/email-accounts/")).status).toBe(503);
    emulator.faults.dropNext(1, "before", "GET /email-accounts");
    await expect(call("GET", "/email-accounts/")).rejects.toThrow();
    emulator.faults.latency(60, "GET /campaigns");
    const started = Date.now();
    expect((await call("GET", "/campaigns")).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(55);
    expect(emulator.state.callsByRoute()).toEqual({ "GET /email-accounts": 3, "GET /campaigns": 1 });
    expect((await call("PATCH", "/campaigns/1/status")).json).toBe("Cannot PATCH /api/v1/campaigns/1/status");
  });

  it("applies out-of-band edits made in the web app", async () => {
    emulator = await start();
    const a = emulator.state.addAccount({ fromEmail: "ui@acme.test", messagePerDay: 30 });
    emulator.state.ui.setWarmup(a.id, { enabled: false });
    emulator.state.ui.setSettings(a.id, { messagePerDay: 80 });
    const detail = await call("GET", `/email-accounts/${a.id}/`);
    expect(detail.json.warmup_details.status).toBe("INACTIVE");
    expect(detail.json.message_per_day).toBe(80);
    emulator.state.ui.removeAccount(a.id);
    expect((await call("GET", `/email-accounts/${a.id}/`)).status).toBe(404);
    expect((await call("GET", "/email-accounts/")).json).toEqual([]);
  });
});
