import { gzipSync } from "fflate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type GoogleEmulator, scopes, start } from "../../emulators/google";
import { aggregateReportMail } from "../../emulators/google/dmarc-report-mail";
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
