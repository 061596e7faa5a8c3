import type { Reply } from "../http/reply";

/**
 * The answers Smartlead gives, as its references document them. Each is a status + JSON body; the server turns
 * it into an HTTP response. Sources:
 *  - 401 body: https://api.smartlead.ai/authentication ("Authentication Errors").
 *  - 403: https://api.smartlead.ai/guides/error-handling lists 403 "You don't have access"; the body shape is
 *    assumed to match the 401 one.
 *  - 429 body + Retry-After: https://api.smartlead.ai/guides/rate-limits ("Detecting Rate Limits").
 *  - validation errors: 400 with the `{error: {code, message, details}}` format of guides/error-handling (a
 *    user reports daily_rampup < 5 "400s").
 *  - save errors (ACCOUNT_ALREADY_EXIST, ACCOUNT_NOT_FOUND, ACCOUNT_VERIFICATION_FAILED) and campaign errors
 *    (`{"error": "Campaign not found - Invalid campaign_id."}`): the help-center "API Documentation" page.
 *  - unknown routes: Express's default `Cannot GET /path` text, as users report from the live API.
 */

export const replies = {
  ok: (body: unknown): Reply => ({ status: 200, body }),
  unauthorized: (): Reply => ({
    status: 401,
    body: { success: false, error: { code: "UNAUTHORIZED", message: "Invalid or missing API key" } },
  }),
  forbidden: (): Reply => ({
    status: 403,
    body: {
      success: false,
      error: { code: "FORBIDDEN", message: "API access is not enabled for this account" },
    },
  }),
  rateLimited: (retryAfterSeconds: number): Reply => {
    const shown = Number.isInteger(retryAfterSeconds)
      ? retryAfterSeconds
      : Number(retryAfterSeconds.toFixed(3));
    return {
      status: 429,
      headers: { "retry-after": String(shown) },
      body: {
        error: {
          code: "RATE_LIMIT_EXCEEDED",
          message: `Too many requests. Please retry after ${shown} seconds.`,
          retry_after: shown,
        },
      },
    };
  },
  invalid: (field: string, message: string, constraint = "invalid"): Reply => ({
    status: 400,
    body: { error: { code: "VALIDATION_ERROR", message, details: { field, constraint } } },
  }),
  serverError: (status: 500 | 502 | 503): Reply => ({
    status,
    body: { error: { code: "INTERNAL_SERVER_ERROR", message: "Server error occurred. Please try again." } },
  }),
  routeNotFound: (method: string, path: string): Reply => ({ status: 404, html: `Cannot ${method} ${path}` }),
  accountNotFound: (id: number): Reply => ({
    status: 404,
    body: {
      ok: false,
      message: "Email account not found!",
      errorCode: "ACCOUNT_NOT_FOUND",
      emailAccountId: id,
    },
  }),
  campaignNotFound: (): Reply => ({
    status: 404,
    body: { error: "Campaign not found - Invalid campaign_id." },
  }),
  /**
   * The campaign email-account endpoints' documented errors
   * (https://api.smartlead.ai/api-reference/campaigns/add-email-accounts, …/remove-email-accounts,
   * …/get-email-accounts): 404 "campaign, email account, etc. does not exist or you don't have access to it",
   * 422 "Request validation failed". Neither body names the account.
   */
  resourceNotFound: (): Reply => ({ status: 404, body: { error: "Resource not found" } }),
  validationFailed: (): Reply => ({ status: 422, body: { error: "Invalid parameters provided" } }),
};
