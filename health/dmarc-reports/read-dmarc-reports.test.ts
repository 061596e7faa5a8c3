import { gzipSync } from "fflate";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { type GoogleEmulator, scopes, start } from "../../emulators/google";
import { aggregateReportMail } from "../../emulators/google/dmarc-report-mail";
import { workspaceSettings } from "../../providers/workspace/client-settings";
import { type RejectedReport, readDmarcReports } from ".";

const MAILBOX = "dmarc-reports@acme-outreach.test";
const DAY = 86_400_000;
const now = new Date();
const day = (n: number) =>
  new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()) - n * DAY);

let google: GoogleEmulator;
beforeAll(async () => {
  google = await start({ userCreationDelayMs: 0 });
  google.state.addDomain(google.customerId, "acme-outreach.test", { verified: true });
  google.state.addUser({
    customerId: google.customerId,
    primaryEmail: MAILBOX,
    givenName: "DMARC",
    familyName: "Reports",
    password: "unused-password-1",
  });
  const mail = google.state.gmail;
  // Yesterday's reports, as Google, Yahoo and Outlook.com mail them (zip, gzip, gzip).
  const period = { begin: day(1), end: new Date(day(0).getTime() - 1000) };
  mail.deliver(
    MAILBOX,
    aggregateReportMail("google", MAILBOX, {
      domain: "acme-outreach.test",
      reportId: "g-1",
      ...period,
      rows: [
        { sourceIp: "209.85.220.41", count: 90, dkim: "pass", spf: "pass" },
        { sourceIp: "203.0.113.7", count: 10, dkim: "fail", spf: "fail" },
      ],
    }),
  );
  mail.deliver(
    MAILBOX,
    aggregateReportMail("yahoo", MAILBOX, {
      domain: "acme-outreach.test",
      reportId: "y-1",
      ...period,
      rows: [{ sourceIp: "209.85.220.41", count: 20, dkim: "pass", spf: "fail" }],
    }),
  );
  mail.deliver(
    MAILBOX,
    aggregateReportMail("microsoft", MAILBOX, {
      domain: "tryacme.test",
      reportId: "m-1",
      ...period,
      rows: [{ sourceIp: "2a00:1450:4864:20::32b", count: 8, dkim: "fail", spf: "pass" }],
    }),
  );
  // A report mail whose XML is cut short, a newsletter with a picture, and a report older than the period.
  mail.deliver(MAILBOX, {
    from: "dmarc@reporter.example",
    to: MAILBOX,
    subject: "Report Domain: acme-outreach.test Submitter: reporter.example Report-ID: broken",
    date: day(1),
    attachments: [
      {
        filename: "reporter.example!acme-outreach.test!1!2.xml.gz",
        mimeType: "application/gzip",
        data: gzipSync(new TextEncoder().encode("<feedback><oops")),
      },
    ],
  });
  mail.deliver(MAILBOX, {
    from: "news@vendor.example",
    to: MAILBOX,
    subject: "Our product news",
    date: day(1),
    attachments: [
      { filename: "logo.png", mimeType: "image/png", data: new Uint8Array([0x89, 0x50, 0x4e, 0x47]) },
    ],
  });
  mail.deliver(
    MAILBOX,
    aggregateReportMail("google", MAILBOX, {
      domain: "acme-outreach.test",
      reportId: "g-old",
      begin: day(30),
      end: day(29),
      rows: [{ sourceIp: "192.0.2.99", count: 1000, dkim: "fail", spf: "fail" }],
    }),
  );
});
afterAll(() => google?.stop());

const keyWith = (delegatedScopes: string[]) => google.issueServiceAccountKey({ delegatedScopes }).keyJson;

describe("readDmarcReports through the Gmail API", () => {
  it("reads the period's reports as the reports mailbox with gmail.readonly and sums them per domain", async () => {
    const rejected: RejectedReport[] = [];
    const summaries = await readDmarcReports({
      mailbox: MAILBOX,
      // The emulator's default grant is README's domain-wide delegation list, gmail.readonly included.
      serviceAccountKey: google.issueServiceAccountKey().keyJson,
      rootUrl: google.url,
      days: 7,
      now,
      onRejected: (r) => rejected.push(r),
    });
    expect([...summaries.keys()]).toEqual(["acme-outreach.test", "tryacme.test"]);
    expect(summaries.get("acme-outreach.test")).toEqual({
      reports: 2,
      reporters: ["Yahoo", "google.com"],
      period: { begin: day(1).toISOString(), end: new Date(day(0).getTime() - 1000).toISOString() },
      messages: 120,
      spfPassRate: 90 / 120,
      dkimPassRate: 110 / 120,
      dmarcPassRate: 110 / 120,
      failingSources: [{ sourceIp: "203.0.113.7", messages: 10, dmarcPass: false }],
    });
    expect(summaries.get("tryacme.test")).toMatchObject({
      reporters: ["Outlook.com"],
      messages: 8,
      dmarcPassRate: 1,
    });
    expect(rejected).toEqual([
      {
        messageId: expect.any(String),
        subject: "Report Domain: acme-outreach.test Submitter: reporter.example Report-ID: broken",
        reason: expect.stringMatching(
          /^reporter\.example!acme-outreach\.test!1!2\.xml\.gz: not well-formed XML/,
        ),
      },
    ]);
    // Read-only: the mailbox asked only Gmail's read methods, with a token for that one scope.
    const gmailCalls = google.state.calls.filter((c) => c.endpoint.startsWith("gmail."));
    expect(new Set(gmailCalls.map((c) => c.endpoint))).toEqual(
      new Set([
        "gmail.users.messages.list",
        "gmail.users.messages.get",
        "gmail.users.messages.attachments.get",
      ]),
    );
    expect(gmailCalls.every((c) => c.method === "GET" && c.status === 200)).toBe(true);
  });

  it("says which scope to add to domain-wide delegation when the admin has not authorized gmail.readonly", async () => {
    const read = readDmarcReports({
      mailbox: MAILBOX,
      serviceAccountKey: keyWith([scopes.user, scopes.domain, scopes.siteVerificationVerifyOnly]),
      rootUrl: google.url,
      now,
    });
    await expect(read).rejects.toThrow(
      /Google refused a token to read dmarc-reports@acme-outreach\.test \(unauthorized_client\).*Domain-wide delegation, edit client ID \d+ and add https:\/\/www\.googleapis\.com\/auth\/gmail\.readonly/,
    );
  });

  it("says to run up when the reports mailbox does not exist", async () => {
    const read = readDmarcReports({
      mailbox: "nobody@acme-outreach.test",
      serviceAccountKey: keyWith([scopes.gmailReadonly]),
      rootUrl: google.url,
      now,
    });
    await expect(read).rejects.toThrow(
      /nobody@acme-outreach\.test is not an active user.*npm run pulumi -- up/,
    );
  });

  it("refuses a key that is not JSON and a period that is no whole number of days, naming the setting", async () => {
    await expect(readDmarcReports({ mailbox: MAILBOX, serviceAccountKey: "nope", now })).rejects.toThrow(
      /mailinfra:google\.serviceAccountKey is not JSON/,
    );
    await expect(
      readDmarcReports({
        mailbox: MAILBOX,
        serviceAccountKey: keyWith([scopes.gmailReadonly]),
        days: 0,
        now,
      }),
    ).rejects.toThrow(/whole number of days from 1, not 0/);
  });
});

/** A reports mailbox of its own for one case, so the cases above keep their counts. */
function reportsMailbox(local: string): string {
  const address = `${local}@acme-outreach.test`;
  google.state.addUser({
    customerId: google.customerId,
    primaryEmail: address,
    givenName: "DMARC",
    familyName: local,
    password: "unused-password-1",
  });
  return address;
}

/** A one-row Google report for acme-outreach.test covering the day `n` days back, mailed an hour after it. */
const googleReport = (to: string, reportId: string, n: number, dkim: "pass" | "fail" = "pass") =>
  aggregateReportMail("google", to, {
    domain: "acme-outreach.test",
    reportId,
    begin: day(n),
    end: new Date(day(n - 1).getTime() - 1000),
    rows: [{ sourceIp: "209.85.220.41", count: 10 + n, dkim, spf: "fail" }],
  });

const read = (mailbox: string, more: Partial<Parameters<typeof readDmarcReports>[0]> = {}) =>
  readDmarcReports({
    mailbox,
    serviceAccountKey: google.issueServiceAccountKey().keyJson,
    rootUrl: google.url,
    now,
    onRejected: () => {},
    ...more,
  });

describe("readDmarcReports: what Gmail files away, loses or holds too much of", () => {
  it("reads a report Gmail filed as spam (users.messages.list includeSpamTrash)", async () => {
    const mailbox = reportsMailbox("spam-filed");
    google.state.gmail.deliver(mailbox, {
      ...googleReport(mailbox, "in-spam", 2),
      labelIds: ["SPAM", "UNREAD"],
    });
    const summary = (await read(mailbox)).get("acme-outreach.test");
    expect(summary).toMatchObject({ reports: 1, reporters: ["google.com"], messages: 12 });
  });

  it("leaves out a message deleted between list and get and one whose attachment Gmail fails, and reads the rest", async () => {
    const mailbox = reportsMailbox("lossy");
    const mail = google.state.gmail;
    const deleted = mail.deliver(mailbox, googleReport(mailbox, "deleted", 3));
    const failing = mail.deliver(mailbox, googleReport(mailbox, "failing", 2));
    mail.deliver(mailbox, googleReport(mailbox, "kept", 1));
    // The message goes once users.messages.list has listed it: its get answers 404, as Gmail's does.
    const listed = mail.messages.bind(mail);
    const spy = vi.spyOn(mail, "messages").mockImplementationOnce((address) => {
      const all = listed(address);
      mail.delete(address, deleted.id);
      return all;
    });
    // One message's attachments.get answers 503 on every try.
    google.faults.add({
      match: {
        endpoint: "gmail.users.messages.attachments.get",
        pathPrefix: `/gmail/v1/users/me/messages/${failing.id}/`,
      },
      effect: { kind: "serverError", status: 503 },
    });
    const restore = workspaceSettings.use({ retry: { retries: 1, baseDelayMs: 1, maxDelayMs: 1 } });
    const rejected: RejectedReport[] = [];
    try {
      const summary = (await read(mailbox, { onRejected: (r) => rejected.push(r) })).get(
        "acme-outreach.test",
      );
      expect(summary).toMatchObject({ reports: 1, messages: 11 });
    } finally {
      restore();
      google.faults.clear();
      spy.mockRestore();
    }
    expect(rejected.sort((a, b) => a.subject.localeCompare(b.subject))).toEqual([
      {
        messageId: deleted.id,
        subject: "",
        reason: `message ${deleted.id}: Gmail answered 404 (Requested entity was not found.): the message was deleted or moved after it was listed`,
      },
      {
        messageId: failing.id,
        subject: "Report domain: acme-outreach.test Submitter: google.com Report-ID: failing",
        reason: expect.stringMatching(/^google\.com!acme-outreach\.test!\d+!\d+\.zip: Gmail answered 503\b/),
      },
    ]);
  });

  it("says when the run stopped at its message limit: the newest read, the older not", async () => {
    const mailbox = reportsMailbox("busy");
    for (let n = 5; n >= 1; n--) google.state.gmail.deliver(mailbox, googleReport(mailbox, `day-${n}`, n));
    const capped = await read(mailbox, { messageLimit: 3 });
    expect(capped.unread).toBe("read the newest 3 of 5+ messages; older reports not read");
    // The three newest: days 1 to 3, 11 + 12 + 13 messages.
    expect(capped.get("acme-outreach.test")).toMatchObject({ reports: 3, messages: 36 });
    const whole = await read(mailbox, { messageLimit: 5 });
    expect(whole.unread).toBeUndefined();
    expect(whole.get("acme-outreach.test")).toMatchObject({ reports: 5, messages: 65 });
  });

  it("keeps the first report received when a later mail repeats its reporter and report id", async () => {
    const mailbox = reportsMailbox("forged");
    google.state.gmail.deliver(mailbox, googleReport(mailbox, "g-1", 2, "pass"));
    // Anyone can mail the reports address: a forged copy of g-1, all failing, received a day later.
    google.state.gmail.deliver(mailbox, googleReport(mailbox, "g-1", 1, "fail"));
    const summary = (await read(mailbox)).get("acme-outreach.test");
    expect(summary).toMatchObject({ reports: 1, messages: 12, dkimPassRate: 1, dmarcPassRate: 1 });
    expect(summary?.period?.begin).toBe(day(2).toISOString());
  });
});
