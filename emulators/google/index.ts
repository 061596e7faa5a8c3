import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { MailLogin } from "../mail/mail-login";
import { type ApiCall, type DnsTxtVerifier, scopes } from "./api-call";
import { deleteDomain, getDomain, insertDomain, listDomains } from "./directory-domains";
import { deleteUser, getUser, insertUser, listUsers, patchUser } from "./directory-users";
import { Faults } from "./faults";
import { gmailLogin } from "./gmail-login";
import { gmailProfile, gmailProfilePath } from "./gmail-profile";
import { googleErrors } from "./google-error";
import { parseBody, type Reply, readBody, sendReply } from "./http-exchange";
import { answerAuthorization, authorizationPath, showAuthorization } from "./oauth-authorization";
import { exchangeUserGrant, revokeToken, userGrantTypes } from "./oauth-grants";
import type { OAuthState } from "./oauth-state";
import { issueToken } from "./oauth-token";
import { DirectoryQuota } from "./rate-limit";
import { type GeneratedServiceAccountKey, generateServiceAccountKey } from "./service-account-key";
import {
  deleteWebResource,
  getToken,
  getWebResource,
  insertWebResource,
  listWebResources,
  verificationToken,
} from "./site-verification";
import { GoogleWorkspaceState } from "./state";

export type { DnsTxtVerifier } from "./api-call";
export { scopes } from "./api-call";
export { type FaultRule, Faults } from "./faults";
export { gmailLogin, imapDisabledReply, xoauth2Challenge } from "./gmail-login";
export { redirectUriAllowed } from "./oauth-authorization";
export type { AccessTokenInfo, OAuthClient, OAuthState } from "./oauth-state";
export { DirectoryQuota } from "./rate-limit";
export { GoogleWorkspaceState } from "./state";
export { DEFAULT_USER_CREATION_DELAY_MS } from "./user-creation";

/**
 * A local stand-in for the Google endpoints mailinfra talks to: the OAuth token endpoint, the Admin SDK
 * Directory API (users, domains) and the Site Verification API, on one origin (googleapis' `rootUrl`).
 */
export interface GoogleEmulatorOptions {
  port?: number;
  /** The Workspace customer the default admin belongs to. @default "C01mailinfra" */
  customerId?: string;
  /** The customer's primary domain (verified). @default "admin.mailinfra.test" */
  primaryDomain?: string;
  /** The super admin service accounts impersonate. @default `admin@${primaryDomain}` */
  adminEmail?: string;
  /** Organizational units besides "/". */
  orgUnits?: string[];
  /** Access token lifetime. @default 3599 */
  tokenLifetimeSeconds?: number;
  /** How Site Verification checks a DNS_TXT token; defaults to the emulator's own TXT table. */
  verifyDnsTxt?: DnsTxtVerifier;
  /** Source of randomness for probabilistic faults. */
  random?: () => number;
  /**
   * Directory API queries per minute and service account; over it, 429 rateLimitExceeded. Google's published
   * quota is 2,400. @default undefined (no limit)
   */
  directoryQueriesPerMinute?: number;
  /** Scales the quota's minute: 0.1 makes it 6 s. @default 1 */
  timeScale?: number;
  /** The clock user OAuth codes and tokens expire by (tests move it instead of waiting). @default Date.now */
  now?: () => number;
  /** Lifetime of an authorization code. @default 600 */
  authorizationCodeLifetimeSeconds?: number;
  /**
   * How long a user made with users.insert is "not fully created": mutations answer 412 "User creation is not
   * complete.", users.get 404, sign-in and Gmail logins fail (user-creation.ts). 0 turns it off.
   * @default DEFAULT_USER_CREATION_DELAY_MS (1 s)
   */
  userCreationDelayMs?: number;
}

export interface GoogleEmulator {
  url: string;
  port: number;
  /** `${url}/token`: what a service-account key's `token_uri` should say. */
  tokenUri: string;
  customerId: string;
  adminEmail: string;
  /**
   * Admin actions on `state` that make a mailbox unusable as in the real Admin console: `setLicencesAvailable`,
   * `unlicenseUser`, `assignLicence` (isMailboxSetup and Gmail logins need a licence), `setImapEnabled(ou, false)`
   * (Gmail's IMAP refuses that OU's users), `addConsumerAccount` (a conflicting personal account: insert 409,
   * get 404), `completeUserCreation`.
   */
  state: GoogleWorkspaceState;
  /**
   * Google's user-facing OAuth server (the same object as `state.oauth`): `registerOAuthClient`,
   * `accessTokenInfo`, `revokeRefreshToken`, `revokeUserTokens`, `enrollTwoStep`, `createAppPassword`,
   * `verifyAppPassword`. Its endpoints: `${url}/o/oauth2/v2/auth`, `${url}/token`, `${url}/revoke`.
   */
  oauth: OAuthState;
  /**
   * Gmail's login rules for the mail servers (`startMailWorld({ authenticate: google.gmailLogin })`): plain
   * passwords refused with Gmail's replies, XOAUTH2 with a live https://mail.google.com/ token and app
   * passwords of 2-Step-enrolled users accepted.
   */
  gmailLogin: MailLogin;
  faults: Faults;
  /** The Directory API quota (off unless `directoryQueriesPerMinute` was given). */
  quota: DirectoryQuota;
  /** Makes an RSA key pair and a Google-shaped key JSON whose client is granted domain-wide delegation. */
  issueServiceAccountKey(opts?: {
    delegatedScopes?: string[];
    accountName?: string;
  }): GeneratedServiceAccountKey;
  /** The TXT value Site Verification expects for `domain` when `owner` (default: the admin) asks. */
  expectedVerificationToken(domain: string, owner?: string): string;
  setDnsTxtVerifier(verifier: DnsTxtVerifier): void;
  stop(): Promise<void>;
}

type Handler = (call: ApiCall) => Reply | Promise<Reply>;

interface Route {
  method: string;
  pattern: RegExp;
  endpoint: string;
  /** Any one of these scopes is enough (OR), as in Google's method docs. */
  anyScope: string[];
  /** Directory methods act for a customer: the impersonated subject must be one of its admins. */
  needsAdmin: boolean;
  handler: Handler;
}

const directory = "/admin/directory/v1";
const siteVerification = "/siteVerification/v1";

function routes(secret: string, verifier: () => DnsTxtVerifier): Route[] {
  const userWrite = [scopes.user];
  const userRead = [scopes.user, scopes.userReadonly];
  const domainWrite = [scopes.domain];
  const domainRead = [scopes.domain, scopes.domainReadonly];
  const svFull = [scopes.siteVerification];
  const svVerify = [scopes.siteVerification, scopes.siteVerificationVerifyOnly];
  const r = (
    method: string,
    pattern: RegExp,
    endpoint: string,
    anyScope: string[],
    handler: Handler,
    needsAdmin = true,
  ): Route => ({ method, pattern, endpoint, anyScope, handler, needsAdmin });
  return [
    r(
      "GET",
      new RegExp(`^${directory}/users$`),
      "directory.users.list",
      [...userRead, scopes.cloudPlatform],
      listUsers,
    ),
    r("POST", new RegExp(`^${directory}/users$`), "directory.users.insert", userWrite, insertUser),
    r("GET", new RegExp(`^${directory}/users/(?<userKey>[^/]+)$`), "directory.users.get", userRead, getUser),
    r(
      "PATCH",
      new RegExp(`^${directory}/users/(?<userKey>[^/]+)$`),
      "directory.users.patch",
      userWrite,
      patchUser,
    ),
    r(
      "PUT",
      new RegExp(`^${directory}/users/(?<userKey>[^/]+)$`),
      "directory.users.update",
      userWrite,
      patchUser,
    ),
    r(
      "DELETE",
      new RegExp(`^${directory}/users/(?<userKey>[^/]+)$`),
      "directory.users.delete",
      userWrite,
      deleteUser,
    ),
    r(
      "GET",
      new RegExp(`^${directory}/customer/(?<customer>[^/]+)/domains$`),
      "directory.domains.list",
      domainRead,
      listDomains,
    ),
    r(
      "POST",
      new RegExp(`^${directory}/customer/(?<customer>[^/]+)/domains$`),
      "directory.domains.insert",
      domainWrite,
      insertDomain,
    ),
    r(
      "GET",
      new RegExp(`^${directory}/customer/(?<customer>[^/]+)/domains/(?<domainName>[^/]+)$`),
      "directory.domains.get",
      domainRead,
      getDomain,
    ),
    r(
      "DELETE",
      new RegExp(`^${directory}/customer/(?<customer>[^/]+)/domains/(?<domainName>[^/]+)$`),
      "directory.domains.delete",
      domainWrite,
      deleteDomain,
    ),
    r(
      "POST",
      new RegExp(`^${siteVerification}/token$`),
      "siteVerification.webResource.getToken",
      svVerify,
      (c) => getToken(c, secret),
      false,
    ),
    r(
      "POST",
      new RegExp(`^${siteVerification}/webResource$`),
      "siteVerification.webResource.insert",
      svVerify,
      (c) => insertWebResource(c, secret, verifier()),
      false,
    ),
    r(
      "GET",
      new RegExp(`^${siteVerification}/webResource$`),
      "siteVerification.webResource.list",
      svFull,
      listWebResources,
      false,
    ),
    r(
      "GET",
      new RegExp(`^${siteVerification}/webResource/(?<id>[^/]+)$`),
      "siteVerification.webResource.get",
      svFull,
      getWebResource,
      false,
    ),
    r(
      "DELETE",
      new RegExp(`^${siteVerification}/webResource/(?<id>[^/]+)$`),
      "siteVerification.webResource.delete",
      svFull,
      deleteWebResource,
      false,
    ),
  ];
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function start(options: GoogleEmulatorOptions = {}): Promise<GoogleEmulator> {
  const customerId = options.customerId ?? "C01mailinfra";
  const primaryDomain = options.primaryDomain ?? "admin.mailinfra.test";
  const adminEmail = (options.adminEmail ?? `admin@${primaryDomain}`).toLowerCase();
  const lifetimeSeconds = options.tokenLifetimeSeconds ?? 3599;
  const state = new GoogleWorkspaceState();
  if (options.now) state.oauth.now = options.now;
  if (options.userCreationDelayMs !== undefined) state.userCreationDelayMs = options.userCreationDelayMs;
  if (options.authorizationCodeLifetimeSeconds) {
    state.oauth.codeLifetimeSeconds = options.authorizationCodeLifetimeSeconds;
  }
  const faults = new Faults(options.random);
  const quota = new DirectoryQuota({
    queriesPerMinute: options.directoryQueriesPerMinute,
    timeScale: options.timeScale,
  });
  const secret = randomBytes(16).toString("hex");

  state.addCustomer(customerId, options.orgUnits);
  state.addDomain(customerId, primaryDomain, { verified: true, isPrimary: true });
  state.addUser({
    customerId,
    primaryEmail: adminEmail,
    givenName: "Workspace",
    familyName: "Admin",
    password: randomBytes(18).toString("base64url"),
    isAdmin: true,
  });

  let verifier: DnsTxtVerifier =
    options.verifyDnsTxt ??
    (async (domain, token) => state.txtRecords.get(domain.toLowerCase())?.has(token) ?? false);
  const table = routes(secret, () => verifier);
  let tokenUrl = "";

  async function answer(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://emulator");
    const method = (req.method ?? "GET").toUpperCase();
    const path = url.pathname;
    const isTokenCall = method === "POST" && (path === "/token" || path === "/oauth2/v4/token");
    let route: Route | undefined;
    let params: Record<string, string> = {};
    for (const candidate of table) {
      const match = candidate.method === method ? candidate.pattern.exec(path) : null;
      if (match) {
        route = candidate;
        params = Object.fromEntries(
          Object.entries(match.groups ?? {}).map(([k, v]) => [k, decodeURIComponent(v)]),
        );
        break;
      }
    }
    const endpoint = isTokenCall
      ? "oauth.token"
      : path === authorizationPath
        ? "oauth.authorize"
        : path === "/revoke"
          ? "oauth.revoke"
          : path === gmailProfilePath
            ? "gmail.users.getProfile"
            : (route?.endpoint ?? "unknown");
    const record = (status: number, fault?: "latency" | "rateLimit" | "serverError" | "drop") =>
      state.calls.push({ endpoint, method, path, status, at: Date.now(), ...(fault ? { fault } : {}) });

    const raw = await readBody(req);
    const decision = faults.decide({ endpoint, method, path });
    if (decision.latencyMs > 0) await sleep(decision.latencyMs);
    const failure = decision.failure;
    if (failure?.kind === "drop" && failure.phase === "before") {
      record(0, "drop");
      req.socket.destroy();
      return;
    }
    if (failure?.kind === "rateLimit") {
      const reply =
        failure.status === 403
          ? googleErrors.userRateLimited(failure.retryAfterSeconds)
          : googleErrors.rateLimited(failure.retryAfterSeconds);
      record(reply.status, "rateLimit");
      sendReply(res, reply);
      return;
    }
    if (failure?.kind === "serverError") {
      const reply = googleErrors.serverError(failure.status);
      record(reply.status, "serverError");
      sendReply(res, reply);
      return;
    }

    const reply = await handle(req, url, raw, route, params, isTokenCall);
    if (failure?.kind === "drop") {
      // The work is done but the client never hears about it: the case that makes retried inserts collide.
      record(0, "drop");
      req.socket.destroy();
      return;
    }
    const fault = reply.status === 429 ? "rateLimit" : decision.latencyMs > 0 ? "latency" : undefined;
    record(reply.status, fault);
    sendReply(res, reply);
  }

  async function handle(
    req: IncomingMessage,
    url: URL,
    raw: Buffer,
    route: Route | undefined,
    params: Record<string, string>,
    isTokenCall: boolean,
  ): Promise<Reply> {
    const parsed = parseBody(raw, req.headers["content-type"]);
    if (!parsed.ok) return googleErrors.badRequest("Invalid JSON payload received.");
    if (url.pathname === authorizationPath && req.method === "GET")
      return showAuthorization(state, url.searchParams);
    if (url.pathname === authorizationPath && req.method === "POST")
      return answerAuthorization(state, parsed.value);
    if (url.pathname === "/revoke" && req.method === "POST")
      return revokeToken(state, parsed.value, url.searchParams);
    if (url.pathname === gmailProfilePath && req.method === "GET")
      return gmailProfile(state, req.headers.authorization);
    if (isTokenCall) {
      const grantType = (parsed.value as { grant_type?: unknown } | undefined)?.grant_type;
      if ((userGrantTypes as readonly unknown[]).includes(grantType)) {
        return exchangeUserGrant(state, parsed.value, req.headers.authorization, { lifetimeSeconds });
      }
      return issueToken(state, parsed.value, { ownTokenUrl: tokenUrl, lifetimeSeconds });
    }
    if (!route) return googleErrors.notFound(`Not Found: ${req.method} ${url.pathname}`);
    const bearer = /^Bearer (.+)$/i.exec(req.headers.authorization ?? "")?.[1];
    const caller = bearer ? state.tokens.get(bearer) : undefined;
    if (!caller || caller.expiresAt <= Date.now()) return googleErrors.unauthenticated();
    if (!route.anyScope.some((scope) => caller.scopes.has(scope)))
      return googleErrors.insufficientScopes(route.anyScope);
    const subject = state.findUser(caller.subject);
    const callerCustomerId = subject?.isAdmin && !subject.suspended ? subject.customerId : undefined;
    if (route.needsAdmin && !callerCustomerId) return googleErrors.forbidden();
    if (route.endpoint.startsWith("directory.") && !quota.take(caller.clientEmail)) {
      // Google sends no Retry-After with this one; clients back off on their own.
      const { headers: _none, ...reply } = googleErrors.rateLimited(0);
      return reply;
    }
    return route.handler({
      state,
      caller,
      callerCustomerId,
      params,
      query: url.searchParams,
      body: parsed.value,
    });
  }

  const server = createServer((req, res) => {
    state.inFlight += 1;
    state.peakInFlight = Math.max(state.peakInFlight, state.inFlight);
    let counted = true;
    const done = () => {
      if (counted) state.inFlight -= 1;
      counted = false;
    };
    res.on("close", done);
    answer(req, res).catch((error: unknown) => {
      // An emulator bug must show up as a 500 in the test, not hang it; the body never echoes the request.
      console.error("google emulator:", error instanceof Error ? error.message : error);
      if (!res.headersSent) sendReply(res, googleErrors.serverError(500));
    });
  });
  const sockets = new Set<import("node:net").Socket>();
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}`;
  tokenUrl = `${url}/token`;

  return {
    url,
    port,
    tokenUri: tokenUrl,
    customerId,
    adminEmail,
    state,
    oauth: state.oauth,
    gmailLogin: gmailLogin(state),
    faults,
    quota,
    issueServiceAccountKey(opts = {}) {
      const key = generateServiceAccountKey({ tokenUri: tokenUrl, accountName: opts.accountName });
      state.addServiceAccount({
        clientEmail: key.clientEmail,
        clientId: key.clientId,
        publicKeyPem: key.publicKeyPem,
        delegatedScopes: new Set(
          opts.delegatedScopes ?? [scopes.user, scopes.domain, scopes.siteVerificationVerifyOnly],
        ),
      });
      return key;
    },
    expectedVerificationToken: (domain, owner = adminEmail) => verificationToken(secret, owner, domain),
    setDnsTxtVerifier(next) {
      verifier = next;
    },
    stop: () =>
      new Promise<void>((resolve, reject) => {
        for (const socket of sockets) socket.destroy();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
