import { createHash } from "node:crypto";
import type { z } from "zod";
import {
  addToCampaignAnswerSchema,
  campaignAnswerSchema,
  campaignListSchema,
  campaignMembersSchema,
  type EmailAccount,
  emailAccountListSchema,
  emailAccountSchema,
  errorBodySchema,
  okAnswerSchema,
  removeFromCampaignAnswerSchema,
  type SaveEmailAccountBody,
  type SaveOauthAccountBody,
  saveAnswerSchema,
  saveOauthAnswerSchema,
  type UpdateEmailAccountBody,
  type WarmupBody,
  type WarmupStats,
  warmupStatsSchema,
} from "./api-shapes";
import { defaultRateLimit, type RateLimit, type SharedRateLimiter, sharedRateLimiter } from "./rate-limiter";
import { type RetryOptions, smartleadRetryPolicy } from "./retry-policy";
import {
  redactSecrets,
  SmartleadApiError,
  SmartleadNetworkError,
  SmartleadResponseError,
  SmartleadVerificationError,
} from "./smartlead-error";

export const smartleadBaseUrl = "https://server.smartlead.ai/api/v1";
/** Smartlead's page size cap for `GET /email-accounts/` (api-reference/email-accounts/get-all). */
export const listPageSize = 100;

export interface SmartleadClientOptions {
  apiKey: string;
  /** @default "https://server.smartlead.ai/api/v1" */
  baseUrl?: string;
  /** Per HTTP attempt, from the moment the request gets its rate-limit slot. @default 30000 */
  timeoutMs?: number;
  /**
   * Client-side budget per key, Smartlead's minute, shared by every process on the machine that uses the key; calls
   * are also spaced for its burst limit of 10 a second and kept under its hour, both scaled with `intervalMs`
   * (rate-limiter.ts: burstSpacing, hourBudget). @default 55 requests / 61 s
   */
  rateLimit?: RateLimit;
  retry?: RetryOptions;
  /** Receives one line per retry; never the key or a password. */
  log?: (message: string) => void;
}

interface RequestSpec<S extends z.ZodType> {
  method: "GET" | "POST" | "DELETE";
  path: string;
  /** Path with ids replaced by `{id}`, used in messages. */
  operation: string;
  query?: Record<string, string>;
  body?: unknown;
  schema: S;
  /** Values that must never appear in an error (the mailbox password of a save). */
  secrets?: string[];
  /** Longest wait for a rate-limit slot; past it the call is not sent (SmartleadBudgetSpentError). @default no bound */
  maxWaitMs?: number;
}

/** When this process last sent a write with each key (by client identity), before and after each write. */
const lastWrites = new Map<string, number>();

function noteWrite(identity: string): void {
  lastWrites.set(identity, Date.now());
}

/** When this process last wrote through the key `identity` names (-Infinity: never): fleet-account-listing.ts. */
export function lastWriteThrough(identity: string): number {
  return lastWrites.get(identity) ?? Number.NEGATIVE_INFINITY;
}

/**
 * Typed client for the Smartlead endpoints mailinfra uses. Every request goes through the key's shared rate
 * limiter, has a timeout, is retried on 429/5xx/network failures (Retry-After honoured), and its answer is
 * validated with zod. The api_key travels as the `api_key` query parameter, as Smartlead requires, and is
 * kept out of every message.
 */
export class SmartleadClient {
  readonly baseUrl: string;
  /** Base URL + key fingerprint: what shared caches and batches are keyed by. */
  readonly identity: string;
  /** The key's budget this client paces to (its minute window; burst and hour derive from it). */
  readonly rateLimit: RateLimit;
  private readonly apiKey: string;
  private readonly limiter: SharedRateLimiter;
  private readonly policy: ReturnType<typeof smartleadRetryPolicy>;
  private readonly timeoutMs: number;

  constructor(options: SmartleadClientOptions) {
    this.apiKey = options.apiKey;
    this.baseUrl = (options.baseUrl ?? smartleadBaseUrl).replace(/\/+$/, "");
    const fingerprint = createHash("sha256").update(options.apiKey).digest("hex").slice(0, 16);
    this.identity = `${this.baseUrl}#${fingerprint}`;
    this.rateLimit = options.rateLimit ?? defaultRateLimit;
    this.limiter = sharedRateLimiter(this.identity, this.rateLimit);
    this.timeoutMs = options.timeoutMs ?? 30_000;
    const log = options.log;
    this.policy = smartleadRetryPolicy(options.retry, (error, delayMs, attempt) =>
      log?.(
        `Smartlead: retry ${attempt} in ${Math.round(delayMs)} ms after ${error instanceof Error ? error.message : "failure"}`,
      ),
    );
  }

  /** Requests of this key in this process that wait for a rate-limit slot or are in flight. */
  get pendingRequests(): number {
    return this.limiter.pending;
  }

  async listEmailAccounts(page: {
    offset: number;
    limit?: number;
    fetchCampaigns?: boolean;
    /** Longest wait for a rate-limit slot (SmartleadBudgetSpentError past it). @default no bound */
    maxWaitMs?: number;
  }): Promise<EmailAccount[]> {
    return this.request({
      method: "GET",
      path: "/email-accounts/",
      operation: "GET /email-accounts",
      query: {
        offset: String(page.offset),
        limit: String(page.limit ?? listPageSize),
        ...(page.fetchCampaigns ? { fetch_campaigns: "true" } : {}),
      },
      schema: emailAccountListSchema,
      ...(page.maxWaitMs === undefined ? {} : { maxWaitMs: page.maxWaitMs }),
    });
  }

  /** All pages, 100 accounts a call, until a short page. */
  async listAllEmailAccounts(
    options: { fetchCampaigns?: boolean; maxWaitMs?: number } = {},
  ): Promise<EmailAccount[]> {
    const all: EmailAccount[] = [];
    for (let offset = 0; ; offset += listPageSize) {
      const page = await this.listEmailAccounts({
        offset,
        limit: listPageSize,
        fetchCampaigns: options.fetchCampaigns,
        ...(options.maxWaitMs === undefined ? {} : { maxWaitMs: options.maxWaitMs }),
      });
      all.push(...page);
      if (page.length < listPageSize) return all;
    }
  }

  /** undefined when Smartlead does not know the account (404). */
  async getEmailAccount(
    id: number,
    options: { fetchCampaigns?: boolean } = {},
  ): Promise<EmailAccount | undefined> {
    try {
      return await this.request({
        method: "GET",
        path: `/email-accounts/${id}/`,
        operation: "GET /email-accounts/{id}",
        query: options.fetchCampaigns ? { fetch_campaigns: "true" } : {},
        schema: emailAccountSchema,
      });
    } catch (error) {
      if (error instanceof SmartleadApiError && error.status === 404) return undefined;
      throw error;
    }
  }

  /**
   * The account's warmup over the last 7 days (`GET /email-accounts/{id}/warmup-stats`,
   * https://api.smartlead.ai/api-reference/email-accounts/warmup-stats); undefined when Smartlead does not know the
   * account (404). With `maxWaitMs`, throws SmartleadBudgetSpentError instead of waiting longer for a slot.
   */
  async getWarmupStats(id: number, options: { maxWaitMs?: number } = {}): Promise<WarmupStats | undefined> {
    try {
      return await this.request({
        method: "GET",
        path: `/email-accounts/${id}/warmup-stats`,
        operation: "GET /email-accounts/{id}/warmup-stats",
        schema: warmupStatsSchema,
        ...(options.maxWaitMs === undefined ? {} : { maxWaitMs: options.maxWaitMs }),
      });
    } catch (error) {
      if (error instanceof SmartleadApiError && error.status === 404) return undefined;
      throw error;
    }
  }

  /** Creates (no `id`) or updates (with `id`) an account; Smartlead logs in to SMTP and IMAP first. */
  async saveEmailAccount(body: SaveEmailAccountBody): Promise<{ emailAccountId: number }> {
    return this.request({
      method: "POST",
      path: "/email-accounts/save",
      operation: "POST /email-accounts/save",
      body,
      schema: saveAnswerSchema,
      secrets: [body.password, body.imap_password ?? ""],
    });
  }

  /**
   * Creates (no `id`) or updates (with `id`) an OAuth account; Smartlead refreshes the token and logs in with
   * XOAUTH2 first. The tokens never appear in an error.
   */
  async saveOauthAccount(body: SaveOauthAccountBody): Promise<{ emailAccountId: number }> {
    return this.request({
      method: "POST",
      path: "/email-accounts/save-oauth",
      operation: "POST /email-accounts/save-oauth",
      body,
      schema: saveOauthAnswerSchema,
      secrets: [body.token.access_token, body.token.refresh_token],
    });
  }

  async updateEmailAccount(id: number, body: UpdateEmailAccountBody): Promise<void> {
    await this.request({
      method: "POST",
      path: `/email-accounts/${id}`,
      operation: "POST /email-accounts/{id}",
      body,
      schema: okAnswerSchema,
    });
  }

  async setWarmup(id: number, body: WarmupBody): Promise<void> {
    await this.request({
      method: "POST",
      path: `/email-accounts/${id}/warmup`,
      operation: "POST /email-accounts/{id}/warmup",
      body,
      schema: okAnswerSchema,
    });
  }

  async deleteEmailAccount(id: number): Promise<void> {
    await this.request({
      method: "DELETE",
      path: `/email-accounts/${id}`,
      operation: "DELETE /email-accounts/{id}",
      schema: okAnswerSchema,
    });
  }

  /** Every campaign of the key's user, in one call (Smartlead does not paginate this list). */
  async listCampaigns(): Promise<{ id: number; name?: string | null }[]> {
    return this.request({
      method: "GET",
      path: "/campaigns/",
      operation: "GET /campaigns",
      schema: campaignListSchema,
    });
  }

  /** Whether the campaign exists for this key: false on Smartlead's 404. */
  async campaignExists(campaignId: number): Promise<boolean> {
    try {
      await this.request({
        method: "GET",
        path: `/campaigns/${campaignId}`,
        operation: "GET /campaigns/{id}",
        schema: campaignAnswerSchema,
      });
      return true;
    } catch (error) {
      if (error instanceof SmartleadApiError && error.status === 404) return false;
      throw error;
    }
  }

  async listCampaignEmailAccounts(campaignId: number): Promise<{ id: number; from_email: string }[]> {
    return this.request({
      method: "GET",
      path: `/campaigns/${campaignId}/email-accounts`,
      operation: "GET /campaigns/{id}/email-accounts",
      schema: campaignMembersSchema,
    });
  }

  async addEmailAccountsToCampaign(campaignId: number, emailAccountIds: number[]): Promise<void> {
    await this.request({
      method: "POST",
      path: `/campaigns/${campaignId}/email-accounts`,
      operation: `POST /campaigns/${campaignId}/email-accounts`,
      body: { email_account_ids: emailAccountIds },
      schema: addToCampaignAnswerSchema,
    });
  }

  async removeEmailAccountsFromCampaign(campaignId: number, emailAccountIds: number[]): Promise<void> {
    await this.request({
      method: "DELETE",
      path: `/campaigns/${campaignId}/email-accounts`,
      operation: `DELETE /campaigns/${campaignId}/email-accounts`,
      body: { email_account_ids: emailAccountIds },
      schema: removeFromCampaignAnswerSchema,
    });
  }

  private request<S extends z.ZodType>(spec: RequestSpec<S>): Promise<z.output<S>> {
    return this.policy.execute(() =>
      this.limiter.run(
        () => this.attempt(spec),
        spec.maxWaitMs === undefined ? {} : { maxWaitMs: spec.maxWaitMs },
      ),
    );
  }

  private async attempt<S extends z.ZodType>(spec: RequestSpec<S>): Promise<z.output<S>> {
    const secrets = [this.apiKey, ...(spec.secrets ?? [])];
    const url = new URL(`${this.baseUrl}${spec.path}`);
    for (const [name, value] of Object.entries(spec.query ?? {})) url.searchParams.set(name, value);
    url.searchParams.set("api_key", this.apiKey);
    // A write of this process: a fleet's shared account listing taken before it is not this process's to use.
    const writes = spec.method !== "GET";
    if (writes) noteWrite(this.identity);
    let response: Response;
    try {
      response = await fetch(url, {
        method: spec.method,
        headers: {
          accept: "application/json",
          ...(spec.body === undefined ? {} : { "content-type": "application/json" }),
        },
        body: spec.body === undefined ? undefined : JSON.stringify(spec.body),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      throw networkError(spec.operation, error, secrets);
    } finally {
      if (writes) noteWrite(this.identity);
    }
    let text: string;
    try {
      text = await response.text();
    } catch (error) {
      throw networkError(spec.operation, error, secrets);
    }
    if (!response.ok) {
      const error = apiError(spec.operation, response, text, secrets);
      // Smartlead refused for the key's rate limit: something else spends the same key (another machine, another
      // tool), so every call with the key on this machine waits with this one, instead of collecting 429s too.
      if (error instanceof SmartleadApiError && error.status === 429 && error.retryAfterMs) {
        await this.limiter.pauseUntil(Date.now() + error.retryAfterMs);
      }
      throw error;
    }
    let json: unknown;
    try {
      json = text === "" ? undefined : JSON.parse(text);
    } catch {
      throw new SmartleadResponseError(spec.operation, "the body is not JSON");
    }
    const parsed = spec.schema.safeParse(json);
    if (!parsed.success) {
      throw new SmartleadResponseError(
        spec.operation,
        redactSecrets(describeIssues(parsed.error.issues), secrets),
      );
    }
    return parsed.data;
  }
}

type Issue = { path: PropertyKey[]; message: string; code?: string; errors?: Issue[][] };

/** `0.id: expected number`; for a union, what each documented form missed. Never the values. */
export function describeIssues(issues: readonly Issue[], prefix: PropertyKey[] = []): string {
  return issues
    .slice(0, 5)
    .map((issue) => {
      const path = [...prefix, ...issue.path];
      if (issue.code === "invalid_union" && issue.errors?.length) {
        return `one of: ${issue.errors.map((branch) => describeIssues(branch, path)).join(" | ")}`;
      }
      return `${path.map(String).join(".") || "(root)"}: ${issue.message}`;
    })
    .join("; ");
}

function networkError(operation: string, error: unknown, secrets: string[]): SmartleadNetworkError {
  const e = error as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  const timedOut = e?.name === "TimeoutError" || e?.name === "AbortError";
  const detail = timedOut
    ? "timeout"
    : (e?.cause?.code ?? e?.cause?.message ?? e?.message ?? "network error");
  return new SmartleadNetworkError(
    operation,
    timedOut ? "timeout" : "connection failed",
    redactSecrets(String(detail), secrets),
  );
}

function apiError(operation: string, response: Response, text: string, secrets: string[]): SmartleadApiError {
  let body: z.infer<typeof errorBodySchema> = {};
  try {
    const parsed = errorBodySchema.safeParse(JSON.parse(text));
    if (parsed.success) body = parsed.data;
  } catch {
    // Not JSON (e.g. Express's "Cannot PATCH /..."): the text itself is the message.
  }
  const nested = typeof body.error === "object" ? body.error : undefined;
  const rawMessage =
    (typeof body.error === "string" ? body.error : undefined) ??
    nested?.message ??
    body.message ??
    (text.slice(0, 200) || response.statusText);
  const code = body.errorCode ?? nested?.code;
  const message = redactSecrets(rawMessage, secrets);
  if (code === "ACCOUNT_VERIFICATION_FAILED") {
    // `error` carries the mail server's answer; `message` is Smartlead's generic sentence.
    const detail = typeof body.error === "string" ? body.error : "";
    return new SmartleadVerificationError(operation, response.status, redactSecrets(detail, secrets));
  }
  // The header, else the body's `error.retry_after` (both documented: https://api.smartlead.ai/guides/rate-limits).
  const retryAfter =
    parseRetryAfter(response.headers.get("retry-after")) ??
    (nested?.retry_after === undefined ? undefined : nested.retry_after * 1000);
  return new SmartleadApiError(
    operation,
    response.status,
    message,
    code,
    retryAfter,
    body.emailAccountId ?? undefined,
  );
}

/** Retry-After as delta-seconds (fractions accepted) or an HTTP date. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
