import { createHash } from "node:crypto";
import type { Common } from "googleapis";
import { auth } from "googleapis/build/src/apis/admin";
import pLimit from "p-limit";
import { clientSettings } from "./client-settings";
import { directorySlot } from "./directory-budget";
import { googleRetryConfig } from "./google-retry";
import { GOOGLE_OAUTH_ENDPOINTS } from "./oauth-endpoints";
import type { ServiceAccountKey } from "./service-account-key";

/** Where google-auth-library mints service-account tokens: Google's token endpoint, the `token_uri` of every real key. */
const googleTokenUri = GOOGLE_OAUTH_ENDPOINTS.token;

/**
 * Service-account credentials with domain-wide delegation, shared by every Google call in the process.
 *
 * - One JWT client (so one access token, refreshed by google-auth-library before it expires) per
 *   key + impersonated admin + token endpoint: the Pulumi dynamic-provider process serves all
 *   WorkspaceUser/WorkspaceDomain resources of a deployment, and they all reuse it.
 * - The narrowest scopes that cover what mailinfra does (scopes taken from googleapis' generated docs
 *   per method): users insert/get/list/patch/delete need `admin.directory.user`; domains
 *   insert/get/delete need `admin.directory.domain`; Site Verification getToken and webResource.insert
 *   accept `siteverification.verify_only`. These three are what an admin grants under Domain-wide
 *   delegation; requesting any other scope makes the token endpoint refuse (unauthorized_client).
 * - The token endpoint: google-auth-library 11 signs `aud=https://oauth2.googleapis.com/token` and posts
 *   there, ignoring the key's `token_uri` (gtoken/getToken.js hard-codes the URL; JWT.fromJSON does not
 *   read token_uri). What it does let us set is the Gaxios transporter (`transporterOptions`) and its
 *   request interceptors, which every token and API request passes through. An interceptor sends token
 *   requests to the key's `token_uri` when the key names another endpoint (the emulator); real keys name
 *   Google's, so nothing changes for them.
 * - Concurrency: every HTTP attempt (token or API) goes through one process-wide p-limit queue via the
 *   Gaxios `adapter` hook. Waiting for a retry does not hold a slot. Before that, a Directory query waits for
 *   its slot in the per-user quota that every process on the machine using the same key and admin shares
 *   (directory-budget.ts).
 */

export const workspaceScopes = [
  "https://www.googleapis.com/auth/admin.directory.user",
  "https://www.googleapis.com/auth/admin.directory.domain",
  "https://www.googleapis.com/auth/siteverification.verify_only",
] as const;

export type WorkspaceAuthClient = InstanceType<typeof auth.JWT>;

let limiter = { size: 0, limit: pLimit(1) };

/** The queue every HTTP request to Google from this process goes through, sized by `concurrency` (client-settings.ts);
 *  when that changes, requests already queued keep the old queue. */
function requestLimit<T>(request: () => Promise<T>): Promise<T> {
  const size = clientSettings().concurrency;
  if (limiter.size !== size) limiter = { size, limit: pLimit(size) };
  return limiter.limit(request);
}

/** Keeps request bodies (passwords, JWT assertions) and bearer tokens out of error objects. */
function redactRequest(config: (Common.GaxiosOptions & { body?: unknown }) | undefined): void {
  if (!config) return;
  if (config.data !== undefined) config.data = "<redacted>";
  if (config.body !== undefined) config.body = "<redacted>";
  if (config.headers instanceof Headers) config.headers.delete("authorization");
}

const clients = new Map<string, WorkspaceAuthClient>();

function cacheKey(key: ServiceAccountKey, subject: string, scopes: readonly string[]): string {
  return createHash("sha256")
    .update(
      [
        key.client_email,
        key.private_key_id ?? "",
        key.private_key,
        subject,
        key.token_uri ?? "",
        [...scopes].sort().join(" "),
      ].join("\n"),
    )
    .digest("hex");
}

/**
 * The process-wide auth client for this key acting as `subject`: a Workspace super admin with `workspaceScopes`,
 * or another user with the scopes given (the DMARC reports mailbox with Gmail's read-only scope,
 * health/dmarc-reports/gmail-reports.ts). Every scope must be granted to the client under Domain-wide delegation.
 */
export function workspaceAuthClient(
  key: ServiceAccountKey,
  subject: string,
  scopes: readonly string[] = workspaceScopes,
): WorkspaceAuthClient {
  const id = cacheKey(key, subject.toLowerCase(), scopes);
  const cached = clients.get(id);
  if (cached) return cached;
  const client = new auth.JWT({
    email: key.client_email,
    key: key.private_key,
    keyId: key.private_key_id,
    scopes: [...scopes],
    subject: subject.toLowerCase(),
    transporterOptions: {
      adapter: async (options, defaultAdapter) => {
        // Directory queries wait for their slot in the quota every process using this key and admin shares.
        const caller = { clientEmail: key.client_email, subject, tokenUri: key.token_uri ?? googleTokenUri };
        await directorySlot(options, caller, clientSettings().report);
        return requestLimit(() => defaultAdapter(options));
      },
      // Gaxios arms the timeout before interceptors run, so the first attempt needs it here.
      timeout: clientSettings().timeoutMs,
      errorRedactor: (data) => {
        redactRequest(data.config);
        redactRequest(data.response?.config);
        return data;
      },
    },
  });
  const tokenUri = key.token_uri ?? googleTokenUri;
  client.transporter.interceptors.request.add({
    resolved: async (options) => {
      if (options.url.toString() !== googleTokenUri) return options;
      // Token requests get the same retry policy and timeout as API calls (gtoken only asks for POST
      // to be retryable), and go to the key's token_uri.
      const settings = clientSettings();
      options.retryConfig = googleRetryConfig(settings.retry, settings.onRetry);
      options.timeout = settings.timeoutMs;
      if (tokenUri !== googleTokenUri) options.url = new URL(tokenUri);
      return options;
    },
  });
  clients.set(id, client);
  return client;
}

/**
 * Drops the client's access token so the next call mints a new one. google-auth-library keeps a token
 * until its local expiry even when Google answers 401 (its forceRefreshOnFailure re-asks gtoken, which
 * hands back the same cached token), so a token revoked early must be forgotten here.
 */
export function forgetAccessToken(client: WorkspaceAuthClient): void {
  client.gtoken = undefined;
  client.credentials = { refresh_token: "jwt-placeholder", expiry_date: 1 };
}
