import { describe, expect, it } from "vitest";
import { HEALTH_DEDUCTIONS as D, scoreDomain } from "../score";
import type { DomainSignals, MailboxSignals } from "../signals";
import { renderHealthTable } from "./table";

const pass = { verdict: "pass" as const, detail: "ok" };
const mailbox = (address: string, over: Partial<MailboxSignals> = {}): MailboxSignals => ({
  address,
  smartleadAccountId: 7,
  smtp: { ...pass, state: "connected" },
  imap: { ...pass, state: "connected" },
  warmup: {
    ...pass,
    status: "ACTIVE",
    days: [
      { date: "2026-11-26", sent: 40, spam: 1 },
      { date: "2026-11-27", sent: 40, spam: 0 },
    ],
  },
  dailyLimit: 50,
  campaignIds: [101, 102],
  ...over,
});
const domain = (name: string, over: Partial<DomainSignals> = {}): DomainSignals => ({
  domain: name,
  dns: {
    spf: pass,
    dkim: { ...pass, name: `google._domainkey.${name}` },
    dmarc: { verdict: "unknown", detail: "SERVFAIL from every resolver" },
    mx: pass,
  },
  blocklists: [],
  mailboxes: [mailbox(`ana@${name}`)],
  ...over,
});

describe("renderHealthTable", () => {
  const broken = domain("broken.test", {
    blocklists: [
      {
        list: "Spamhaus DBL",
        kind: "domain",
        target: "broken.test",
        role: "domain",
        status: "listed",
        answer: "127.0.1.2",
        detail: "spam domain",
      },
    ],
    mailboxes: [
      mailbox("ben@broken.test", {
        smtp: { verdict: "fail", detail: "535 bad credentials", state: "authentication-failed" },
      }),
    ],
  });
  broken.dns.dkim = { verdict: "fail", detail: "no DKIM record", name: "google._domainkey.broken.test" };
  const table = renderHealthTable({
    stack: "prod",
    generatedAt: "2026-11-28T06:00:00.000Z",
    domains: [scoreDomain(domain("ok.test")), scoreDomain(broken)],
  });
  const lines = table.split("\n");

  it("gives each domain one row: score, status, deductions in short", () => {
    const score = 100 - D.dkimFail - D.domainListed - D.connectionBroken;
    expect(lines).toContain(`ok.test        100  healthy   none`);
    expect(lines).toContain(
      `broken.test  ${String(score).padStart(5)}  critical  -${D.dkimFail} dkim, -${D.domainListed} blocklist, -${D.connectionBroken} connection`,
    );
    expect(table).toContain("2 domains: 1 healthy, 0 at risk, 1 critical");
  });

  it("says why each deduction was made and which checks could not answer", () => {
    expect(lines).toContain(
      `  -${D.domainListed} blocklist: broken.test is listed on Spamhaus DBL (127.0.1.2: spam domain)`,
    );
    expect(lines).toContain("  unknown dmarc: SERVFAIL from every resolver");
  });

  it("gives each mailbox a line: connection, warmup, 7 days, limit, campaigns", () => {
    expect(lines).toContain(
      "  ben@broken.test  SMTP authentication-failed  IMAP connected  warmup ACTIVE  7d sent 80 spam 1 (1 %)  limit 50/day  campaigns 101,102",
    );
  });
});
