import type { Common } from "googleapis";
import { gmail, type gmail_v1 } from "googleapis/build/src/apis/gmail";
import pLimit from "p-limit";
import { clientSettings } from "../../providers/workspace/client-settings";
import { forgetAccessToken, workspaceAuthClient } from "../../providers/workspace/google-auth";
import { describeGoogleFailure } from "../../providers/workspace/google-errors";
import { googleRetryConfig } from "../../providers/workspace/google-retry";
import type { ServiceAccountKey } from "../../providers/workspace/service-account-key";
import { DmarcReportError, parseAggregateReport } from "./aggregate-report";
import { reportPacking, reportXml } from "./report-attachment";
import { DMARC_REPORT_LIMITS } from "./report-limits";
import type { SummarizedReport } from "./report-summary";

/**
 * Reads the DMARC aggregate reports a mailbox received, through the Gmail API as that mailbox: the service account's
 * domain-wide delegation (https://developers.google.com/identity/protocols/oauth2/service-account#delegatingauthority)
 * with the read-only scope only, which an admin grants under Admin console › Security › Access and data control ›
 * API controls › Domain-wide delegation (https://support.google.com/a/answer/162106). Calls:
 * - users.messages.list with `q` (https://developers.google.com/workspace/gmail/api/reference/rest/v1/users.messages/list,
 *   search operators: https://support.google.com/mail/answer/7190): messages with an attachment received after the
 *   period's start, given in Unix seconds (dates would be midnight Pacific time,
 *   https://developers.google.com/workspace/gmail/api/guides/filtering); pages of 500 (the maximum), newest first,
 *   at most DMARC_REPORT_LIMITS.messages messages, and when more are listed the run says so (`unread`).
 *   `includeSpamTrash: true` (same page: SPAM and TRASH are left out by default): Gmail often files reports from a
 *   reporter it does not know as spam, and they are reports all the same;
 * - users.messages.get `format=full` (…/users.messages/get): the MIME tree, attachments by id, and `internalDate`,
 *   the time Google accepted the message (https://developers.google.com/workspace/gmail/api/reference/rest/v1/users.messages#Message),
 *   which a sender cannot set: the first received of two reports with one id is kept (report-summary.ts);
 * - users.messages.attachments.get (…/users.messages.attachments/get): base64url data.
 * A get that fails for one message (deleted or moved between list and get: 404; 400; a 5xx after the retries)
 * leaves that message out with the reason, like a malformed report; what concerns the mailbox (401, 403 refused or
 * out of quota, 429, no answer) stops the run with the fix.
 * Nothing is modified: no label, no read mark (the scope would not allow it).
 * Quota (https://developers.google.com/workspace/gmail/api/reference/quota): each of these calls costs 5 units of the
 * 15,000 per user per minute; four calls at a time stay near 2,400 calls a minute at Google's latency, and the
 * client's retry policy (providers/workspace/google-retry.ts) backs off on userRateLimitExceeded. A run's largest
 * read, DMARC_REPORT_LIMITS.messages, is about 4,000 calls.
 */
export const GMAIL_READONLY_SCOPE = "https://www.googleapis.com/auth/gmail.readonly";

/** Gmail calls in flight at once (see the quota note above). */
const GMAIL_CONCURRENCY = 4;

export interface GmailReportsOptions {
  /** The reports mailbox, impersonated. */
  mailbox: string;
  key: ServiceAccountKey;
  /** Google's API root, or the emulator's (`mailinfra:google.rootUrl`). */
  rootUrl?: string;
  /** Messages received at or after this time are read. */
  since: Date;
  /** The most messages read, newest first. @default DMARC_REPORT_LIMITS.messages */
  messageLimit?: number;
}

/** A message whose report could not be used, and why. */
export interface RejectedReport {
  messageId: string;
  subject: string;
  reason: string;
}

export interface GmailReports {
  /** `receivedAt`: the message's `internalDate`, when Google accepted it. */
  reports: SummarizedReport[];
  rejected: RejectedReport[];
  /** Messages listed in the period (reports or not) and read. */
  messages: number;
  /** Set when the list went on past the limit: the messages read, and Gmail's estimate of all (at least `read`). */
  unread?: { read: number; listed: number };
}

/** One attachment part that looks like a report. */
interface ReportPart {
  filename: string;
  mimeType: string;
  size: number;
  attachmentId?: string;
  data?: string;
}

function reportParts(part: gmail_v1.Schema$MessagePart | undefined): ReportPart[] {
  if (!part) return [];
  const own: ReportPart[] = [];
  const filename = part.filename ?? "";
  const mimeType = part.mimeType ?? "";
  if ((filename !== "" || !mimeType.startsWith("multipart/")) && reportPacking(filename, mimeType)) {
    if (!mimeType.startsWith("text/plain") && !mimeType.startsWith("text/html")) {
      own.push({
        filename,
        mimeType,
        size: part.body?.size ?? 0,
        ...(part.body?.attachmentId ? { attachmentId: part.body.attachmentId } : {}),
        ...(part.body?.data ? { data: part.body.data } : {}),
      });
    }
  }
  return [...own, ...(part.parts ?? []).flatMap(reportParts)];
}

const header = (message: gmail_v1.Schema$Message, name: string) =>
  message.payload?.headers?.find((h) => h.name?.toLowerCase() === name)?.value ?? "";

/** The one-line fixes for what Google answers most often to this reader. */
function describeFailure(error: unknown, options: GmailReportsOptions): Error {
  const gaxios = error as Common.GaxiosError;
  const data = gaxios?.response?.data as { error?: unknown; error_description?: string } | undefined;
  const oauth = typeof data?.error === "string" ? data.error : undefined;
  const dwd = "Admin console › Security › Access and data control › API controls › Domain-wide delegation";
  const clientId = options.key.client_id ?? "(the key's client_id)";
  if (oauth === "unauthorized_client" || oauth === "access_denied") {
    return new Error(
      `Google refused a token to read ${options.mailbox} (${oauth}): the service account's client is not authorized for ${GMAIL_READONLY_SCOPE}. In ${dwd}, edit client ID ${clientId} and add ${GMAIL_READONLY_SCOPE} to its scopes (keep the others); it can take a few minutes to apply.`,
    );
  }
  if (oauth === "invalid_grant" && /user id|email/i.test(data?.error_description ?? "")) {
    return new Error(
      `${options.mailbox} is not an active user of the Workspace account (${data?.error_description}). Run npm run pulumi -- up so the stack creates the reports mailbox, or set mailinfra:dmarcReports.mailbox to a mailbox that exists.`,
    );
  }
  const status = gaxios?.response?.status;
  const said = JSON.stringify(data?.error ?? "").slice(0, 300);
  if (status === 403 && /SERVICE_DISABLED|accessNotConfigured|has not been used|is disabled/i.test(said)) {
    return new Error(
      `the Gmail API is not enabled in the service account's Cloud project: enable it (Cloud console › APIs & Services › Library › Gmail API) and run npm run health again.`,
    );
  }
  return describeGoogleFailure(error, `read the DMARC reports of ${options.mailbox}`, {
    clientEmail: options.key.client_email,
    ...(options.key.client_id ? { clientId: options.key.client_id } : {}),
    adminEmail: options.mailbox,
    customerId: "my_customer",
    scopes: [GMAIL_READONLY_SCOPE],
    endpoint: options.rootUrl ?? "Google",
  });
}

/**
 * Why one message could not be fetched, when the failure is the message's own (Gmail's answer to that get), or
 * undefined when it concerns the whole mailbox (token, permission, quota, no answer) and should stop the run.
 */
function messageFailure(error: unknown): string | undefined {
  const response = (error as Common.GaxiosError)?.response;
  const status = response?.status;
  const messages =
    status === 400 || status === 404 || status === 410 || (status !== undefined && status >= 500);
  if (!messages || status === undefined) return undefined;
  const said = (response?.data as { error?: { message?: unknown } } | undefined)?.error?.message;
  const gone =
    status === 404 || status === 410 ? ": the message was deleted or moved after it was listed" : "";
  return `Gmail answered ${status}${typeof said === "string" && said !== "" ? ` (${said.slice(0, 200)})` : ""}${gone}`;
}

/** Lists, fetches and parses the reports received since `options.since`. Rejected reports never stop the run. */
export async function gmailReports(options: GmailReportsOptions): Promise<GmailReports> {
  const auth = workspaceAuthClient(options.key, options.mailbox, [GMAIL_READONLY_SCOPE]);
  const settings = clientSettings();
  const api = gmail({
    version: "v1",
    auth,
    ...(options.rootUrl ? { rootUrl: options.rootUrl } : {}),
    retryConfig: googleRetryConfig(settings.retry, settings.onRetry),
    timeout: settings.timeoutMs,
  });
  const call = async <T>(request: () => Promise<T>): Promise<T> => {
    try {
      return await request();
    } catch (error) {
      if ((error as { response?: { status?: number } })?.response?.status !== 401) throw error;
      forgetAccessToken(auth);
      return request();
    }
  };
  try {
    const cap = options.messageLimit ?? DMARC_REPORT_LIMITS.messages;
    const ids: string[] = [];
    const q = `after:${Math.floor(options.since.getTime() / 1000)} has:attachment`;
    let pageToken: string | undefined;
    let estimate = 0;
    do {
      const page = await call(() =>
        api.users.messages.list({
          userId: "me",
          q,
          includeSpamTrash: true,
          maxResults: Math.min(500, cap - ids.length),
          ...(pageToken ? { pageToken } : {}),
        }),
      );
      ids.push(...(page.data.messages ?? []).flatMap((m) => (m.id ? [m.id] : [])));
      pageToken = page.data.nextPageToken ?? undefined;
      estimate = Math.max(estimate, page.data.resultSizeEstimate ?? 0);
    } while (pageToken && ids.length < cap);

    const limit = pLimit(GMAIL_CONCURRENCY);
    const reports: SummarizedReport[] = [];
    const rejected: RejectedReport[] = [];
    const fetchFailed = (error: unknown, messageId: string, subject: string, what: string): void => {
      const reason = messageFailure(error);
      if (reason === undefined) throw error;
      rejected.push({ messageId, subject, reason: `${what}: ${reason}` });
    };
    await Promise.all(
      ids.map((id) =>
        limit(async () => {
          let message: gmail_v1.Schema$Message;
          try {
            message = (await call(() => api.users.messages.get({ userId: "me", id, format: "full" }))).data;
          } catch (error) {
            return fetchFailed(error, id, "", `message ${id}`);
          }
          const subject = header(message, "subject");
          const received = message.internalDate ? { receivedAt: new Date(Number(message.internalDate)) } : {};
          for (const part of reportParts(message.payload)) {
            try {
              if (part.size > DMARC_REPORT_LIMITS.attachmentBytes) {
                throw new DmarcReportError(
                  `${part.filename || "the attachment"} is ${part.size} bytes, more than the ${DMARC_REPORT_LIMITS.attachmentBytes} read`,
                );
              }
              const data =
                part.data ??
                (
                  await call(() =>
                    api.users.messages.attachments.get({
                      userId: "me",
                      messageId: id,
                      id: part.attachmentId ?? "",
                    }),
                  )
                ).data.data ??
                "";
              const bytes = new Uint8Array(Buffer.from(data, "base64url"));
              const packing = reportPacking(part.filename, part.mimeType, bytes) ?? "xml";
              reports.push({ ...parseAggregateReport(reportXml(bytes, packing)), ...received });
            } catch (error) {
              const what = part.filename || part.mimeType;
              if (!(error instanceof DmarcReportError)) {
                fetchFailed(error, id, subject, what);
                continue;
              }
              rejected.push({ messageId: id, subject, reason: `${what}: ${error.message}` });
            }
          }
        }),
      ),
    );
    return {
      reports,
      rejected,
      messages: ids.length,
      ...(pageToken ? { unread: { read: ids.length, listed: Math.max(estimate, ids.length) } } : {}),
    };
  } catch (error) {
    throw describeFailure(error, options);
  }
}
