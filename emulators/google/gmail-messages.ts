import type { Reply } from "../http/reply";
import type { ApiCall } from "./api-call";
import type { GmailMessage } from "./gmail-mailbox";
import { googleError, googleErrors } from "./google-error";

/**
 * Gmail API users.messages.list, users.messages.get and users.messages.attachments.get over the emulated mail
 * (gmail-mailbox.ts), for the user the access token acts as:
 * - list: https://developers.google.com/workspace/gmail/api/reference/rest/v1/users.messages/list — `messages[]`
 *   holding only `id` and `threadId`, newest first, `nextPageToken`, `resultSizeEstimate`; `maxResults` defaults to
 *   100, at most 500. `q` takes the Gmail search operators mailinfra sends (https://support.google.com/mail/answer/7190):
 *   `newer_than:<n>d|m|y`, `older_than:`, `after:` / `before:` (Unix seconds, or YYYY/MM/DD taken here as UTC midnight
 *   where Gmail takes Pacific midnight, https://developers.google.com/workspace/gmail/api/guides/filtering),
 *   `has:attachment`;
 *   other words match the subject, sender or text (the real search is fuller). Messages labelled SPAM or TRASH
 *   are left out unless `includeSpamTrash=true` ("Include messages from SPAM and TRASH in the results", default
 *   false, same page).
 * - get: https://developers.google.com/workspace/gmail/api/reference/rest/v1/users.messages/get — `format` full
 *   (default), metadata or minimal; the full payload is the MIME tree with `partId`, `mimeType`, `filename`,
 *   `headers`, `body` (an attachment's body holds `attachmentId` and `size`, no data). `format=raw` is not emulated.
 * - attachments.get: https://developers.google.com/workspace/gmail/api/reference/rest/v1/users.messages.attachments/get
 *   — a MessagePartBody `{attachmentId, size, data}`, data base64url.
 * `userId` is `me` or the address the token acts as; another user's mailbox answers 403 "Delegation denied for
 * <address>" as Gmail does for a delegated token.
 */

/** The scopes any of which lets a token read messages (the methods' "Authorization scopes"). */
export const gmailReadScopes = [
  "https://mail.google.com/",
  "https://www.googleapis.com/auth/gmail.modify",
  "https://www.googleapis.com/auth/gmail.readonly",
];

const base64url = (data: Uint8Array | string) => Buffer.from(data).toString("base64url");

/** The mailbox the call reads, or Gmail's refusal. */
function mailboxOf(call: ApiCall): { address: string } | { reply: Reply } {
  const userId = (call.params.userId ?? "").toLowerCase();
  const subject = call.caller.subject.toLowerCase();
  if (userId === "me" || userId === subject) return { address: subject };
  return { reply: googleError(403, `Delegation denied for ${subject}`, "forbidden") };
}

const DAY = 86_400_000;
const UNIT_DAYS: Record<string, number> = { d: 1, m: 30, y: 365 };

function dateValue(value: string): number | undefined {
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  const match = /^(\d{4})[/-](\d{1,2})[/-](\d{1,2})$/.exec(value);
  return match ? Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])) : undefined;
}

/** A predicate for the `q` terms the emulator knows; unknown words match the subject, sender or text. */
function matcher(q: string, now: number): ((m: GmailMessage) => boolean) | { reply: Reply } {
  const tests: ((m: GmailMessage) => boolean)[] = [];
  for (const term of q.match(/\S+:"[^"]*"|"[^"]*"|\S+/g) ?? []) {
    const [operator, raw = ""] = term.includes(":")
      ? [term.slice(0, term.indexOf(":")), term.slice(term.indexOf(":") + 1)]
      : [term];
    const value = raw.replace(/^"|"$/g, "");
    if (operator === "newer_than" || operator === "older_than") {
      const match = /^(\d+)([dmy])$/.exec(value);
      if (!match) return { reply: googleErrors.invalid(`Invalid search query: ${term}`) };
      const since = now - Number(match[1]) * (UNIT_DAYS[match[2]!] ?? 1) * DAY;
      tests.push(operator === "newer_than" ? (m) => m.internalDate >= since : (m) => m.internalDate < since);
    } else if (operator === "after" || operator === "before") {
      const at = dateValue(value);
      if (at === undefined) return { reply: googleErrors.invalid(`Invalid search query: ${term}`) };
      tests.push(operator === "after" ? (m) => m.internalDate >= at : (m) => m.internalDate < at);
    } else if (term === "has:attachment") {
      tests.push((m) => m.attachments.length > 0);
    } else if (operator === "subject") {
      tests.push((m) => header(m, "Subject").toLowerCase().includes(value.toLowerCase()));
    } else {
      const word = term.replace(/^"|"$/g, "").toLowerCase();
      tests.push((m) =>
        [header(m, "Subject"), header(m, "From"), m.text ?? ""].some((t) => t.toLowerCase().includes(word)),
      );
    }
  }
  return (m) => tests.every((test) => test(m));
}

function header(message: GmailMessage, name: string): string {
  return message.headers.find((h) => h.name.toLowerCase() === name.toLowerCase())?.value ?? "";
}

export function listMessages(call: ApiCall): Reply {
  const mailbox = mailboxOf(call);
  if ("reply" in mailbox) return mailbox.reply;
  const max = Math.min(Math.max(Number(call.query.get("maxResults") ?? 100) || 100, 1), 500);
  const match = matcher(call.query.get("q") ?? "", call.state.now());
  if ("reply" in match) return match.reply;
  const spamTrash = call.query.get("includeSpamTrash") === "true";
  const found = call.state.gmail
    .messages(mailbox.address)
    .filter((m) => spamTrash || !m.labelIds.some((label) => label === "SPAM" || label === "TRASH"))
    .filter(match);
  const offset = Number(Buffer.from(call.query.get("pageToken") ?? "", "base64url").toString() || 0);
  const page = found.slice(offset, offset + max);
  const next =
    offset + max < found.length ? Buffer.from(String(offset + max)).toString("base64url") : undefined;
  return {
    status: 200,
    body: {
      ...(page.length > 0 ? { messages: page.map((m) => ({ id: m.id, threadId: m.threadId })) } : {}),
      ...(next ? { nextPageToken: next } : {}),
      resultSizeEstimate: found.length,
    },
  };
}

function find(call: ApiCall, id: string | undefined): GmailMessage | { reply: Reply } {
  const mailbox = mailboxOf(call);
  if ("reply" in mailbox) return mailbox;
  const message = call.state.gmail.messages(mailbox.address).find((m) => m.id === id);
  return message ?? { reply: googleErrors.notFound("Requested entity was not found.") };
}

/** The `format=full` payload: multipart/mixed with the text part and each attachment. */
function payload(message: GmailMessage) {
  const parts = [
    ...(message.text === undefined
      ? []
      : [
          {
            mimeType: "text/plain",
            filename: "",
            headers: [{ name: "Content-Type", value: 'text/plain; charset="UTF-8"' }],
            body: { size: Buffer.byteLength(message.text), data: base64url(message.text) },
          },
        ]),
    ...message.attachments.map((a) => ({
      mimeType: a.mimeType,
      filename: a.filename,
      headers: [
        { name: "Content-Type", value: `${a.mimeType}; name="${a.filename}"` },
        { name: "Content-Disposition", value: `attachment; filename="${a.filename}"` },
        { name: "Content-Transfer-Encoding", value: "base64" },
      ],
      body: { attachmentId: a.attachmentId, size: a.data.length },
    })),
  ].map((part, i) => ({ partId: String(i), ...part }));
  return {
    partId: "",
    mimeType: "multipart/mixed",
    filename: "",
    headers: message.headers,
    body: { size: 0 },
    parts,
  };
}

export function getMessage(call: ApiCall): Reply {
  const message = find(call, call.params.id);
  if ("reply" in message) return message.reply;
  const format = (call.query.get("format") ?? "full").toLowerCase();
  const common = {
    id: message.id,
    threadId: message.threadId,
    labelIds: message.labelIds,
    snippet: (message.text ?? "").slice(0, 200),
    historyId: "1",
    internalDate: String(message.internalDate),
    sizeEstimate: message.attachments.reduce((n, a) => n + Math.ceil((a.data.length * 4) / 3), 2_000),
  };
  if (format === "minimal") return { status: 200, body: common };
  if (format === "metadata") {
    return {
      status: 200,
      body: { ...common, payload: { mimeType: "multipart/mixed", headers: message.headers } },
    };
  }
  if (format !== "full") return googleErrors.invalid(`The emulator does not serve format=${format}`);
  return { status: 200, body: { ...common, payload: payload(message) } };
}

export function getAttachment(call: ApiCall): Reply {
  const message = find(call, call.params.messageId);
  if ("reply" in message) return message.reply;
  const attachment = message.attachments.find((a) => a.attachmentId === call.params.id);
  if (!attachment) return googleErrors.invalid("Invalid attachment token");
  return {
    status: 200,
    body: {
      attachmentId: attachment.attachmentId,
      size: attachment.data.length,
      data: base64url(attachment.data),
    },
  };
}
