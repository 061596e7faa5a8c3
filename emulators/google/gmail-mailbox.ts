import { randomBytes } from "node:crypto";

/**
 * The mail of the emulated Workspace users, as the Gmail API serves it. A message is kept as Gmail parses it
 * (headers, a text part, attachments), not as raw RFC 5322 bytes: the emulator answers `format=full`, whose payload
 * is that tree (https://developers.google.com/workspace/gmail/api/reference/rest/v1/users.messages#Message).
 * Delivery stands for mail arriving through MX; it is done out of band by tests and the local world.
 */

/** One attachment of a delivered message. */
export interface GmailAttachment {
  /** Gmail's opaque id, fetched with users.messages.attachments.get. */
  attachmentId: string;
  filename: string;
  mimeType: string;
  data: Uint8Array;
}

/** One delivered message. */
export interface GmailMessage {
  id: string;
  threadId: string;
  /** Delivery time, Unix milliseconds (the API's `internalDate`). */
  internalDate: number;
  labelIds: string[];
  /** Header fields in order, as the payload lists them (From, To, Subject, Date, Message-ID, MIME-Version...). */
  headers: { name: string; value: string }[];
  /** The text/plain part, when the message has one. */
  text?: string;
  attachments: GmailAttachment[];
}

/** What a sender hands over: the message without the ids Gmail assigns. */
export interface IncomingMail {
  from: string;
  to: string;
  subject: string;
  /** @default now */
  date?: Date;
  text?: string;
  attachments: { filename: string; mimeType: string; data: Uint8Array }[];
  /**
   * Where Gmail filed it: `["SPAM"]` for a message its filter took for spam (list leaves SPAM and TRASH out unless
   * asked, gmail-messages.ts). @default ["INBOX", "UNREAD", "CATEGORY_UPDATES"]
   */
  labelIds?: string[];
}

const opaqueId = (bytes: number) => randomBytes(bytes).toString("hex");

export class GmailMailboxes {
  private readonly byUser = new Map<string, GmailMessage[]>();

  /** Delivers `mail` to `address` (lower-cased) and returns the stored message. */
  deliver(address: string, mail: IncomingMail): GmailMessage {
    const date = mail.date ?? new Date();
    const id = opaqueId(8);
    const message: GmailMessage = {
      id,
      threadId: id,
      internalDate: date.getTime(),
      labelIds: mail.labelIds ?? ["INBOX", "UNREAD", "CATEGORY_UPDATES"],
      headers: [
        { name: "MIME-Version", value: "1.0" },
        { name: "Date", value: date.toUTCString().replace("GMT", "+0000") },
        { name: "Message-ID", value: `<${opaqueId(10)}@${mail.from.split("@")[1] ?? "mail.test"}>` },
        { name: "Subject", value: mail.subject },
        { name: "From", value: mail.from },
        { name: "To", value: address },
        { name: "Content-Type", value: `multipart/mixed; boundary="${opaqueId(12)}"` },
      ],
      ...(mail.text === undefined ? {} : { text: mail.text }),
      attachments: mail.attachments.map((a) => ({ ...a, attachmentId: `ANGjdJ${opaqueId(24)}` })),
    };
    const key = address.trim().toLowerCase();
    this.byUser.set(key, [...(this.byUser.get(key) ?? []), message]);
    return message;
  }

  /** The user's messages, newest first, as messages.list orders them. */
  messages(address: string): GmailMessage[] {
    return [...(this.byUser.get(address.trim().toLowerCase()) ?? [])].sort(
      (a, b) => b.internalDate - a.internalDate,
    );
  }

  /** Deletes one message for good (as users.messages.delete or an emptied trash); false when there was none. */
  delete(address: string, id: string): boolean {
    const key = address.trim().toLowerCase();
    const kept = (this.byUser.get(key) ?? []).filter((m) => m.id !== id);
    const deleted = kept.length < (this.byUser.get(key) ?? []).length;
    this.byUser.set(key, kept);
    return deleted;
  }

  /** Forgets every message of every user. */
  clear(): void {
    this.byUser.clear();
  }
}
