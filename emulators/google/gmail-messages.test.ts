import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { workspaceAuthClient } from "../../providers/workspace/google-auth";
import { parseServiceAccountKey } from "../../providers/workspace/service-account-key";
import { aggregateReportMail } from "./dmarc-report-mail";
import { type GoogleEmulator, scopes, start } from "./index";

const MAILBOX = "reports@gmail-api.test";
let google: GoogleEmulator;
let token: (scope: string, subject?: string) => Promise<string>;

beforeAll(async () => {
  google = await start({ userCreationDelayMs: 0 });
  google.state.addDomain(google.customerId, "gmail-api.test", { verified: true });
  for (const address of [MAILBOX, "other@gmail-api.test"]) {
    google.state.addUser({
      customerId: google.customerId,
      primaryEmail: address,
      givenName: "R",
      familyName: "R",
      password: "unused-password-1",
    });
  }
  for (let i = 0; i < 3; i++) {
    google.state.gmail.deliver(
      MAILBOX,
      aggregateReportMail("google", MAILBOX, {
        domain: "gmail-api.test",
        reportId: `r-${i}`,
        begin: new Date(Date.now() - (i + 2) * 86_400_000),
        end: new Date(Date.now() - (i + 1) * 86_400_000),
        rows: [{ sourceIp: "192.0.2.1", count: 1, dkim: "pass", spf: "pass" }],
      }),
    );
  }
  // One report Gmail's filter took for spam, one the user put in the trash.
  for (const [reportId, label] of [
    ["in-spam", "SPAM"],
    ["in-trash", "TRASH"],
  ] as const) {
    google.state.gmail.deliver(MAILBOX, {
      ...aggregateReportMail("yahoo", MAILBOX, {
        domain: "gmail-api.test",
        reportId,
        begin: new Date(Date.now() - 2 * 86_400_000),
        end: new Date(Date.now() - 86_400_000),
        rows: [{ sourceIp: "192.0.2.1", count: 1, dkim: "pass", spf: "pass" }],
      }),
      labelIds: [label, "UNREAD"],
    });
  }
  const key = parseServiceAccountKey(google.issueServiceAccountKey().keyJson, "key");
  token = async (scope, subject = MAILBOX) =>
    (await workspaceAuthClient(key, subject, [scope]).getAccessToken()).token ?? "";
});
afterAll(() => google?.stop());

async function get(path: string, bearer: string) {
  const response = await fetch(`${google.url}/gmail/v1/users/${path}`, {
    headers: { authorization: `Bearer ${bearer}` },
  });
  return {
    status: response.status, // biome-ignore lint/suspicious/noExplicitAny: the test reads Google's JSON by path, as a client would
    body: (await response.json()) as Record<string, any>,
  };
}

describe("Gmail API messages (emulated)", () => {
  it("lists newest first in pages, then gets the MIME tree and the attachment by id", async () => {
    const bearer = await token(scopes.gmailReadonly);
    const first = await get("me/messages?maxResults=2&q=has:attachment", bearer);
    expect(first.status).toBe(200);
    expect(first.body.resultSizeEstimate).toBe(3);
    expect(Object.keys(first.body.messages[0]).sort()).toEqual(["id", "threadId"]);
    const second = await get(`me/messages?maxResults=2&pageToken=${first.body.nextPageToken}`, bearer);
    expect([first.body.messages.length, second.body.messages.length, second.body.nextPageToken]).toEqual([
      2,
      1,
      undefined,
    ]);

    const id = first.body.messages[0].id;
    const message = await get(`${encodeURIComponent(MAILBOX)}/messages/${id}?format=full`, bearer);
    const subject = message.body.payload.headers.find((h: { name: string }) => h.name === "Subject").value;
    expect(subject).toBe("Report domain: gmail-api.test Submitter: google.com Report-ID: r-0");
    const zip = message.body.payload.parts.find((p: { filename: string }) => p.filename.endsWith(".zip"));
    expect(zip).toMatchObject({ mimeType: "application/zip", body: { attachmentId: expect.any(String) } });
    expect(zip.body.data).toBeUndefined();
    const attachment = await get(`me/messages/${id}/attachments/${zip.body.attachmentId}`, bearer);
    expect(Buffer.from(attachment.body.data, "base64url").subarray(0, 4)).toEqual(
      Buffer.from([0x50, 0x4b, 3, 4]),
    );
    expect(attachment.body.size).toBe(zip.body.size);
  });

  it("leaves SPAM and TRASH out of the list unless includeSpamTrash=true, and gets them by id either way", async () => {
    const bearer = await token(scopes.gmailReadonly);
    const subjects = async (query: string) => {
      const list = await get(`me/messages?q=has:attachment${query}`, bearer);
      return Promise.all(
        (list.body.messages ?? []).map(
          async (m: { id: string }) =>
            (await get(`me/messages/${m.id}?format=metadata`, bearer)).body.payload.headers.find(
              (h: { name: string }) => h.name === "Subject",
            ).value as string,
        ),
      );
    };
    const byDefault = await subjects("");
    expect(byDefault).toHaveLength(3);
    expect(byDefault.join()).not.toMatch(/in-spam|in-trash/);
    expect(await subjects("&includeSpamTrash=false")).toEqual(byDefault);
    const all = await subjects("&includeSpamTrash=true");
    expect(all).toHaveLength(5);
    expect(all.filter((s) => /in-spam|in-trash/.test(s)).sort()).toEqual([
      expect.stringMatching(/Report-ID: in-spam$/),
      expect.stringMatching(/Report-ID: in-trash$/),
    ]);
  });

  it("filters by date operators, and refuses another user's mailbox and a token without a Gmail scope", async () => {
    const bearer = await token(scopes.gmailReadonly);
    expect((await get("me/messages?q=newer_than:1d", bearer)).body.resultSizeEstimate).toBe(1);
    const since = Math.floor((Date.now() - 2.5 * 86_400_000) / 1000);
    expect((await get(`me/messages?q=after:${since}`, bearer)).body.resultSizeEstimate).toBe(2);
    const denied = await get("other%40gmail-api.test/messages", bearer);
    expect([denied.status, denied.body.error.message]).toEqual([403, `Delegation denied for ${MAILBOX}`]);
    const directoryOnly = await get("me/messages", await token(scopes.user));
    expect([directoryOnly.status, directoryOnly.body.error.status]).toEqual([403, "PERMISSION_DENIED"]);
  });
});
