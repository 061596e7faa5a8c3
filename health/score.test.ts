import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { HEALTH_DEDUCTIONS as D, scoreDomain } from "./score";
import type { BlocklistFinding, CheckResult, DomainSignals, MailboxSignals, Verdict } from "./signals";

const ok: CheckResult = { verdict: "pass", detail: "ok" };

function mailbox(address: string, over: Partial<MailboxSignals> = {}): MailboxSignals {
  return {
    address,
    smartleadAccountId: 1,
    smtp: { ...ok, state: "connected" },
    imap: { ...ok, state: "connected" },
    warmup: { ...ok, status: "ACTIVE", days: [{ date: "2026-11-27", sent: 80, spam: 1 }] },
    dailyLimit: 50,
    campaignIds: [],
    ...over,
  };
}

function healthy(over: Partial<DomainSignals> = {}): DomainSignals {
  return {
    domain: "acme.test",
    dns: {
      spf: { ...ok, record: "v=spf1 include:_spf.google.com ~all", lookups: 4 },
      dkim: { ...ok, name: "google._domainkey.acme.test" },
      dmarc: { ...ok, policy: "quarantine" },
      mx: { ...ok, hosts: ["smtp.google.com"] },
      tracking: { ...ok, name: "emailtracking.acme.test" },
    },
    blocklists: [],
    mailboxes: [mailbox("ana@acme.test"), mailbox("ben@acme.test")],
    ...over,
  };
}

function listing(role: BlocklistFinding["role"], list = "Spamhaus DBL"): BlocklistFinding {
  return {
    list,
    kind: role === "sending-ip" ? "ip" : "domain",
    target: role === "domain" ? "acme.test" : role === "tracking" ? "emailtracking.acme.test" : "192.0.2.1",
    role,
    status: "listed",
    answer: "127.0.1.2",
    detail: "spam domain",
  };
}

function withDns(check: "spf" | "dmarc" | "mx", verdict: Verdict): DomainSignals {
  const s = healthy();
  s.dns[check] = { ...s.dns[check], verdict, detail: "x" } as never;
  return s;
}

const broken = (address: string) =>
  mailbox(address, { smtp: { verdict: "fail", detail: "535", state: "authentication-failed" } });

describe("scoreDomain", () => {
  it.each<[string, DomainSignals, number]>([
    ["everything passes", healthy(), 100],
    ["spf fail", withDns("spf", "fail"), 100 - D.spfFail],
    ["spf warn", withDns("spf", "warn"), 100 - D.spfWarn],
    ["spf unknown costs nothing", withDns("spf", "unknown"), 100],
    ["dmarc fail", withDns("dmarc", "fail"), 100 - D.dmarcFail],
    ["dmarc warn (p=none) costs nothing", withDns("dmarc", "warn"), 100],
    ["mx fail", withDns("mx", "fail"), 100 - D.mxFail],
    [
      "dkim fail",
      (() => {
        const s = healthy();
        s.dns.dkim = { verdict: "fail", detail: "no key", name: s.dns.dkim.name };
        return s;
      })(),
      100 - D.dkimFail,
    ],
    [
      "tracking fail",
      (() => {
        const s = healthy();
        s.dns.tracking = { verdict: "fail", detail: "missing", name: "t.acme.test" };
        return s;
      })(),
      100 - D.trackingFail,
    ],
    ["domain listed on one list", healthy({ blocklists: [listing("domain")] }), 100 - D.domainListed],
    [
      "domain listed on two lists",
      healthy({ blocklists: [listing("domain"), listing("domain", "SURBL")] }),
      100 - 2 * D.domainListed,
    ],
    ["tracking domain listed", healthy({ blocklists: [listing("tracking")] }), 100 - D.trackingListed],
    [
      "tracking host listed with its domain on the same list counts once",
      healthy({ blocklists: [listing("domain"), listing("tracking")] }),
      100 - D.domainListed,
    ],
    [
      "tracking host listed with its domain on two different lists counts both",
      healthy({ blocklists: [listing("domain"), listing("tracking", "SURBL")] }),
      100 - D.domainListed - D.trackingListed,
    ],
    ["sending IP listed", healthy({ blocklists: [listing("sending-ip")] }), 100 - D.sendingIpListed],
    [
      "a clean and an unknown listing cost nothing",
      healthy({
        blocklists: [
          { ...listing("domain"), status: "clean" },
          { ...listing("domain"), status: "unknown" },
        ],
      }),
      100,
    ],
    ["one broken mailbox", healthy({ mailboxes: [broken("a@acme.test")] }), 100 - D.connectionBroken],
    [
      "three broken mailboxes are capped",
      healthy({ mailboxes: ["a", "b", "c"].map((u) => broken(`${u}@acme.test`)) }),
      100 - D.connectionBrokenMax,
    ],
    [
      "a mailbox broken on SMTP and IMAP counts once",
      healthy({
        mailboxes: [
          mailbox("a@acme.test", {
            smtp: { verdict: "fail", detail: "t", state: "timeout" },
            imap: { verdict: "fail", detail: "t", state: "timeout" },
          }),
        ],
      }),
      100 - D.connectionBroken,
    ],
    [
      "an unknown connection costs nothing",
      healthy({
        mailboxes: [
          mailbox("a@acme.test", { imap: { verdict: "unknown", detail: "5xx", state: "unknown" } }),
        ],
      }),
      100,
    ],
    [
      "warmup spam over Smartlead's 2 %",
      healthy({
        mailboxes: [
          mailbox("a@acme.test", {
            warmup: { ...ok, status: "ACTIVE", days: [{ date: "2026-11-27", sent: 100, spam: 3 }] },
          }),
        ],
      }),
      100 - D.warmupSpam,
    ],
    [
      "warmup spam of exactly 2 % costs nothing",
      healthy({
        mailboxes: [
          mailbox("a@acme.test", {
            warmup: { ...ok, status: "ACTIVE", days: [{ date: "2026-11-27", sent: 100, spam: 2 }] },
          }),
        ],
      }),
      100,
    ],
    [
      "warmup spam is capped",
      healthy({
        mailboxes: ["a", "b", "c"].map((u) =>
          mailbox(`${u}@acme.test`, {
            warmup: { ...ok, status: "ACTIVE", days: [{ date: "2026-11-27", sent: 10, spam: 5 }] },
          }),
        ),
      }),
      100 - D.warmupSpamMax,
    ],
    [
      "warmup paused, capped",
      healthy({
        mailboxes: ["a", "b", "c"].map((u) =>
          mailbox(`${u}@acme.test`, { warmup: { ...ok, status: "INACTIVE", days: [] } }),
        ),
      }),
      100 - D.warmupInactiveMax,
    ],
    [
      "warmup blocked",
      healthy({
        mailboxes: [
          mailbox("a@acme.test", {
            warmup: { verdict: "fail", detail: "blocked", status: "ACTIVE", days: [] },
          }),
        ],
      }),
      100 - D.warmupInactive,
    ],
    [
      "warmup blocked without a status",
      healthy({
        mailboxes: [mailbox("a@acme.test", { warmup: { verdict: "fail", detail: "blocked", days: [] } })],
      }),
      100 - D.warmupInactive,
    ],
    [
      "warmup status unknown costs nothing",
      healthy({
        mailboxes: [
          mailbox("a@acme.test", {
            warmup: { verdict: "unknown", detail: "5xx", status: "INACTIVE", days: [] },
          }),
        ],
      }),
      100,
    ],
    [
      "DMARC reports below 90 % over 20 messages",
      healthy({ dmarcReports: reports(20, 0.85) }),
      100 - D.dmarcReportsFailing,
    ],
    ["DMARC reports over too few messages cost nothing", healthy({ dmarcReports: reports(19, 0.1) }), 100],
    ["DMARC reports at 90 % cost nothing", healthy({ dmarcReports: reports(100, 0.9) }), 100],
    [
      "the score does not go below 0",
      healthy({ blocklists: [1, 2, 3].map((n) => listing("domain", `list ${n}`)) }),
      0,
    ],
  ])("%s", (_, signals, score) => {
    expect(scoreDomain(signals).score).toBe(score);
  });

  it("says healthy from 90, at risk from 70, critical below or when listed", () => {
    expect(scoreDomain(healthy()).status).toBe("healthy");
    expect(scoreDomain(withDns("spf", "fail")).status).toBe("at-risk"); // 80
    expect(scoreDomain(withDns("mx", "fail")).status).toBe("healthy"); // 90
    const s = healthy({ mailboxes: [broken("a@acme.test"), broken("b@acme.test")] });
    expect(scoreDomain(s)).toMatchObject({ score: 70, status: "at-risk" });
    const worse = healthy({ mailboxes: [broken("a@acme.test"), broken("b@acme.test")] });
    worse.dns.spf = { verdict: "warn", detail: "x" };
    expect(scoreDomain(worse)).toMatchObject({ score: 65, status: "critical" });
    // A listing is critical whatever the score: a tracking listing leaves 80.
    expect(scoreDomain(healthy({ blocklists: [listing("tracking")] }))).toMatchObject({
      score: 80,
      status: "critical",
    });
  });

  it("names what cost the points", () => {
    const health = scoreDomain(
      healthy({ blocklists: [listing("domain")], mailboxes: [broken("a@acme.test")] }),
    );
    expect(health.deductions).toEqual([
      {
        points: D.domainListed,
        check: "blocklist",
        reason: "acme.test is listed on Spamhaus DBL (127.0.1.2: spam domain)",
      },
      { points: D.connectionBroken, check: "connection", reason: "a@acme.test: SMTP authentication-failed" },
    ]);
  });
});

function reports(messages: number, dmarcPassRate: number): DomainSignals["dmarcReports"] {
  return {
    reports: 1,
    reporters: ["google.com"],
    messages,
    spfPassRate: 1,
    dkimPassRate: dmarcPassRate,
    dmarcPassRate,
    failingSources: [],
  };
}

// ---------------------------------------------------------------- properties

const verdict = fc.constantFrom<Verdict>("pass", "warn", "fail", "unknown");
const state = fc.constantFrom<MailboxSignals["smtp"]["state"]>(
  "connected",
  "authentication-failed",
  "timeout",
  "failed",
  "unknown",
);
const mailboxArb = fc.record({
  smtp: state,
  imap: state,
  status: fc.option(fc.constantFrom("ACTIVE", "INACTIVE", "PAUSED"), { nil: undefined }),
  warmupVerdict: verdict,
  sent: fc.nat(200),
  spam: fc.nat(200),
});
const signalsArb = fc.record({
  spf: verdict,
  dkim: verdict,
  dmarc: verdict,
  mx: verdict,
  tracking: fc.option(verdict, { nil: undefined }),
  listings: fc.array(
    fc.record({
      role: fc.constantFrom<BlocklistFinding["role"]>("domain", "tracking", "sending-ip"),
      status: fc.constantFrom<BlocklistFinding["status"]>("listed", "clean", "unknown"),
    }),
    { maxLength: 6 },
  ),
  mailboxes: fc.array(mailboxArb, { maxLength: 6 }),
  dmarcReports: fc.option(
    fc.record({ messages: fc.nat(1000), passRate: fc.double({ min: 0, max: 1, noNaN: true }) }),
    {
      nil: undefined,
    },
  ),
});
type SignalsSpec = typeof signalsArb extends fc.Arbitrary<infer T> ? T : never;

function build(spec: SignalsSpec): DomainSignals {
  const check = (v: Verdict) => ({ verdict: v, detail: "x" });
  return {
    domain: "acme.test",
    dns: {
      spf: check(spec.spf),
      dkim: { ...check(spec.dkim), name: "s._domainkey.acme.test" },
      dmarc: check(spec.dmarc),
      mx: check(spec.mx),
      ...(spec.tracking ? { tracking: { ...check(spec.tracking), name: "t.acme.test" } } : {}),
    },
    blocklists: spec.listings.map((l, i) => ({ ...listing(l.role, `list ${i}`), status: l.status })),
    mailboxes: spec.mailboxes.map((m, i) =>
      mailbox(`m${i}@acme.test`, {
        smtp: { ...check("pass"), state: m.smtp },
        imap: { ...check("pass"), state: m.imap },
        warmup: {
          ...check(m.warmupVerdict),
          ...(m.status ? { status: m.status } : {}),
          days: [{ date: "2026-11-27", sent: m.sent, spam: Math.min(m.spam, m.sent) }],
        },
      }),
    ),
    ...(spec.dmarcReports
      ? { dmarcReports: reports(spec.dmarcReports.messages, spec.dmarcReports.passRate) }
      : {}),
  };
}

/** Makes one thing worse: a check fails, a listing appears, a mailbox breaks. */
const worsening = fc.constantFrom(
  (s: DomainSignals) => {
    s.dns.spf = { verdict: "fail", detail: "x" };
  },
  (s: DomainSignals) => {
    s.dns.dkim = { verdict: "fail", detail: "x", name: s.dns.dkim.name };
  },
  (s: DomainSignals) => {
    s.blocklists.push(listing("domain", "another list"));
  },
  (s: DomainSignals) => {
    s.mailboxes.push(broken("new@acme.test"));
  },
  (s: DomainSignals) => {
    s.mailboxes.push(mailbox("new@acme.test", { warmup: { ...ok, status: "INACTIVE", days: [] } }));
  },
);

describe("scoreDomain properties", () => {
  it("always scores between 0 and 100, and its deductions add up", () => {
    fc.assert(
      fc.property(signalsArb, (spec) => {
        const health = scoreDomain(build(spec));
        expect(health.score).toBeGreaterThanOrEqual(0);
        expect(health.score).toBeLessThanOrEqual(100);
        const total = health.deductions.reduce((n, d) => n + d.points, 0);
        expect(health.score).toBe(Math.max(0, 100 - total));
      }),
    );
  });

  it("never raises the score when a failure is added", () => {
    fc.assert(
      fc.property(signalsArb, worsening, (spec, worsen) => {
        const before = scoreDomain(build(spec)).score;
        const worse = build(spec);
        worsen(worse);
        expect(scoreDomain(worse).score).toBeLessThanOrEqual(before);
      }),
    );
  });
});
