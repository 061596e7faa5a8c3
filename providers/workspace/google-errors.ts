import type { Common } from "googleapis";
import { errorReasons, retriesMade } from "./google-retry";

/**
 * Turns what googleapis throws into an error a person can act on: what failed, why, and what to do.
 * Only status, reason and Google's message are used — never the request (it may carry a password).
 */

export type WorkspaceFailureKind =
  | "userExists"
  | "notFound"
  | "domainNotFound"
  | "domainNotVerified"
  | "verificationTokenNotFound"
  | "insufficientPermissions"
  | "delegationNotAuthorized"
  | "adminNotFound"
  | "keyRejected"
  | "quotaExceeded"
  | "invalidUsername"
  | "invalidOrgUnit"
  | "invalidInput"
  | "serverError"
  | "network"
  | "unknown";

export class WorkspaceApiError extends Error {
  constructor(
    message: string,
    readonly kind: WorkspaceFailureKind,
    readonly status: number | undefined,
    readonly reason: string | undefined,
    /** Retries googleapis made before giving up (0: the first answer was final). */
    readonly retries: number,
  ) {
    super(message);
    this.name = "WorkspaceApiError";
  }
}

/** Who was calling, so messages can name the client id, admin and scopes to fix. */
export interface CallerContext {
  clientEmail: string;
  clientId?: string;
  adminEmail: string;
  customerId: string;
  scopes: readonly string[];
  endpoint: string;
}

interface OAuthErrorBody {
  error?: string | { message?: string };
  error_description?: string;
}

function googleMessage(error: Common.GaxiosError): string | undefined {
  const data = error.response?.data as OAuthErrorBody | undefined;
  if (data && typeof data.error === "object") return data.error.message;
  if (data && typeof data.error === "string")
    return [data.error, data.error_description].filter(Boolean).join(": ");
  return undefined;
}

function isGaxiosError(error: unknown): error is Common.GaxiosError {
  return typeof error === "object" && error !== null && "config" in error && error instanceof Error;
}

function isTokenRequest(error: Common.GaxiosError): boolean {
  const url = String(error.config?.url ?? "");
  return /\/token(\?|$)/.test(url) && !url.includes("/siteVerification/");
}

export function describeGoogleFailure(
  error: unknown,
  action: string,
  caller: CallerContext,
): WorkspaceApiError {
  if (error instanceof WorkspaceApiError) return error;
  if (!isGaxiosError(error)) {
    const text = error instanceof Error ? error.message : String(error);
    return new WorkspaceApiError(`Could not ${action}: ${text}`, "unknown", undefined, undefined, 0);
  }
  const status = error.response?.status;
  const reasons = errorReasons(error);
  const reason = reasons[0];
  const retries = retriesMade(error);
  const said = googleMessage(error) ?? error.message;
  const fail = (kind: WorkspaceFailureKind, explanation: string) =>
    new WorkspaceApiError(`Could not ${action}: ${explanation}`, kind, status, reason, retries);
  const afterRetries = retries > 0 ? ` after ${retries} retr${retries === 1 ? "y" : "ies"}` : "";
  const dwd = `Admin console → Security → Access and data control → API controls → Domain-wide delegation`;

  if (status === undefined) {
    const code = (error as { code?: string }).code ?? error.message;
    return fail(
      "network",
      `Google did not answer (${code})${afterRetries} at ${caller.endpoint}. Check network access to Google (proxy, firewall, DNS) and run \`pulumi up\` again; mailinfra's creates are safe to repeat.`,
    );
  }

  if (isTokenRequest(error)) {
    const data = error.response?.data as OAuthErrorBody | undefined;
    const oauthError = typeof data?.error === "string" ? data.error : undefined;
    if (oauthError === "unauthorized_client" || oauthError === "access_denied") {
      return fail(
        "delegationNotAuthorized",
        `Google refused to let service account ${caller.clientEmail} act as ${caller.adminEmail} (${said}). Domain-wide delegation is not set up for these scopes: in the ${dwd}, add client ID ${caller.clientId ?? "(the key's client_id)"} with exactly these scopes: ${caller.scopes.join(",")}. Changes can take a few minutes to apply.`,
      );
    }
    if (oauthError === "invalid_grant" && /user id|email/i.test(data?.error_description ?? "")) {
      return fail(
        "adminNotFound",
        `${caller.adminEmail} is not an active user of the Workspace account (${said}). Set the admin e-mail to a super admin of customer ${caller.customerId}.`,
      );
    }
    if (oauthError === "invalid_grant") {
      return fail(
        "keyRejected",
        `Google rejected the service-account key of ${caller.clientEmail} (${said}). The key may have been deleted or rotated, or this machine's clock is off: create a new JSON key and store it as the secret again.`,
      );
    }
    return fail("unknown", `the token endpoint answered ${status} (${said}).`);
  }

  if (status === 401) {
    return fail(
      "keyRejected",
      `Google rejected the access token of ${caller.clientEmail} (${said}). Check that the service-account key is current and the Admin SDK API is enabled in its Cloud project.`,
    );
  }
  if (
    reasons.some((r) =>
      ["userRateLimitExceeded", "quotaExceeded", "rateLimitExceeded", "dailyLimitExceeded"].includes(r),
    ) ||
    status === 429
  ) {
    return fail(
      "quotaExceeded",
      `Google's API quota is exhausted (${reason ?? status}: ${said})${afterRetries}. Wait a minute and run \`pulumi up\` again, lower the number of parallel Google requests, or raise the Admin SDK API quota in the Cloud console (APIs & Services → Admin SDK API → Quotas).`,
    );
  }
  if (status === 403 && reason === "insufficientPermissions") {
    return fail(
      "insufficientPermissions",
      `the access token lacks a scope this call needs (${said}). In the ${dwd}, grant client ID ${caller.clientId ?? "(the key's client_id)"} these scopes: ${caller.scopes.join(",")}.`,
    );
  }
  if (status === 403) {
    return fail(
      "insufficientPermissions",
      `${caller.adminEmail} may not do this (${said}). The admin e-mail must be a super admin of Workspace customer ${caller.customerId}, and the domain must belong to that customer (Admin console → Account → Domains).`,
    );
  }
  if (status === 409) return fail("userExists", `it already exists in Google Workspace (${said}).`);
  if (status === 404 && /domain/i.test(said)) {
    return fail(
      "domainNotFound",
      `the domain is not part of Workspace customer ${caller.customerId} (${said}). Add it first (WorkspaceDomain) or check the customer id.`,
    );
  }
  if (status === 404) return fail("notFound", `Google has no such object (${said}).`);
  if (status === 400 && /verification token could not be found/i.test(said)) {
    return fail(
      "verificationTokenNotFound",
      `Google could not find the google-site-verification TXT record (${said}). Check that the TXT record is published at the domain apex and visible from public resolvers, then run \`pulumi up\` again.`,
    );
  }
  if (status === 400 && /not verified/i.test(said)) {
    return fail(
      "domainNotVerified",
      `the domain is not verified in Google Workspace yet (${said}). Mailboxes can be created once WorkspaceDomainVerification has succeeded: publish the verification TXT record, wait for the readiness gate, and run \`pulumi up\` again.`,
    );
  }
  if (status === 400 && /primary_user_email/i.test(said)) {
    return fail(
      "invalidUsername",
      `Google refused the address (${said}). A username may contain letters, numbers, dashes (-), underscores (_), apostrophes (') and periods (.), must not start or end with a period, and needs a domain of this Workspace account.`,
    );
  }
  if (status === 400 && /INVALID_OU_ID/i.test(said)) {
    return fail(
      "invalidOrgUnit",
      `the organizational unit does not exist (${said}). Create it in Admin console → Directory → Organizational units, or use an existing path such as "/".`,
    );
  }
  if (status === 400) return fail("invalidInput", `Google refused the request (${said}).`);
  if (status >= 500) {
    return fail(
      "serverError",
      `Google kept failing (${status} ${reason ?? ""}: ${said})${afterRetries}. This is on Google's side; run \`pulumi up\` again later.`,
    );
  }
  return fail("unknown", `Google answered ${status} (${said}).`);
}
