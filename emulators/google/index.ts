import { randomBytes } from "node:crypto";
import type { IncomingMessage } from "node:http";
import { type EmulatedService, type Outcome, serveEmulator } from "../http/emulator-server";
import { Faults, type MalformedFault } from "../http/faults";
import type { Reply } from "../http/reply";
import { type ParsedBody, parseBody } from "../http/request-body";
import type { RouteMatch } from "../http/route-table";
import type { MailLogin } from "../mail/mail-login";
import { type DnsTxtVerifier, scopes } from "./api-call";
import { gmailLogin } from "./gmail-login";
import { googleErrors } from "./google-error";
import { clientIdOf } from "./oauth-grants";
import type { OAuthState } from "./oauth-state";
import { DirectoryQuota, directoryQuotaUser } from "./rate-limit";
import { type GoogleRoute, googleRoutes } from "./routes";
import { type GeneratedServiceAccountKey, generateServiceAccountKey } from "./service-account-key";
import { verificationToken } from "./site-verification";
import { GoogleWorkspaceState } from "./state";

export { type FaultEffect, type FaultRule, Faults } from "../http/faults";
export type { DnsTxtVerifier } from "./api-call";
export { scopes } from "./api-call";
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
   * Directory API queries per minute per user (the admin a service account acts as) and service account; over it,
   * 429 rateLimitExceeded. Google's published quota is 2,400. @default undefined (no limit)
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
   * `issueRefreshToken` (a completed consent), `accessTokenInfo`, `revokeRefreshToken`, `revokeUserTokens`, `enrollTwoStep`, `createAppPassword`,
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
  /**
   * Makes an RSA key pair and a Google-shaped key JSON whose client is granted domain-wide delegation, for
   * README's scopes unless `delegatedScopes` says otherwise.
   */
  issueServiceAccountKey(opts?: {
    delegatedScopes?: string[];
    accountName?: string;
  }): GeneratedServiceAccountKey;
  /** The TXT value Site Verification expects for `domain` when `owner` (default: the admin) asks. */
  expectedVerificationToken(domain: string, owner?: string): string;
  setDnsTxtVerifier(verifier: DnsTxtVerifier): void;
  stop(): Promise<void>;
}

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
  const faults = new Faults({ random: options.random, serverErrorStatus: 503 });
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
  let tokenUrl = "";
  const table = googleRoutes({
    secret,
    verifier: () => verifier,
    tokenUrl: () => tokenUrl,
    lifetimeSeconds,
  });

  /** Google's checks in Google's order: the body, the route, then (for APIs) token, scope, admin, quota. */
  async function answer(
    req: IncomingMessage,
    url: URL,
    parsed: ParsedBody,
    matched: RouteMatch<GoogleRoute> | undefined,
    malformed: MalformedFault | undefined,
  ): Promise<Outcome> {
    const settled = (reply: Reply): Outcome => ({
      reply,
      ...(reply.status === 429 ? { fault: "rateLimit" as const } : {}),
    });
    const instead: Outcome | undefined = malformed
      ? { reply: { status: 200, body: malformed.body }, fault: "malformed", beforeWork: true }
      : undefined;
    if (!parsed.ok) return settled(googleErrors.badRequest("Invalid JSON payload received."));
    if (!matched) return settled(googleErrors.notFound(`Not Found: ${req.method} ${url.pathname}`));
    const route = matched.value;
    if ("serve" in route) {
      if (instead) return instead;
      return settled(
        await route.serve({
          state,
          query: url.searchParams,
          body: parsed.value,
          authorization: req.headers.authorization,
        }),
      );
    }
    const bearer = /^Bearer (.+)$/i.exec(req.headers.authorization ?? "")?.[1];
    const caller = bearer ? state.tokens.get(bearer) : undefined;
    if (!caller || caller.expiresAt <= Date.now()) return settled(googleErrors.unauthenticated());
    if (!route.anyScope.some((scope) => caller.scopes.has(scope)))
      return settled(googleErrors.insufficientScopes(route.anyScope));
    const subject = state.findUser(caller.subject);
    const callerCustomerId = subject?.isAdmin && !subject.suspended ? subject.customerId : undefined;
    if (route.needsAdmin && !callerCustomerId) return settled(googleErrors.forbidden());
    if (route.endpoint.startsWith("directory.") && !quota.take(directoryQuotaUser(caller))) {
      // Google sends no Retry-After with this one; clients back off on their own.
      const { headers: _none, ...reply } = googleErrors.rateLimited(0);
      return settled(reply);
    }
    if (instead) return instead;
    return settled(
      await route.handler({
        state,
        caller,
        callerCustomerId,
        params: matched.params,
        query: url.searchParams,
        body: parsed.value,
      }),
    );
  }

  const service: EmulatedService = {
    name: "google emulator",
    jsonContentType: "application/json; charset=UTF-8",
    faults,
    concurrency: state,
    internalError: googleErrors.serverError(500),
    faultReply: (failure) =>
      failure.kind === "serverError"
        ? googleErrors.serverError(failure.status)
        : failure.status === 403
          ? googleErrors.userRateLimited(failure.retryAfterSeconds)
          : googleErrors.rateLimited(failure.retryAfterSeconds),
    open: ({ req, url, method, path, raw }) => {
      const matched = table.match(method, path);
      const endpoint = matched?.value.endpoint ?? "unknown";
      const parsed = parseBody(raw, req.headers["content-type"]);
      const clientId =
        endpoint === "oauth.token" && parsed.ok
          ? clientIdOf(parsed.value, req.headers.authorization)
          : undefined;
      return {
        endpoint,
        record: (status, fault) =>
          state.calls.push({
            endpoint,
            method,
            path,
            status,
            at: Date.now(),
            ...(fault ? { fault } : {}),
            ...(clientId ? { clientId } : {}),
          }),
        answer: (malformed) => answer(req, url, parsed, matched, malformed),
      };
    },
  };
  const server = await serveEmulator(service, options.port);
  const { url, port } = server;
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
          // README's domain-wide delegation list: the three `up` needs and Gmail read-only for the DMARC reports.
          opts.delegatedScopes ?? [
            scopes.user,
            scopes.domain,
            scopes.siteVerificationVerifyOnly,
            scopes.gmailReadonly,
          ],
        ),
      });
      return key;
    },
    expectedVerificationToken: (domain, owner = adminEmail) => verificationToken(secret, owner, domain),
    setDnsTxtVerifier(next) {
      verifier = next;
    },
    stop: server.stop,
  };
}
