/**
 * Health reports for the HTML report's tests: real `DomainSignals` scored by `scoreDomain`, so a fixture's
 * score and status are the formula's, not written by hand.
 */
import { scoreDomain } from "../score";
import type { DnsAuthentication, DomainSignals, HealthReport, MailboxSignals, WarmupDay } from "../signals";

const DAYS = [
  "2026-11-21",
  "2026-11-22",
  "2026-11-23",
  "2026-11-24",
  "2026-11-25",
  "2026-11-26",
  "2026-11-27",
];

/** Seven days of warmup, `sent[i]` and `spam[i]` on day i. */
export function warmupDays(sent: number[], spam: number[]): WarmupDay[] {
  return DAYS.map((date, i) => ({ date, sent: sent[i] ?? 0, spam: spam[i] ?? 0 }));
}

function passingDns(domain: string): DnsAuthentication {
  return {
    spf: {
      verdict: "pass",
      detail: "valid, Google Workspace and Smartlead included",
      record: "v=spf1 include:_spf.google.com include:mail.smartlead.ai ~all",
      lookups: 5,
    },
    dkim: {
      verdict: "pass",
      detail: "published key equals Google Workspace's",
      name: `google._domainkey.${domain}`,
    },
    dmarc: {
      verdict: "pass",
      detail: "p=quarantine, reports requested",
      record: `v=DMARC1; p=quarantine; rua=mailto:dmarc-reports@acme-reports.test`,
      policy: "quarantine",
      alignment: { dkim: "r", spf: "r" },
      rua: ["mailto:dmarc-reports@acme-reports.test"],
    },
    mx: { verdict: "pass", detail: "Google Workspace", hosts: ["smtp.google.com"] },
    tracking: {
      verdict: "pass",
      detail: "points at Smartlead's tracking host",
      name: `emailtracking.${domain}`,
      target: "open.sleadtrack.com",
    },
  };
}

function cleanLists(domain: string): DomainSignals["blocklists"] {
  return [
    {
      list: "Spamhaus DBL",
      kind: "domain",
      target: domain,
      role: "domain",
      status: "clean",
      detail: "not listed (NXDOMAIN)",
    },
    { list: "SURBL", kind: "domain", target: domain, role: "domain", status: "clean", detail: "not listed" },
    {
      list: "Spamhaus DBL",
      kind: "domain",
      target: `emailtracking.${domain}`,
      role: "tracking",
      status: "clean",
      detail: "not listed (NXDOMAIN)",
    },
  ];
}

/** A connected mailbox warming up normally; `overrides` changes any part. */
export function mailbox(address: string, overrides: Partial<MailboxSignals> = {}): MailboxSignals {
  return {
    address,
    smartleadAccountId: 4100 + address.length,
    smtp: { verdict: "pass", state: "connected", detail: "SMTP sign-in works" },
    imap: { verdict: "pass", state: "connected", detail: "IMAP sign-in works" },
    warmup: {
      verdict: "pass",
      detail: "warming up",
      status: "ACTIVE",
      reputation: 98,
      days: warmupDays([20, 24, 28, 32, 36, 40, 40], [0, 1, 0, 0, 1, 0, 0]),
    },
    dailyLimit: 40,
    campaignIds: [311, 312],
    ...overrides,
  };
}

/** Everything passes: 100, healthy. */
export function healthySignals(): DomainSignals {
  const domain = "acme-outreach.test";
  return {
    domain,
    dns: passingDns(domain),
    blocklists: cleanLists(domain),
    mailboxes: [mailbox(`ana@${domain}`), mailbox(`ben@${domain}`)],
    dmarcReports: {
      reports: 3,
      reporters: ["google.com", "Yahoo"],
      period: { begin: "2026-11-21", end: "2026-11-27" },
      messages: 412,
      spfPassRate: 0.99,
      dkimPassRate: 1,
      dmarcPassRate: 1,
      failingSources: [],
    },
  };
}

/** SPF weak, a mailbox with warmup in spam, one paused, a blocklist that refused the query: at risk. */
export function atRiskSignals(): DomainSignals {
  const domain = "acme-mail.test";
  const dns = passingDns(domain);
  dns.spf = {
    ...dns.spf,
    verdict: "warn",
    detail: "close to the DNS lookup limit: one more include breaks SPF",
    lookups: 9,
  };
  dns.dmarc = { ...dns.dmarc, verdict: "warn", detail: "p=none: receivers take no action", policy: "none" };
  return {
    domain,
    dns,
    blocklists: [
      {
        list: "Spamhaus DBL",
        kind: "domain",
        target: domain,
        role: "domain",
        status: "unknown",
        answer: "127.255.255.254",
        detail: "query via public/open resolver refused: set a Spamhaus DQS key",
      },
      {
        list: "SURBL",
        kind: "domain",
        target: domain,
        role: "domain",
        status: "clean",
        detail: "not listed",
      },
    ],
    mailboxes: [
      mailbox(`cleo@${domain}`, {
        warmup: {
          verdict: "warn",
          detail: "warming up, many warmup emails in spam",
          status: "ACTIVE",
          reputation: 81,
          days: warmupDays([30, 30, 30, 30, 30, 30, 30], [4, 6, 5, 3, 7, 4, 5]),
        },
      }),
      mailbox(`dan@${domain}`, {
        warmup: {
          verdict: "warn",
          detail: "warmup paused by a person",
          status: "PAUSED",
          reputation: 95,
          days: warmupDays([20, 20, 20, 0, 0, 0, 0], [0, 0, 1, 0, 0, 0, 0]),
        },
      }),
    ],
    dmarcReports: {
      reports: 4,
      reporters: ["google.com", "Outlook.com"],
      period: { begin: "2026-11-21T00:00:00.000Z", end: "2026-11-27T23:59:59.000Z" },
      messages: 260,
      spfPassRate: 0.93,
      dkimPassRate: 0.95,
      dmarcPassRate: 0.95,
      failingSources: [{ sourceIp: "203.0.113.9", messages: 13, dmarcPass: false }],
    },
  };
}

/** Listed on Spamhaus DBL, DKIM missing, a mailbox whose SMTP sign-in fails, one with no warmup data: critical. */
export function criticalSignals(): DomainSignals {
  const domain = "acme-sales.test";
  const dns = passingDns(domain);
  dns.dkim = { verdict: "fail", detail: "no DKIM key published", name: `google._domainkey.${domain}` };
  return {
    domain,
    dns,
    blocklists: [
      {
        list: "Spamhaus DBL",
        kind: "domain",
        target: domain,
        role: "domain",
        status: "listed",
        answer: "127.0.1.2",
        detail: "spam domain",
        delistUrl: "https://check.spamhaus.org/",
      },
      ...cleanLists(domain).slice(1),
    ],
    mailboxes: [
      mailbox(`eve@${domain}`, {
        smtp: {
          verdict: "fail",
          state: "authentication-failed",
          detail: "535 5.7.8 Username and Password not accepted",
        },
      }),
      mailbox(`finn@${domain}`, {
        smartleadAccountId: undefined,
        smtp: { verdict: "unknown", state: "unknown", detail: "not connected to Smartlead" },
        imap: { verdict: "unknown", state: "unknown", detail: "not connected to Smartlead" },
        warmup: { verdict: "unknown", detail: "no warmup: not connected to Smartlead", days: [] },
        dailyLimit: undefined,
        campaignIds: [],
      }),
    ],
    dmarcReportsDetail: "no aggregate report received yet",
  };
}

/** A report of the three domains above, as `npm run health` would hand it over. */
export function threeDomainReport(): HealthReport {
  return {
    stack: "agency-a",
    generatedAt: "2026-11-28T06:00:00.000Z",
    domains: [healthySignals(), atRiskSignals(), criticalSignals()].map(scoreDomain),
  };
}

/** Markup that would run or load something if a value were not escaped. */
export const HOSTILE = {
  script: "<script>alert('reporter')</script>",
  image: `"><img src=x onerror="alert('source')">`,
  iframe: "</td><iframe src=https://evil.test/></iframe>",
  style: "<style>body{display:none}</style>",
  link: "javascript:alert('delist')",
};

/** Every outside value carrying markup: reporter org, source IP, blocklist answers, failure messages, names. */
export function hostileReport(): HealthReport {
  const signals = criticalSignals();
  signals.domain = `acme-${HOSTILE.style}.test`;
  signals.dns.spf.record = HOSTILE.image;
  signals.blocklists[0] = { ...signals.blocklists[0], detail: HOSTILE.iframe, delistUrl: HOSTILE.link };
  signals.mailboxes[0].smtp.detail = HOSTILE.script;
  signals.mailboxes[0].address = `${HOSTILE.image}@acme-sales.test`;
  signals.dmarcReports = {
    reports: 1,
    reporters: [HOSTILE.script],
    messages: 40,
    spfPassRate: 0.5,
    dkimPassRate: 0.5,
    dmarcPassRate: 0.5,
    failingSources: [{ sourceIp: HOSTILE.image, messages: 20, dmarcPass: false }],
  };
  return { stack: HOSTILE.script, generatedAt: HOSTILE.iframe, domains: [scoreDomain(signals)] };
}
