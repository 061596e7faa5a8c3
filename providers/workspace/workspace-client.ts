import { admin, type admin_directory_v1 } from "googleapis/build/src/apis/admin";
import { siteVerification, type siteVerification_v1 } from "googleapis/build/src/apis/siteVerification";
import { CREDENTIAL_SOURCES, credential } from "../credentials";
import { clientSettings } from "./client-settings";
import { forgetAccessToken, workspaceAuthClient, workspaceScopes } from "./google-auth";
import { describeGoogleFailure, type WorkspaceApiError } from "./google-errors";
import { googleRetryConfig } from "./google-retry";
import { parseServiceAccountKey } from "./service-account-key";
import type { WorkspaceConnection } from "./workspace-connection";

/**
 * The Google APIs a Workspace resource needs, bound to one connection: Directory API v1 and Site
 * Verification v1 from googleapis (loaded per API, not the whole `googleapis` index, to keep the
 * dynamic-provider process quick to start), sharing the process-wide auth client of google-auth.ts.
 */
export interface WorkspaceClient {
  directory: admin_directory_v1.Admin;
  siteVerification: siteVerification_v1.Siteverification;
  customerId: string;
  adminEmail: string;
  /** Where calls go: the rootUrl, or "Google" for the real endpoints. */
  endpoint: string;
  /** Runs one API request; on a 401 it drops the access token and tries once more with a new one. */
  call<T>(request: () => Promise<T>): Promise<T>;
  /** Wraps whatever a call threw in a message that says what to do. */
  describe(error: unknown, action: string): WorkspaceApiError;
}

/** The client for `connection`, signed with the stack's service-account key (../credentials.ts). */
export function workspaceClient(connection: WorkspaceConnection): WorkspaceClient {
  const key = parseServiceAccountKey(
    credential("serviceAccountKey", connection),
    CREDENTIAL_SOURCES.serviceAccountKey.path,
  );
  const auth = workspaceAuthClient(key, connection.adminEmail);
  const settings = clientSettings();
  const common = {
    auth,
    ...(connection.rootUrl ? { rootUrl: connection.rootUrl } : {}),
    retryConfig: googleRetryConfig(settings.retry, settings.onRetry),
    timeout: settings.timeoutMs,
  };
  const endpoint = connection.rootUrl ?? "Google";
  const caller = {
    clientEmail: key.client_email,
    clientId: key.client_id,
    adminEmail: connection.adminEmail,
    customerId: connection.customerId,
    scopes: workspaceScopes,
    endpoint,
  };
  return {
    directory: admin({ version: "directory_v1", ...common }),
    siteVerification: siteVerification({ version: "v1", ...common }),
    customerId: connection.customerId,
    adminEmail: connection.adminEmail,
    endpoint,
    call: async (request) => {
      try {
        return await request();
      } catch (error) {
        if ((error as { response?: { status?: number } })?.response?.status !== 401) throw error;
        forgetAccessToken(auth);
        return request();
      }
    },
    describe: (error, action) => describeGoogleFailure(error, action, caller),
  };
}
