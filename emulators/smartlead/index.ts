import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import type { ApiCall, MailboxVerifier } from "./api-call";
import {
  addCampaignEmailAccounts,
  getCampaign,
  listCampaignEmailAccounts,
  listCampaigns,
  removeCampaignEmailAccounts,
} from "./campaigns";
import {
  deleteEmailAccount,
  getEmailAccount,
  listEmailAccounts,
  type SaveBehaviour,
  saveEmailAccount,
  setWarmup,
  updateEmailAccount,
} from "./email-accounts";
import { Faults } from "./faults";
import { saveOauthAccount } from "./oauth-accounts";
import type { RefreshGoogleToken, VerifyOauthMailbox } from "./oauth-connection";
import { RateLimiter } from "./rate-limit";
import { type Reply, replies } from "./replies";
import { keyFingerprint, SmartleadState } from "./state";

export type { MailboxVerification, MailboxVerifier } from "./api-call";
export { type FaultEffect, type FaultRule, Faults } from "./faults";
export { mailLoginVerifier } from "./mail-login-verifier";
export type {
  GoogleTokenRefresh,
  RefreshGoogleToken,
  RegisteredOAuthClient,
  VerifyOauthMailbox,
} from "./oauth-connection";
export { RateLimiter } from "./rate-limit";
export { type CallRecord, type CampaignRecord, type CampaignStatus, SmartleadState } from "./state";

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
  random?: () => number;
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
  stop(): Promise<void>;
}

type Handler = (call: ApiCall) => Reply | Promise<Reply>;
interface Route {
  method: string;
  pattern: RegExp;
  template: string;
  handler: Handler;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

function send(res: ServerResponse, reply: Reply, extraHeaders: Record<string, string>): void {
  const headers: Record<string, string> = { ...extraHeaders, ...reply.headers };
  const payload = reply.text ?? (reply.body === undefined ? "" : JSON.stringify(reply.body));
  headers["content-type"] =
    reply.text !== undefined ? "text/html; charset=utf-8" : "application/json; charset=utf-8";
  headers["content-length"] = String(Buffer.byteLength(payload));
  res.writeHead(reply.status, headers);
  res.end(payload);
}

export async function start(options: SmartleadEmulatorOptions = {}): Promise<SmartleadEmulator> {
  const state = new SmartleadState();
  const apiKeys = options.apiKeys ?? ["sl-test-key"];
  for (const key of apiKeys) state.addApiKey(key);
  const faults = new Faults(options.random);
  const rateLimiter = new RateLimiter({
    ...(options.rateLimit !== undefined ? { limit: options.rateLimit } : {}),
    burst: options.burstLimit,
    timeScale: options.timeScale ?? 1,
  });
  const behaviour: SaveBehaviour = {
    verify: options.verifyMailbox ?? (async () => ({ ok: true })),
    verificationFailureStatus: options.verificationFailureStatus ?? 400,
    answer: options.saveAnswer ?? "legacy",
    oauth: { refreshGoogleToken: options.refreshGoogleToken, verifyOauthMailbox: options.verifyOauthMailbox },
    listFetchCampaigns: options.listFetchCampaigns ?? true,
  };

  const v1 = "/api/v1";
  const id = "(?<id>\\d+)";
  const campaignId = "(?<campaignId>\\d+)";
  const route = (method: string, path: string, template: string, handler: Handler): Route => ({
    method,
    pattern: new RegExp(`^${v1}${path}$`),
    template: `${method} ${template}`,
    handler,
  });
  const table: Route[] = [
    route("GET", "/email-accounts/?", "/email-accounts", (c) => listEmailAccounts(c, behaviour)),
    route("POST", "/email-accounts/save/?", "/email-accounts/save", (c) => saveEmailAccount(c, behaviour)),
    route("POST", "/email-accounts/save-oauth/?", "/email-accounts/save-oauth", (c) =>
      saveOauthAccount(c, behaviour),
    ),
    route("GET", `/email-accounts/${id}/?`, "/email-accounts/{id}", getEmailAccount),
    route("POST", `/email-accounts/${id}/?`, "/email-accounts/{id}", updateEmailAccount),
    route("DELETE", `/email-accounts/${id}/?`, "/email-accounts/{id}", deleteEmailAccount),
    route("POST", `/email-accounts/${id}/warmup/?`, "/email-accounts/{id}/warmup", setWarmup),
    route("GET", "/campaigns/?", "/campaigns", listCampaigns),
    route("GET", `/campaigns/${campaignId}/?`, "/campaigns/{id}", getCampaign),
    route(
      "GET",
      `/campaigns/${campaignId}/email-accounts/?`,
      "/campaigns/{id}/email-accounts",
      listCampaignEmailAccounts,
    ),
    route(
      "POST",
      `/campaigns/${campaignId}/email-accounts/?`,
      "/campaigns/{id}/email-accounts",
      addCampaignEmailAccounts,
    ),
    route(
      "DELETE",
      `/campaigns/${campaignId}/email-accounts/?`,
      "/campaigns/{id}/email-accounts",
      removeCampaignEmailAccounts,
    ),
  ];

  async function answer(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://emulator");
    const method = (req.method ?? "GET").toUpperCase();
    const path = url.pathname;
    let matched: Route | undefined;
    let params: Record<string, string> = {};
    for (const candidate of table) {
      const m = candidate.method === method ? candidate.pattern.exec(path) : null;
      if (m) {
        matched = candidate;
        params = { ...m.groups };
        break;
      }
    }
    const template = matched?.template ?? `${method} ${path}`;
    const raw = await readBody(req);
    let body: unknown;
    let badJson = false;
    if (raw.length > 0) {
      try {
        body = JSON.parse(raw.toString("utf8"));
      } catch {
        badJson = true;
      }
    }
    // The key may come as query parameter or, for POST, in the body (api.smartlead.ai/authentication).
    const bodyKey = body && typeof body === "object" ? (body as { api_key?: unknown }).api_key : undefined;
    const apiKey = url.searchParams.get("api_key") ?? (typeof bodyKey === "string" ? bodyKey : undefined);
    const key = apiKey ? keyFingerprint(apiKey) : undefined;
    const record = (status: number, fault?: "latency" | "rateLimit" | "serverError" | "drop" | "malformed") =>
      state.calls.push({
        route: template,
        method,
        path,
        status,
        at: Date.now(),
        ...(key ? { key } : {}),
        ...(fault ? { fault } : {}),
      });

    const decision = faults.decide(template);
    if (decision.latencyMs > 0) await sleep(decision.latencyMs);
    const failure = decision.failure;
    if (failure?.kind === "drop" && failure.phase === "before") {
      record(0, "drop");
      req.socket.destroy();
      return;
    }
    if (failure?.kind === "rateLimit") {
      record(429, "rateLimit");
      send(res, replies.rateLimited(failure.retryAfterSeconds), {});
      return;
    }
    if (failure?.kind === "serverError") {
      record(failure.status, "serverError");
      send(res, replies.serverError(failure.status), {});
      return;
    }

    const keyInfo = apiKey ? state.keyInfo(apiKey) : undefined;
    if (!keyInfo) {
      record(401);
      send(res, replies.unauthorized(), {});
      return;
    }
    if (keyInfo.disabled) {
      record(403);
      send(res, replies.forbidden(), {});
      return;
    }
    const rate = rateLimiter.take(apiKey!);
    const rateHeaders = {
      "x-ratelimit-limit": String(rate.limit),
      "x-ratelimit-remaining": String(rate.remaining),
      "x-ratelimit-reset": String(Math.ceil(rate.resetAt / 1000)),
    };
    if (!rate.allowed) {
      record(429, "rateLimit");
      send(res, replies.rateLimited(rate.retryAfterSeconds), rateHeaders);
      return;
    }
    if (failure?.kind === "malformed") {
      record(200, "malformed");
      send(res, { status: 200, body: failure.body }, rateHeaders);
      return;
    }

    let reply: Reply;
    if (!matched) reply = replies.routeNotFound(method, path);
    else if (badJson) reply = replies.invalid("body", "Request body is not valid JSON", "type");
    else
      reply = await matched.handler({ state, userId: keyInfo.userId, params, query: url.searchParams, body });

    if (failure?.kind === "drop") {
      // Handled (state changed) but the answer is lost: the case that makes a retried create collide.
      record(0, "drop");
      req.socket.destroy();
      return;
    }
    record(reply.status, decision.latencyMs > 0 ? "latency" : undefined);
    send(res, reply, rateHeaders);
  }

  const server = createServer((req, res) => {
    answer(req, res).catch((error: unknown) => {
      // An emulator bug must surface as a 500 in the test, not a hang; never echo the request (it holds secrets).
      console.error("smartlead emulator:", error instanceof Error ? error.message : error);
      if (!res.headersSent) send(res, replies.serverError(500), {});
    });
  });
  const sockets = new Set<Socket>();
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}`;

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
    stop: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
