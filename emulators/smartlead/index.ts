import { type EmulatedService, type Outcome, serveEmulator } from "../http/emulator-server";
import { Faults } from "../http/faults";
import type { Reply } from "../http/reply";
import { parseJsonBody } from "../http/request-body";
import { RouteTable } from "../http/route-table";
import type { ApiCall, MailboxVerifier } from "./api-call";
import {
  addCampaignEmailAccounts,
  getCampaign,
  listCampaignEmailAccounts,
  listCampaigns,
  removeCampaignEmailAccounts,
} from "./campaigns";
import { recheckConnection } from "./connection-check";
import {
  deleteEmailAccount,
  getEmailAccount,
  listEmailAccounts,
  type SaveBehaviour,
  saveEmailAccount,
  setWarmup,
  updateEmailAccount,
} from "./email-accounts";
import { saveOauthAccount } from "./oauth-accounts";
import type { RefreshGoogleToken, VerifyOauthMailbox } from "./oauth-connection";
import { RateLimiter } from "./rate-limit";
import { replies } from "./replies";
import { keyFingerprint, SmartleadState } from "./state";
import { getWarmupStats, type WarmupHistory } from "./warmup-stats";

export { type FaultEffect, type FaultRule, Faults } from "../http/faults";
export type { MailboxVerification, MailboxVerifier } from "./api-call";
export { mailLoginVerifier } from "./mail-login-verifier";
export type {
  GoogleTokenRefresh,
  RefreshGoogleToken,
  RegisteredOAuthClient,
  VerifyOauthMailbox,
} from "./oauth-connection";
export { RateLimiter } from "./rate-limit";
export { type CallRecord, type CampaignRecord, type CampaignStatus, SmartleadState } from "./state";
export { plausibleWarmupWeek } from "./warmup-history";
export type { WarmupHistory } from "./warmup-stats";

/** A local stand-in for Smartlead's REST API (`https://server.smartlead.ai/api/v1`). */
export interface SmartleadEmulatorOptions {
  port?: number;
  /** API keys that work, all for user 1. @default ["sl-test-key"] */
  apiKeys?: string[];
  /** Requests per "minute" and key. @default 60 (Smartlead's published limit) */
  rateLimit?: number;
  /**
   * Requests per (scaled) second and key: Smartlead's burst limit, on top of the minute (rate-limit.ts).
   * @default undefined (off)
   * @example 10 // Smartlead Standard: SMARTLEAD_RATE_LIMITS.burst.requests
   */
  burstLimit?: number;
  /** Scales the rate-limit minute and burst second: 0.01 makes them 600 ms and 10 ms. @default 1 */
  timeScale?: number;
  /** Called on every save, as Smartlead logs in to SMTP and IMAP before saving. @default accept all */
  verifyMailbox?: MailboxVerifier;
  /** HTTP status of ACCOUNT_VERIFICATION_FAILED. @default 400 (the reference; 406 has been seen live) */
  verificationFailureStatus?: number;
  /**
   * How `save-oauth` refreshes a token (Google's token endpoint, refresh_token grant). Without it and
   * `verifyOauthMailbox`, save-oauth answers that OAuth is not configured in the emulator.
   */
  refreshGoogleToken?: RefreshGoogleToken;
  /** How `save-oauth` logs in to the mailbox with SASL XOAUTH2 and the refreshed access token. */
  verifyOauthMailbox?: VerifyOauthMailbox;
  /** Which documented answer shape `POST /email-accounts/save` uses. @default "legacy" */
  saveAnswer?: "legacy" | "current";
  /** Whether `GET /email-accounts/?fetch_campaigns=true` includes campaign_ids. @default true */
  listFetchCampaigns?: boolean;
  /**
   * The warmup days `GET /email-accounts/{id}/warmup-stats` answers for an account nobody set days for
   * (`state.setWarmupDays`). @default none: zeros
   * @example plausibleWarmupWeek // the local world's
   */
  warmupHistory?: WarmupHistory;
  random?: () => number;
  /** The clock the rate limits count by (tests move it instead of waiting). @default Date.now */
  now?: () => number;
}

export interface SmartleadEmulator {
  /** Origin, e.g. `http://127.0.0.1:41234`. */
  url: string;
  /** What a client uses as base URL: `${url}/api/v1`. */
  baseUrl: string;
  port: number;
  apiKey: string;
  state: SmartleadState;
  faults: Faults;
  rateLimiter: RateLimiter;
  setMailboxVerifier(verifier: MailboxVerifier): void;
  /** Replaces how save-oauth refreshes tokens and logs in (e.g. once the local world's Google is up). */
  setOauthValidation(validation: {
    refreshGoogleToken?: RefreshGoogleToken;
    verifyOauthMailbox?: VerifyOauthMailbox;
  }): void;
  /**
   * Smartlead signs in to connected mailboxes again (all, or those of `emails`) and records the outcome in their
   * connection flags and failure texts (connection-check.ts): break a mailbox first (revoke its grant at Google,
   * delete its app password), then call this, and `GET /email-accounts/` reports it as Smartlead would.
   */
  recheckConnections(emails?: string[]): Promise<void>;
  stop(): Promise<void>;
}

type Handler = (call: ApiCall) => Reply | Promise<Reply>;

export async function start(options: SmartleadEmulatorOptions = {}): Promise<SmartleadEmulator> {
  const state = new SmartleadState();
  const apiKeys = options.apiKeys ?? ["sl-test-key"];
  for (const key of apiKeys) state.addApiKey(key);
  const faults = new Faults({ random: options.random, serverErrorStatus: 500 });
  const rateLimiter = new RateLimiter(
    {
      ...(options.rateLimit !== undefined ? { limit: options.rateLimit } : {}),
      burst: options.burstLimit,
      timeScale: options.timeScale ?? 1,
    },
    options.now,
  );
  const behaviour: SaveBehaviour = {
    verify: options.verifyMailbox ?? (async () => ({ ok: true })),
    verificationFailureStatus: options.verificationFailureStatus ?? 400,
    answer: options.saveAnswer ?? "legacy",
    oauth: { refreshGoogleToken: options.refreshGoogleToken, verifyOauthMailbox: options.verifyOauthMailbox },
    listFetchCampaigns: options.listFetchCampaigns ?? true,
  };

  const v1 = "/api/v1";
  // Express routes: an optional trailing slash (Express's router is not strict by default: "/foo" and "/foo/" are
  // treated the same, https://expressjs.com/en/4x/api.html#express.router), numeric ids only (`/email-accounts/abc`
  // is `Cannot GET`).
  const table = new RouteTable<Handler>({ base: v1, trailingSlash: true, param: "\\d+" })
    .add("GET /email-accounts", (c) => listEmailAccounts(c, behaviour))
    .add("POST /email-accounts/save", (c) => saveEmailAccount(c, behaviour))
    .add("POST /email-accounts/save-oauth", (c) => saveOauthAccount(c, behaviour))
    .add("GET /email-accounts/{id}", getEmailAccount)
    .add("POST /email-accounts/{id}", updateEmailAccount)
    .add("DELETE /email-accounts/{id}", deleteEmailAccount)
    .add("POST /email-accounts/{id}/warmup", setWarmup)
    .add("GET /email-accounts/{id}/warmup-stats", (c) => getWarmupStats(c, options.warmupHistory))
    .add("GET /campaigns", listCampaigns)
    .add("GET /campaigns/{id}", getCampaign)
    .add("GET /campaigns/{id}/email-accounts", listCampaignEmailAccounts)
    .add("POST /campaigns/{id}/email-accounts", addCampaignEmailAccounts)
    .add("DELETE /campaigns/{id}/email-accounts", removeCampaignEmailAccounts);

  const service: EmulatedService = {
    name: "smartlead emulator",
    jsonContentType: "application/json; charset=utf-8",
    faults,
    internalError: replies.serverError(500),
    faultReply: (failure) =>
      failure.kind === "rateLimit"
        ? replies.rateLimited(failure.retryAfterSeconds)
        : replies.serverError(failure.status),
    open: ({ url, method, path, raw }) => {
      const matched = table.match(method, path);
      const template = matched?.template ?? `${method} ${path}`;
      const parsed = parseJsonBody(raw);
      const body = parsed.ok ? parsed.value : undefined;
      // The key may come as query parameter or, for POST, in the body (api.smartlead.ai/authentication).
      const bodyKey = body && typeof body === "object" ? (body as { api_key?: unknown }).api_key : undefined;
      const apiKey = url.searchParams.get("api_key") ?? (typeof bodyKey === "string" ? bodyKey : undefined);
      const key = apiKey ? keyFingerprint(apiKey) : undefined;
      return {
        endpoint: template,
        record: (status, fault) =>
          state.calls.push({
            route: template,
            method,
            path,
            status,
            at: Date.now(),
            ...(key ? { key } : {}),
            ...(fault ? { fault } : {}),
          }),
        answer: async (malformed): Promise<Outcome> => {
          const keyInfo = apiKey ? state.keyInfo(apiKey) : undefined;
          if (!keyInfo) return { reply: replies.unauthorized(), beforeWork: true };
          if (keyInfo.disabled) return { reply: replies.forbidden(), beforeWork: true };
          const rate = rateLimiter.take(apiKey!);
          const withRate = (reply: Reply): Reply => ({
            ...reply,
            headers: {
              "x-ratelimit-limit": String(rate.limit),
              "x-ratelimit-remaining": String(rate.remaining),
              "x-ratelimit-reset": String(Math.ceil(rate.resetAt / 1000)),
              ...reply.headers,
            },
          });
          if (!rate.allowed) {
            return {
              reply: withRate(replies.rateLimited(rate.retryAfterSeconds)),
              fault: "rateLimit",
              beforeWork: true,
            };
          }
          if (malformed) {
            return {
              reply: withRate({ status: 200, body: malformed.body }),
              fault: "malformed",
              beforeWork: true,
            };
          }
          if (!matched) return { reply: withRate(replies.routeNotFound(method, path)) };
          if (!parsed.ok)
            return { reply: withRate(replies.invalid("body", "Request body is not valid JSON", "type")) };
          const reply = await matched.value({
            state,
            userId: keyInfo.userId,
            params: matched.params,
            query: url.searchParams,
            body,
          });
          return { reply: withRate(reply) };
        },
      };
    },
  };
  const server = await serveEmulator(service, options.port);
  const { url, port } = server;

  return {
    url,
    baseUrl: `${url}${v1}`,
    port,
    apiKey: apiKeys[0]!,
    state,
    faults,
    rateLimiter,
    setMailboxVerifier(verifier) {
      behaviour.verify = verifier;
    },
    setOauthValidation(validation) {
      behaviour.oauth = { ...behaviour.oauth, ...validation };
    },
    async recheckConnections(emails) {
      const wanted = emails ? new Set(emails.map((e) => e.toLowerCase())) : undefined;
      const accounts = [...state.accounts.values()].filter(
        (a) => !a.deleted && (!wanted || wanted.has(a.fromEmail)),
      );
      await Promise.all(
        accounts.map((a) =>
          recheckConnection(state, a, { verify: behaviour.verify, oauth: behaviour.oauth }),
        ),
      );
    },
    // A second stop resolves as well: callers stop in their own teardown without checking.
    stop: () => server.stop().catch(() => undefined),
  };
}
