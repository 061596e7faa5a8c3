import { describe, expect, it } from "vitest";
import type { BlocklistFinding, DnsAuthentication, MailboxSignals } from "../../health/signals";
import { gatherStackSignals, type HealthChecks, type StackDomain } from "./stack-signals";

const pass = { verdict: "pass" as const, detail: "ok" };
const dns = (domain: string): DnsAuthentication => ({
  spf: pass,
  dkim: { ...pass, name: `s._domainkey.${domain}` },
  dmarc: pass,
  mx: pass,
});
const domain = (name: string, over: Partial<StackDomain> = {}): StackDomain => ({
  domain: name,
  published: [],
  trackingHost: `emailtracking.${name}`,
  sendingIps: [],
  mailboxes: [{ address: `ana@${name}`, smartleadAccountId: 1 }],
  ...over,
});
const mailbox = (address: string): MailboxSignals => ({
  address,
  smtp: { ...pass, state: "connected" },
  imap: { ...pass, state: "connected" },
  warmup: { ...pass, days: [] },
  campaignIds: [],
});

function checks(
  over: Partial<HealthChecks> = {},
): HealthChecks & { asked: { targets: string[][]; mailboxes: string[][] } } {
  const asked = { targets: [] as string[][], mailboxes: [] as string[][] };
  return {
    asked,
    dns: async (t) => dns(t.domain),
    blocklists: async (targets) => {
      asked.targets.push(targets.map((t) => `${t.role} ${t.target}`));
      return targets.map(
        (t): BlocklistFinding => ({ list: "L", ...t, status: "clean", detail: "not listed" }),
      );
    },
    smartlead: async (mailboxes) => {
      asked.mailboxes.push(mailboxes.map((m) => m.address));
      return mailboxes.map((m) => mailbox(m.address));
    },
    ...over,
  };
}

describe("gatherStackSignals", () => {
  it("asks the blocklists and Smartlead once for the whole stack and gives each domain its own answers", async () => {
    const c = checks();
    const signals = await gatherStackSignals(
      [domain("a.test", { sendingIps: ["192.0.2.7"] }), domain("b.test", { trackingHost: undefined })],
      c,
      { concurrency: 2 },
    );
    expect(c.asked.targets).toEqual([
      ["domain a.test", "tracking emailtracking.a.test", "sending-ip 192.0.2.7", "domain b.test"],
    ]);
    expect(c.asked.mailboxes).toEqual([["ana@a.test", "ana@b.test"]]);
    expect(signals.map((s) => s.blocklists.map((f) => f.target))).toEqual([
      ["a.test", "emailtracking.a.test", "192.0.2.7"],
      ["b.test"],
    ]);
    expect(signals.map((s) => s.mailboxes.map((m) => m.address))).toEqual([["ana@a.test"], ["ana@b.test"]]);
    expect(signals[0]).not.toHaveProperty("dmarcReportsDetail");
  });

  it("turns a failed blocklist or Smartlead run into unknown signals, never clean or connected", async () => {
    const signals = await gatherStackSignals(
      [domain("a.test")],
      checks({
        blocklists: async () => {
          throw new Error("no resolver");
        },
        smartlead: async () => {
          throw new Error("HTTP 401");
        },
      }),
      { concurrency: 1 },
    );
    expect(signals[0]?.blocklists.map((f) => [f.target, f.status])).toEqual([
      ["a.test", "unknown"],
      ["emailtracking.a.test", "unknown"],
    ]);
    expect(signals[0]?.mailboxes[0]).toMatchObject({
      smtp: { state: "unknown", detail: "Smartlead could not be read: HTTP 401" },
      imap: { state: "unknown" },
    });
  });

  it("gives DMARC report summaries to their domains and says why a domain has none", async () => {
    const summary = {
      reports: 2,
      reporters: ["google.com"],
      messages: 40,
      spfPassRate: 1,
      dkimPassRate: 1,
      dmarcPassRate: 1,
      failingSources: [],
    };
    const read = await gatherStackSignals(
      [domain("a.test"), domain("b.test")],
      checks({ dmarcReports: async () => new Map([["a.test", summary]]) }),
      { concurrency: 1 },
    );
    expect(read[0]?.dmarcReports).toEqual(summary);
    expect(read[1]?.dmarcReportsDetail).toBe("no aggregate report received for this domain in the period");
    const failed = await gatherStackSignals(
      [domain("a.test")],
      checks({
        dmarcReports: async () => {
          throw new Error("the mailbox cannot be read");
        },
      }),
      { concurrency: 1 },
    );
    expect(failed[0]?.dmarcReportsDetail).toBe("could not be read: the mailbox cannot be read");
  });

  it("says on every domain when the DMARC read stopped at its message limit", async () => {
    const summary = {
      reports: 3,
      reporters: ["google.com"],
      messages: 36,
      spfPassRate: 0,
      dkimPassRate: 1,
      dmarcPassRate: 1,
      failingSources: [],
    };
    const unread = "read the newest 3 of 5+ messages; older reports not read";
    const read = await gatherStackSignals(
      [domain("a.test"), domain("b.test")],
      checks({ dmarcReports: async () => Object.assign(new Map([["a.test", summary]]), { unread }) }),
      { concurrency: 1 },
    );
    expect(read.map((d) => [d.dmarcReports?.reports, d.dmarcReportsDetail])).toEqual([
      [3, unread],
      [undefined, `no aggregate report for this domain in the messages read: ${unread}`],
    ]);
  });
});
