/**
 * Google's JSON error envelope, as the Admin SDK and Site Verification APIs send it.
 *
 * Sources for the shapes below (checked with the search tool):
 * - Envelope `{error: {code, message, errors: [{message, domain, reason}], status}}`: the Directory API
 *   "Troubleshoot error codes" page (developers.google.com/workspace/admin/directory/v1/guides/troubleshoot-error-codes)
 *   shows the 503 `backendError` body verbatim; `status` (google.rpc code name) appears in real responses
 *   quoted in googleapis issue threads (e.g. `"status":"PERMISSION_DENIED"` for insufficient scopes).
 * - 409 "Entity already exists." / reason `duplicate`: googleapis/google-api-python-client#949 and
 *   google-api-go-client#556 (`Error 409: Entity already exists., duplicate`).
 * - 403 "Not Authorized to access this resource/api" / `forbidden`: google-api-nodejs-client#1884,
 *   PSGSuite#191 (user in a domain the customer does not own).
 * - 403 "Request had insufficient authentication scopes." / `insufficientPermissions`: issue threads
 *   quoting the body (googleworkspace/cli#519, ymi.js#1).
 * - 404 "Domain not found." / `notFound`: idp-scim-sync#67; "Resource Not Found: userKey": the reseller
 *   "Directory API common errors" page and GAM output.
 * - Quota: Directory API "Limits and quotas" page: 403 `userRateLimitExceeded`, 403 `quotaExceeded`,
 *   429 `rateLimitExceeded` (retry with exponential backoff).
 * Where Google's reference is silent (unverified-domain user insert, deleting a domain in use) the
 * message is an emulator assumption and says so where it is produced.
 */

export interface GoogleErrorItem {
  message: string;
  domain: string;
  reason: string;
  location?: string;
  locationType?: string;
}

export interface GoogleErrorBody {
  error: { code: number; message: string; errors: GoogleErrorItem[]; status: string };
}

export interface GoogleErrorReply {
  status: number;
  body: GoogleErrorBody;
  headers?: Record<string, string>;
}

const rpcStatus: Record<number, string> = {
  400: "INVALID_ARGUMENT",
  401: "UNAUTHENTICATED",
  403: "PERMISSION_DENIED",
  404: "NOT_FOUND",
  409: "ALREADY_EXISTS",
  412: "FAILED_PRECONDITION",
  429: "RESOURCE_EXHAUSTED",
  500: "INTERNAL",
  502: "UNAVAILABLE",
  503: "UNAVAILABLE",
};

export function googleError(
  code: number,
  message: string,
  reason: string,
  item: Partial<GoogleErrorItem> = {},
): GoogleErrorReply {
  return {
    status: code,
    body: {
      error: {
        code,
        message,
        errors: [{ message: item.message ?? message, domain: item.domain ?? "global", reason, ...item }],
        status: rpcStatus[code] ?? "UNKNOWN",
      },
    },
  };
}

export const googleErrors = {
  duplicate: () => googleError(409, "Entity already exists.", "duplicate"),
  userNotFound: () => googleError(404, "Resource Not Found: userKey", "notFound"),
  domainNotFound: () => googleError(404, "Domain not found.", "notFound"),
  notFound: (message = "Not Found") => googleError(404, message, "notFound"),
  forbidden: () => googleError(403, "Not Authorized to access this resource/api", "forbidden"),
  insufficientScopes: (scopes: string[]) => ({
    ...googleError(403, "Request had insufficient authentication scopes.", "insufficientPermissions", {
      message: "Insufficient Permission",
    }),
    headers: {
      "www-authenticate": `Bearer realm="https://accounts.google.com/", error="insufficient_scope", scope="${scopes.join(" ")}"`,
    },
  }),
  unauthenticated: () => ({
    ...googleError(
      401,
      "Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential.",
      "authError",
      { message: "Invalid Credentials", location: "Authorization", locationType: "header" },
    ),
    headers: { "www-authenticate": 'Bearer realm="https://accounts.google.com/"' },
  }),
  invalid: (message: string) => googleError(400, message, "invalid"),
  required: (message: string) => googleError(400, message, "required"),
  badRequest: (message = "Bad Request") => googleError(400, message, "badRequest"),
  rateLimited: (retryAfterSeconds: number) => ({
    ...googleError(
      429,
      "Quota exceeded for quota metric 'Queries' and limit 'Queries per minute per user' of service 'admin.googleapis.com'.",
      "rateLimitExceeded",
    ),
    headers: { "retry-after": String(retryAfterSeconds) },
  }),
  userRateLimited: (retryAfterSeconds: number) => ({
    ...googleError(403, "User Rate Limit Exceeded", "userRateLimitExceeded"),
    headers: { "retry-after": String(retryAfterSeconds) },
  }),
  serverError: (status: 500 | 502 | 503) =>
    status === 503
      ? googleError(503, "Service unavailable. Please try again", "backendError")
      : googleError(status, "Internal error encountered.", "backendError"),
};
