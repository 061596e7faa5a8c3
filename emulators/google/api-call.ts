import type { AccessToken, GoogleWorkspaceState } from "./state";

/** One authenticated API call as a route handler sees it. */
export interface ApiCall {
  state: GoogleWorkspaceState;
  caller: AccessToken;
  /** The Workspace customer the impersonated admin belongs to, when the subject is an admin. */
  callerCustomerId?: string;
  params: Record<string, string>;
  query: URLSearchParams;
  body: unknown;
}

/** Site Verification needs the DNS world; tests and the demo inject how it is looked up. */
export type DnsTxtVerifier = (domain: string, token: string) => Promise<boolean>;

/** Scopes each method accepts, copied from the googleapis client's generated docs (directory_v1.d.ts,
 *  siteVerification/v1.d.ts `@example` blocks), which mirror Google's discovery documents. */
export const scopes = {
  user: "https://www.googleapis.com/auth/admin.directory.user",
  userReadonly: "https://www.googleapis.com/auth/admin.directory.user.readonly",
  domain: "https://www.googleapis.com/auth/admin.directory.domain",
  domainReadonly: "https://www.googleapis.com/auth/admin.directory.domain.readonly",
  siteVerification: "https://www.googleapis.com/auth/siteverification",
  siteVerificationVerifyOnly: "https://www.googleapis.com/auth/siteverification.verify_only",
  cloudPlatform: "https://www.googleapis.com/auth/cloud-platform",
  /** The only scope that opens IMAP/SMTP over XOAUTH2 (https://developers.google.com/gmail/imap/xoauth2-protocol). */
  gmail: "https://mail.google.com/",
  /** Gmail API, read only: what `npm run health` asks to read the DMARC reports mailbox (health/dmarc-reports/). */
  gmailReadonly: "https://www.googleapis.com/auth/gmail.readonly",
  /** Gmail API, headers and labels only (no `q` in list, no `format=full` in get). */
  gmailMetadata: "https://www.googleapis.com/auth/gmail.metadata",
} as const;
