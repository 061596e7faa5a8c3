import { randomUUID } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { GoogleEmulator } from "../../emulators/google";
import { type SmartleadEmulator, start } from "../../emulators/smartlead";
import { oauthValidationAt } from "../../emulators/smartlead/oauth-validation-at-google";
import { startGoogleForOAuth } from "../../test/support/google-oauth";
import { parseLedger } from "../rate-budget/ledger";
import { ledgerFileName } from "../rate-budget/ledger-store";
import { parseRetryAfter, SmartleadClient, type SmartleadClientOptions } from "./smartlead-client";
import {
  SmartleadApiError,
  SmartleadBudgetSpentError,
  SmartleadNetworkError,
  SmartleadResponseError,
  SmartleadVerificationError,
} from "./smartlead-error";

const apiKey = "sl-SECRET-key-4242";
let emulator: SmartleadEmulator | undefined;
let googleEmulator: GoogleEmulator | undefined;
afterEach(async () => {
  await emulator?.stop();
  await googleEmulator?.stop();
  emulator = undefined;
  googleEmulator = undefined;
});

const fastRetry = { initialDelayMs: 5, maxDelayMs: 50 };
function client(options: Partial<SmartleadClientOptions> = {}): SmartleadClient {
  return new SmartleadClient({
    apiKey,
    baseUrl: emulator!.baseUrl,
    retry: fastRetry,
    timeoutMs: 2000,
    ...options,
  });
}

const saveBody = (email: string, password = "mailbox-pw-77") => ({
  from_name: "Ana",
  from_email: email,
  user_name: email,
  password,
  smtp_host: "smtp.example.test",
  smtp_port: 587,
  imap_host: "imap.example.test",
  imap_port: 993,
  max_email_per_day: 40,
  warmup_enabled: true,
  total_warmup_per_day: 20,
  daily_rampup: 5,
  reply_rate_percentage: 30,
  type: "SMTP" as const,
});

describe("SmartleadClient against the emulator", () => {
  it("waits out a 429 for at least Retry-After, then succeeds", async () => {
    emulator = await start({ apiKeys: [apiKey] });
    emulator.faults.rateLimitNext(2, 0.15, "GET /email-accounts");
    const started = Date.now();
    await expect(client().listEmailAccounts({ offset: 0 })).resolves.toEqual([]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    expect(emulator.state.calls.map((c) => c.status)).toEqual([429, 429, 200]);
  });

  it("retries 5xx and dropped connections, and gives up with the last error after maxAttempts", async () => {
    emulator = await start({ apiKeys: [apiKey] });
    emulator.faults.serverErrorNext(1, 503, "GET /campaigns/{id}/email-accounts");
    emulator.faults.dropNext(1, "before", "GET /campaigns/{id}/email-accounts");
    const campaign = emulator.state.addCampaign({ name: "Q1" });
    await expect(client().listCampaignEmailAccounts(campaign.id)).resolves.toEqual([]);
    expect(emulator.state.calls.map((c) => c.status)).toEqual([503, 0, 200]);

    emulator.faults.serverErrorNext(10, 500);
    const error = await client({ retry: { ...fastRetry, maxAttempts: 3 } })
      .listCampaignEmailAccounts(campaign.id)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SmartleadApiError);
    expect((error as Error).message).toBe(
      `Smartlead GET /campaigns/{id}/email-accounts failed with HTTP 500 INTERNAL_SERVER_ERROR: Server error occurred. Please try again.`,
    );
    expect(emulator.state.callCount()).toBe(6);
  });

  it("times out a silent server per attempt", async () => {
    emulator = await start({ apiKeys: [apiKey] });
    emulator.faults.latency(400);
    const error = await client({ timeoutMs: 100, retry: { maxAttempts: 2, initialDelayMs: 5 } })
      .listEmailAccounts({ offset: 0 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SmartleadNetworkError);
    expect((error as SmartleadNetworkError).reason).toBe("timeout");
  });

  it("keeps a burst under the per-key limit: no 429 and never more than the limit in any window", async () => {
    // 60 requests per 1.2 s at the emulator (time scale 0.02); 150 requests fired at once. The client's
    // interval is a little longer than the emulator's window, as the default (61 s) is than Smartlead's.
    emulator = await start({ apiKeys: [apiKey], timeScale: 0.02 });
    const limited = client({ rateLimit: { requests: 60, intervalMs: 1350 } });
    const started = Date.now();
    await Promise.all(Array.from({ length: 150 }, () => limited.listEmailAccounts({ offset: 0, limit: 1 })));
    expect(emulator.state.calls.filter((c) => c.status === 429)).toEqual([]);
    const times = emulator.state.calls.map((c) => c.at).sort((a, b) => a - b);
    for (let i = 60; i < times.length; i++) expect(times[i]! - times[i - 60]!).toBeGreaterThanOrEqual(1190);
    expect(Date.now() - started).toBeGreaterThanOrEqual(2600);
    expect(limited.pendingRequests).toBe(0);
  });

  it("without a client-side budget the same burst does trip the emulator's limit (the test above can fail)", async () => {
    emulator = await start({ apiKeys: [apiKey], timeScale: 0.02 });
    const unlimited = client({ rateLimit: { requests: 1000, intervalMs: 1 }, retry: { maxAttempts: 1 } });
    const results = await Promise.allSettled(
      Array.from({ length: 80 }, () => unlimited.listEmailAccounts({ offset: 0 })),
    );
    expect(results.filter((r) => r.status === "rejected").length).toBeGreaterThan(0);
  });

  it("paces 30 concurrent calls to Smartlead's burst limit by default: no 429, never over 10 in any second", async () => {
    emulator = await start({ apiKeys: [apiKey], burstLimit: 10 }); // real time: 10 a second, 60 a minute
    const paced = client(); // the default budget (a new emulator port is a new key identity, a fresh budget)
    await Promise.all(Array.from({ length: 30 }, () => paced.listEmailAccounts({ offset: 0, limit: 1 })));
    expect(emulator.state.calls.filter((c) => c.status === 429)).toEqual([]);
    const times = emulator.state.calls.map((c) => c.at).sort((a, b) => a - b);
    expect(times).toHaveLength(30);
    for (let i = 10; i < times.length; i++) expect(times[i]! - times[i - 10]!).toBeGreaterThanOrEqual(1000);
    expect(times.at(-1)! - times[0]!).toBeGreaterThanOrEqual(2000);
  });

  it("rejects an answer that does not match the documented shape, naming the field", async () => {
    emulator = await start({ apiKeys: [apiKey] });
    emulator.faults.malformedNext(1, [{ id: "not-a-number", from_email: "a@b.test" }], "GET /email-accounts");
    const error = await client()
      .listEmailAccounts({ offset: 0 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SmartleadResponseError);
    expect((error as Error).message).toMatch(
      /^Smartlead GET \/email-accounts answered with an unexpected shape \(0\.id: .*number/,
    );
    emulator.faults.malformedNext(1, { ok: true, message: "saved" }, "POST /email-accounts/save");
    await expect(client().saveEmailAccount(saveBody("x@acme.test"))).rejects.toThrow(
      /one of: emailAccountId: .* \| data: /,
    );
  });

  it("accepts both documented save answers and reads the account id from either", async () => {
    for (const saveAnswer of ["legacy", "current"] as const) {
      emulator = await start({ apiKeys: [apiKey], saveAnswer });
      const { emailAccountId } = await client().saveEmailAccount(saveBody(`${saveAnswer}@acme.test`));
      expect(emulator.state.accounts.get(emailAccountId)?.fromEmail).toBe(`${saveAnswer}@acme.test`);
      await emulator.stop();
      emulator = undefined;
    }
  });

  it("tells SMTP 'authentication failed' from IMAP 'timeout' in Smartlead's verification failure", async () => {
    const answers: Record<string, string> = {
      "auth@acme.test": "Invalid login: 535 5.7.8 Username and Password not accepted",
      "slow@acme.test": "IMAP connection: Timed out while waiting for greeting",
    };
    emulator = await start({
      apiKeys: [apiKey],
      verificationFailureStatus: 406,
      verifyMailbox: async (m) => ({ ok: false, error: answers[m.fromEmail] ?? "unknown" }),
    });
    const auth = await client()
      .saveEmailAccount(saveBody("auth@acme.test"))
      .catch((e: unknown) => e);
    expect(auth).toBeInstanceOf(SmartleadVerificationError);
    expect(auth).toMatchObject({ protocol: "SMTP", reason: "authentication failed", status: 406 });
    const slow = await client()
      .saveEmailAccount(saveBody("slow@acme.test"))
      .catch((e: unknown) => e);
    expect(slow).toMatchObject({ protocol: "IMAP", reason: "timeout" });
    expect((slow as Error).message).toContain("Smartlead could not log in to the mailbox: IMAP timeout");
    expect(emulator.state.callCount("POST /email-accounts/save")).toBe(2); // a 4xx is not retried
  });

  it("never puts the api_key or the mailbox password in errors or retry logs", async () => {
    const password = "Pa55word-That-Leaks";
    emulator = await start({
      apiKeys: [apiKey, "other"],
      verifyMailbox: async (m) => ({
        ok: false,
        error: `535 auth failed for ${m.smtp.username} / ${m.smtp.password}`,
      }),
    });
    const lines: string[] = [];
    const messages: string[] = [];
    const c = client({ log: (line) => lines.push(line) });
    emulator.faults.serverErrorNext(2, 502);
    emulator.faults.rateLimitNext(1, 0.01);
    await c.listEmailAccounts({ offset: 0 });
    for (const failing of [
      () => c.saveEmailAccount(saveBody("leak@acme.test", password)),
      () => c.setWarmup(999, { warmup_enabled: false }),
      () => client({ apiKey: `${apiKey}-wrong` }).listEmailAccounts({ offset: 0 }),
      () => c.addEmailAccountsToCampaign(424242, [1]),
    ]) {
      messages.push(await failing().then(String, (e: Error) => `${e.name}: ${e.message}`));
    }
    expect(lines).toHaveLength(3);
    expect(messages[2]).toContain("HTTP 401");
    expect(messages[3]).toContain("HTTP 404: Resource not found");
    for (const text of [...lines, ...messages]) {
      expect(text).not.toContain(apiKey);
      expect(text).not.toContain(password);
      expect(text).not.toContain("api_key=");
    }
    expect(messages[0]).toContain("[redacted]");
  });

  it("pages through 250 accounts in three calls of at most 100", async () => {
    emulator = await start({ apiKeys: [apiKey] });
    for (let i = 0; i < 250; i++) emulator.state.addAccount({ fromEmail: `m${i}@acme.test` });
    const all = await client().listAllEmailAccounts({ fetchCampaigns: true });
    expect(all).toHaveLength(250);
    expect(all[0]).not.toHaveProperty("password");
    expect(all[0]!.campaign_ids).toEqual([]);
    expect(emulator.state.callCount("GET /email-accounts")).toBe(3);
  });
});

describe("a 429 from Smartlead holds the key's budget on the whole machine", () => {
  const budgetDir = mkdtempSync(join(tmpdir(), "mailinfra-client-budget-"));
  const savedDir = process.env.MAILINFRA_RATE_BUDGET_DIR;
  beforeAll(() => {
    process.env.MAILINFRA_RATE_BUDGET_DIR = budgetDir;
  });
  afterAll(() => {
    if (savedDir === undefined) delete process.env.MAILINFRA_RATE_BUDGET_DIR;
    else process.env.MAILINFRA_RATE_BUDGET_DIR = savedDir;
    rmSync(budgetDir, { recursive: true, force: true });
  });

  /** The key's ledger, as every process on the machine reads it. */
  function keyLedger(identity: string) {
    const file = join(budgetDir, ledgerFileName("smartlead", identity));
    return parseLedger(readFileSync(file, "utf8"))!;
  }

  it("pauses every caller of the key until Retry-After: the next call, from another client, is reserved after it", async () => {
    emulator = await start({ apiKeys: [apiKey] });
    emulator.faults.rateLimitNext(1, 0.4, "GET /campaigns");
    const first = client({ retry: { maxAttempts: 1 } });
    const refused = await first.listCampaigns().catch((e: unknown) => e);
    expect(refused).toMatchObject({ status: 429, retryAfterMs: 400 });
    const paused = keyLedger(first.identity).pausedUntil;
    expect(paused).toBeGreaterThanOrEqual(keyLedger(first.identity).reservations[0]! + 400);

    const second = client(); // a client of its own, as another stack's process has
    await expect(second.listCampaigns()).resolves.toEqual([]);
    expect(keyLedger(second.identity).reservations.at(-1)).toBeGreaterThanOrEqual(paused);
    expect(emulator.state.calls.map((c) => c.status)).toEqual([429, 200]);
  });

  it("reads the wait from the body's error.retry_after when the header is missing", async () => {
    const server = createServer((_req, res) => {
      res.writeHead(429, { "content-type": "application/json" });
      res.end(
        JSON.stringify({
          error: {
            code: "RATE_LIMIT_EXCEEDED",
            message: "Too many requests. Please retry after 7 seconds.",
            retry_after: 7,
          },
        }),
      );
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const bare = new SmartleadClient({
        apiKey,
        baseUrl: `http://127.0.0.1:${port}/api/v1`,
        retry: { maxAttempts: 1 },
      });
      const refused = await bare.listCampaigns().catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(SmartleadApiError);
      expect(refused).toMatchObject({ status: 429, errorCode: "RATE_LIMIT_EXCEEDED", retryAfterMs: 7_000 });
      const ledger = keyLedger(bare.identity);
      expect(ledger.pausedUntil - ledger.reservations[0]!).toBeGreaterThanOrEqual(7_000);
    } finally {
      server.close();
    }
  });
});

describe("parseRetryAfter", () => {
  it("reads seconds, fractions and HTTP dates", () => {
    expect(parseRetryAfter("30")).toBe(30_000);
    expect(parseRetryAfter("0.25")).toBe(250);
    expect(parseRetryAfter(new Date(10_000).toUTCString(), 4_000)).toBe(6_000);
    expect(parseRetryAfter(null)).toBeUndefined();
    expect(parseRetryAfter("soon")).toBeUndefined();
  });
});

describe("SmartleadClient.saveOauthAccount against the emulator", () => {
  const clientId = "mailinfra.apps.googleusercontent.com";
  const oauthBody = (email: string, refreshToken: string, accessToken = "ya29.ACCESS-secret-token") => ({
    from_name: "Ana",
    from_email: email,
    username: email,
    type: "GMAIL" as const,
    token: {
      token_type: "Bearer" as const,
      access_token: accessToken,
      refresh_token: refreshToken,
      expiry_date: Date.now() + 3_600_000,
      scope: "https://mail.google.com/",
    },
    warmup_enabled: true,
    use_whitelabel_credentials: true,
    max_email_per_day: 40,
  });
  async function oauthWorld() {
    const google = await startGoogleForOAuth({
      client: { clientId, clientSecret: "client-SECRET" },
      mailboxes: ["ana@acme.test"],
    });
    googleEmulator = google;
    emulator = await start({ apiKeys: [apiKey], ...oauthValidationAt(google) });
    emulator.state.registerOAuthClient({ clientId, clientSecret: "client-SECRET" });
    return google;
  }

  it("creates, then updates by id, reading the id from the documented answer", async () => {
    const google = await oauthWorld();
    const refresh = google.oauth.issueRefreshToken("ana@acme.test", clientId);
    const { emailAccountId } = await client().saveOauthAccount(oauthBody("ana@acme.test", refresh));
    expect(emulator!.state.accounts.get(emailAccountId)).toMatchObject({
      type: "GMAIL",
      fromEmail: "ana@acme.test",
    });
    await expect(
      client().saveOauthAccount({ ...oauthBody("ana@acme.test", refresh), id: emailAccountId }),
    ).resolves.toEqual({
      emailAccountId,
    });
    expect(emulator!.state.liveAccounts(1)).toHaveLength(1);
  });

  it("a revoked token is a verification error with Google's words and neither token nor key in it", async () => {
    const google = await oauthWorld();
    const refresh = google.oauth.issueRefreshToken("ana@acme.test", clientId);
    google.oauth.revokeRefreshToken(refresh);
    const logs: string[] = [];
    const error = await client({ log: (l) => logs.push(l) })
      .saveOauthAccount(oauthBody("ana@acme.test", refresh))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SmartleadVerificationError);
    expect((error as SmartleadVerificationError).detail).toBe(
      "invalid_grant: Token has been expired or revoked.",
    );
    expect((error as Error).message).toContain("HTTP 400 ACCOUNT_VERIFICATION_FAILED");
    for (const text of [(error as Error).message, ...logs]) {
      expect(text).not.toContain(refresh);
      expect(text).not.toContain("ACCESS-secret");
      expect(text).not.toContain(apiKey);
    }
  });

  it("rejects a 200 without data.id", async () => {
    const google = await oauthWorld();
    emulator!.faults.malformedNext(
      1,
      { ok: true, message: "OAuth account added successfully" },
      "POST /email-accounts/save-oauth",
    );
    const refresh = google.oauth.issueRefreshToken("ana@acme.test", clientId);
    await expect(client().saveOauthAccount(oauthBody("ana@acme.test", refresh))).rejects.toThrow(
      /^Smartlead POST \/email-accounts\/save-oauth answered with an unexpected shape \(one of: data: .* \| id: /,
    );
  });
});

/**
 * Each answer the client parses, in every form Smartlead documents (the page is named next to each schema in
 * api-shapes.ts), fed through the emulator as a 200 body so the real HTTP path parses it.
 */
describe("SmartleadClient parses every documented answer shape", () => {
  async function answering(route: string, body: unknown) {
    emulator ??= await start({ apiKeys: [apiKey] });
    emulator.faults.malformedNext(1, body, route);
  }
  const oauthBody = {
    from_name: "Ana",
    from_email: "ana@acme.test",
    username: "ana@acme.test",
    type: "GMAIL" as const,
    token: {
      token_type: "Bearer" as const,
      access_token: "a",
      refresh_token: "r",
      expiry_date: 1,
      scope: "s",
    },
    warmup_enabled: false,
    use_whitelabel_credentials: true,
    max_email_per_day: 40,
  };

  it("save: help center, current reference and openapi.yaml forms; an answer without an id is refused", async () => {
    for (const body of [
      { ok: true, message: "Email account added/updated successfully!", emailAccountId: 41, warmupKey: "k" },
      { ok: true, message: "Email account added successfully", data: { id: 41, from_email: "a@acme.test" } },
      { ok: true, id: 41 },
    ]) {
      await answering("POST /email-accounts/save", body);
      await expect(client().saveEmailAccount(saveBody("a@acme.test"))).resolves.toEqual({
        emailAccountId: 41,
      });
    }
    await answering("POST /email-accounts/save", { success: true, data: {} });
    await expect(client().saveEmailAccount(saveBody("a@acme.test"))).rejects.toBeInstanceOf(
      SmartleadResponseError,
    );
  });

  it("save-oauth: current reference and openapi.yaml forms", async () => {
    for (const body of [
      { ok: true, message: "OAuth account added successfully", data: { id: 42, type: "GMAIL" } },
      { ok: true, id: 42 },
    ]) {
      await answering("POST /email-accounts/save-oauth", body);
      await expect(client().saveOauthAccount(oauthBody)).resolves.toEqual({ emailAccountId: 42 });
    }
  });

  it("update, warmup and delete: {ok: true, message}", async () => {
    await answering("POST /email-accounts/{id}", { ok: true, message: "Email account updated successfully" });
    await expect(client().updateEmailAccount(1, { from_name: "Ana" })).resolves.toBeUndefined();
    await answering("POST /email-accounts/{id}/warmup", {
      ok: true,
      message: "Warmup settings updated successfully",
    });
    await expect(client().setWarmup(1, { warmup_enabled: false })).resolves.toBeUndefined();
    await answering("DELETE /email-accounts/{id}", {
      ok: true,
      message: "Email account deleted successfully!",
      emailAccountId: 1,
    });
    await expect(client().deleteEmailAccount(1)).resolves.toBeUndefined();
    await answering("POST /email-accounts/{id}/warmup", { ok: false });
    await expect(client().setWarmup(1, { warmup_enabled: false })).rejects.toBeInstanceOf(
      SmartleadResponseError,
    );
  });

  it("get and list: the account object and the array, credentials stripped", async () => {
    const account = {
      id: 7,
      from_name: "Ana",
      from_email: "ana@acme.test",
      password: "decrypted_password",
      message_per_day: 50,
      is_smtp_success: true,
      is_imap_success: true,
      type: "GMAIL",
      client_id: null,
      warmup_details: { status: "ACTIVE", reply_rate: 15, max_email_per_day: 50, warmup_reputation: 95 },
      campaign_ids: [101, 102],
    };
    await answering("GET /email-accounts/{id}", account);
    const one = await client().getEmailAccount(7, { fetchCampaigns: true });
    expect(one).toMatchObject({ id: 7, campaign_ids: [101, 102] });
    expect(one).not.toHaveProperty("password");
    await answering("GET /email-accounts", [account]);
    expect((await client().listEmailAccounts({ offset: 0 })).map((a) => a.id)).toEqual([7]);
  });

  it("campaigns: the bare array get-all documents, and its `campaigns` / `data` wrappers", async () => {
    for (const body of [
      [{ id: 3, name: "Q1" }],
      { success: true, campaigns: [{ id: 3 }] },
      { data: [{ id: 3 }] },
    ]) {
      await answering("GET /campaigns", body);
      expect((await client().listCampaigns()).map((c) => c.id)).toEqual([3]);
    }
  });

  it("campaign email accounts: list as array or {data}; add and remove as {success, data} or the older {ok, result}", async () => {
    for (const body of [
      [{ id: 5, from_email: "a@acme.test" }],
      { success: true, data: [{ id: 5, from_email: "a@acme.test" }] },
    ]) {
      await answering("GET /campaigns/{id}/email-accounts", body);
      expect((await client().listCampaignEmailAccounts(1)).map((a) => a.id)).toEqual([5]);
    }
    for (const body of [
      { success: true, data: {} },
      { ok: true, result: [] },
    ]) {
      await answering("POST /campaigns/{id}/email-accounts", body);
      await expect(client().addEmailAccountsToCampaign(1, [5])).resolves.toBeUndefined();
    }
    for (const body of [
      { success: true, data: { message: "Email accounts removed successfully", removed_count: 1 } },
      { ok: true, result: 1 },
    ]) {
      await answering("DELETE /campaigns/{id}/email-accounts", body);
      await expect(client().removeEmailAccountsFromCampaign(1, [5])).resolves.toBeUndefined();
    }
    await answering("POST /campaigns/{id}/email-accounts", { success: false, data: {} });
    await expect(client().addEmailAccountsToCampaign(1, [5])).rejects.toBeInstanceOf(SmartleadResponseError);
  });
});

describe("GET /email-accounts/{id}/warmup-stats (https://api.smartlead.ai/api-reference/email-accounts/warmup-stats)", () => {
  /** A server that answers every request with `status` and `body`, as Smartlead would. */
  async function answering(
    status: number,
    body: unknown,
  ): Promise<{ client: SmartleadClient; close(): void }> {
    const server = createServer((_req, res) => {
      res.writeHead(status, { "content-type": "application/json" });
      res.end(JSON.stringify(body));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    return {
      client: new SmartleadClient({
        apiKey,
        baseUrl: `http://127.0.0.1:${port}/api/v1`,
        retry: { maxAttempts: 1 },
      }),
      close: () => server.close(),
    };
  }

  /** The reference page's 200 example, verbatim. */
  const referenceExample = {
    total_sent: 140,
    spam_count: 3,
    reputation_score: 95,
    daily_stats: [
      { date: "2025-11-20", sent: 15, spam: 0, delivered: 15, opened: 12, replied: 4 },
      { date: "2025-11-21", sent: 18, spam: 1, delivered: 17, opened: 14, replied: 5 },
      { date: "2025-11-22", sent: 20, spam: 0, delivered: 20, opened: 16, replied: 6 },
    ],
  };

  it("reads the reference page's example: the days with sent and spam, the totals and the reputation", async () => {
    const server = await answering(200, referenceExample);
    try {
      expect(await server.client.getWarmupStats(123)).toEqual({
        days: [
          { date: "2025-11-20", sent: 15, spam: 0 },
          { date: "2025-11-21", sent: 18, spam: 1 },
          { date: "2025-11-22", sent: 20, spam: 0 },
        ],
        totalSent: 140,
        totalSpam: 3,
        reputation: 95,
      });
    } finally {
      server.close();
    }
  });

  it("reads openapi.yaml's WarmupStats (totals, no days) and the {success, data} wrapper", async () => {
    const totals = {
      total_sent: 450,
      total_inbox: 448,
      total_spam: 2,
      warmup_reputation: 97,
      days_in_warmup: 21,
    };
    for (const body of [totals, { success: true, data: totals }]) {
      const server = await answering(200, body);
      try {
        expect(await server.client.getWarmupStats(7)).toEqual({
          days: undefined,
          totalSent: 450,
          totalSpam: 2,
          reputation: 97,
        });
      } finally {
        server.close();
      }
    }
  });

  it("refuses an answer with no statistics (the older page's placeholder {success: true, data: {}}) and days without counts", async () => {
    const bodies = [
      { success: true, data: {} },
      { daily_stats: [{ date: "2025-11-20", sent: "many", spam: 0 }] },
    ];
    for (const body of bodies) {
      const server = await answering(200, body);
      try {
        await expect(server.client.getWarmupStats(7)).rejects.toBeInstanceOf(SmartleadResponseError);
      } finally {
        server.close();
      }
    }
  });

  it("gives undefined for the documented 404 and the API error for a 401", async () => {
    const notFound = await answering(404, { message: "Email account not found", status: "error" });
    try {
      expect(await notFound.client.getWarmupStats(99)).toBeUndefined();
    } finally {
      notFound.close();
    }
    const unauthorized = await answering(401, { message: "Invalid API Key" });
    try {
      await expect(unauthorized.client.getWarmupStats(99)).rejects.toMatchObject({ status: 401 });
    } finally {
      unauthorized.close();
    }
  });

  it("with maxWaitMs, does not send a call the key's budget would hold back longer: SmartleadBudgetSpentError", async () => {
    // A key of its own: the key's ledger is shared by every process and test on the machine (the same port and
    // key in an earlier test would have left reservations in it).
    const ownKey = `sl-bounded-${randomUUID()}`;
    emulator = await start({ apiKeys: [ownKey] });
    // A budget of one call a minute: the first call spends it, the second's slot is a minute away.
    const tight = client({ apiKey: ownKey, rateLimit: { requests: 1, intervalMs: 60_000 } });
    await tight.listEmailAccounts({ offset: 0 });
    await expect(tight.getWarmupStats(1001, { maxWaitMs: 1_000 })).rejects.toBeInstanceOf(
      SmartleadBudgetSpentError,
    );
    expect(emulator.state.callCount("GET /email-accounts/{id}/warmup-stats")).toBe(0);
  });
});
