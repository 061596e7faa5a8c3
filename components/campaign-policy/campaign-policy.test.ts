import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { BlocklistFinding } from "../../health/signals";
import type { CampaignPolicy } from "../config/campaign-policy";
import { admittedCampaigns } from "./admission";
import {
  type DomainStanding,
  type MailboxStanding,
  needsDomainChecks,
  planCampaignAdmissions,
  waitingLine,
} from "./campaign-policy";

const now = new Date("2026-11-28T12:00:00Z");
const policy: CampaignPolicy = { warmupDays: 14, minHealthScore: 70, whenListed: "keep" };
const daysAgo = (n: number) => new Date(now.getTime() - n * 86_400_000).toISOString();

const finding = (status: BlocklistFinding["status"], detail = "spam domain"): BlocklistFinding => ({
  list: "Spamhaus DBL",
  kind: "domain",
  target: "send.test",
  role: "domain",
  status,
  ...(status === "listed" ? { answer: "127.0.1.2" } : {}),
  detail,
});
const healthy: DomainStanding = {
  kind: "checked",
  blocklists: [finding("clean", "not listed")],
  score: 100,
  deductions: [],
};
const listed: DomainStanding = {
  kind: "checked",
  blocklists: [finding("listed")],
  score: 60,
  deductions: [{ points: 40, check: "blocklist", reason: "send.test is listed on Spamhaus DBL" }],
};
const warmed = (extra: Partial<MailboxStanding> = {}): MailboxStanding => ({
  address: "ana@send.test",
  campaignIds: [501, 502],
  currentCampaignIds: [],
  warmup: { kind: "started", at: daysAgo(20) },
  ...extra,
});

describe("planCampaignAdmissions", () => {
  const cases: {
    name: string;
    policy?: Partial<CampaignPolicy>;
    mailbox: MailboxStanding;
    domain?: DomainStanding;
    admission: string;
    reasons?: RegExp[];
    joinsOn?: string;
  }[] = [
    { name: "warmed, clean, healthy: joins", mailbox: warmed(), domain: healthy, admission: "join" },
    {
      name: "under its warmup period: waits until the day the period ends",
      mailbox: warmed({ warmup: { kind: "started", at: "2026-11-20T09:00:00Z" } }),
      domain: healthy,
      admission: "hold",
      reasons: [/warming up since 2026-11-20: 14 days end on 2026-12-04/],
      joinsOn: "2026-12-04",
    },
    {
      name: "connected in this run: its warmup starts today",
      mailbox: warmed({ warmup: { kind: "new" }, currentCampaignIds: [] }),
      domain: healthy,
      admission: "hold",
      reasons: [
        /warmup starts when its account is connected .*: 14 days from then, 2026-12-12 at the earliest/,
      ],
      joinsOn: "2026-12-12",
    },
    {
      name: "warmupDays 0: a new account joins at once",
      policy: { warmupDays: 0 },
      mailbox: warmed({ warmup: { kind: "new" } }),
      domain: healthy,
      admission: "join",
    },
    {
      name: "warmup turned off in the configuration: no warmup period to wait for",
      mailbox: warmed({ warmup: { kind: "off" } }),
      domain: healthy,
      admission: "join",
    },
    {
      name: "warmup start unknown: waits, with no date",
      mailbox: warmed({ warmup: { kind: "unknown", detail: "Smartlead gave no warmup_created_at" } }),
      domain: healthy,
      admission: "hold",
      reasons: [/warmup start is not known \(Smartlead gave no warmup_created_at\)/],
    },
    {
      name: "listed: waits, the listing and the score named, no date",
      mailbox: warmed(),
      domain: listed,
      admission: "hold",
      reasons: [
        /send.test is listed on Spamhaus DBL \(127.0.1.2: spam domain\)/,
        /health score 60 is below 70 \(-40/,
      ],
    },
    {
      name: "no list could answer for the domain: holds it back",
      mailbox: warmed(),
      domain: {
        kind: "checked",
        blocklists: [
          finding("unknown", "127.255.255.254: query via public resolver refused"),
          { ...finding("unknown", "127.0.0.1: query refused"), list: "URIBL multi" },
        ],
        score: 100,
        deductions: [],
      },
      admission: "hold",
      reasons: [
        /no blocklist could answer for send.test: Spamhaus DBL \(127.255.255.254.*; URIBL multi \(127.0.0.1/,
      ],
    },
    {
      name: "one list answered clean while another refused: joins (the refusal stays unknown in npm run health)",
      mailbox: warmed(),
      domain: {
        kind: "checked",
        blocklists: [
          finding("clean", "not listed"),
          { ...finding("unknown", "127.0.0.1: query refused"), list: "URIBL multi" },
        ],
        score: 100,
        deductions: [],
      },
      admission: "join",
    },
    {
      name: "the tracking host with no answer holds it back even when the domain has one",
      mailbox: warmed(),
      domain: {
        kind: "checked",
        blocklists: [
          finding("clean", "not listed"),
          { ...finding("unknown", "timeout"), target: "emailtracking.send.test", role: "tracking" },
        ],
        score: 100,
        deductions: [],
      },
      admission: "hold",
      reasons: [/no blocklist could answer for emailtracking.send.test: Spamhaus DBL \(timeout\)/],
    },
    {
      name: "checks that could not run hold it back",
      mailbox: warmed(),
      domain: { kind: "unknown", detail: "resolver timeout" },
      admission: "hold",
      reasons: [/could not run \(resolver timeout\)/],
    },
    {
      name: "score under the threshold",
      mailbox: warmed(),
      domain: {
        kind: "checked",
        blocklists: [],
        score: 65,
        deductions: [
          { points: 10, check: "mx", reason: "MX missing" },
          { points: 25, check: "dkim", reason: "DKIM key missing" },
        ],
      },
      admission: "hold",
      reasons: [/health score 65 is below 70 \(-25 DKIM key missing; -10 MX missing\)/],
    },
    {
      name: "minHealthScore 0 turns the score off",
      policy: { minHealthScore: 0 },
      mailbox: warmed(),
      domain: { kind: "checked", blocklists: [], score: 5, deductions: [] },
      admission: "join",
    },
    {
      name: "listed with whenListed leave: leaves its campaigns",
      policy: { whenListed: "leave" },
      mailbox: warmed({ currentCampaignIds: [501, 502] }),
      domain: listed,
      admission: "leave",
      reasons: [/listed on Spamhaus DBL/, /health score 60 is below 70/, /left its campaigns while listed/],
    },
    {
      name: "no campaigns declared: nothing to wait for",
      mailbox: warmed({ campaignIds: [], warmup: { kind: "new" } }),
      domain: listed,
      admission: "join",
    },
  ];

  for (const c of cases) {
    it(c.name, () => {
      const plan = planCampaignAdmissions({
        policy: { ...policy, ...c.policy },
        mailboxes: [c.mailbox],
        ...(c.domain ? { domain: c.domain } : {}),
        now,
      });
      expect(plan.admissions[c.mailbox.address]).toBe(c.admission);
      const waiting = plan.waiting.find((w) => w.address === c.mailbox.address);
      if (c.admission === "join") {
        expect(waiting).toBeUndefined();
        return;
      }
      expect(waiting?.reasons).toHaveLength(c.reasons?.length ?? 0);
      for (const [i, pattern] of (c.reasons ?? []).entries()) expect(waiting?.reasons[i]).toMatch(pattern);
      expect(waiting?.joinsOn).toBe(c.joinsOn);
    });
  }

  it("names a list once when the finding's detail already names it", () => {
    const plan = planCampaignAdmissions({
      policy,
      mailboxes: [warmed()],
      domain: {
        ...listed,
        blocklists: [{ ...finding("listed"), detail: "listed on Spamhaus DBL (127.0.1.2: spam domain)" }],
      },
      now,
    });
    expect(plan.waiting[0]?.reasons[0]).toBe("send.test is listed on Spamhaus DBL (127.0.1.2: spam domain)");
  });

  it("a mailbox already in all its campaigns is held, not reported, while the domain is listed (keep)", () => {
    const inAll = warmed({ currentCampaignIds: [501, 502] });
    const plan = planCampaignAdmissions({ policy, mailboxes: [inAll], domain: listed, now });
    expect(plan.admissions[inAll.address]).toBe("hold");
    expect(plan.waiting).toEqual([]);
    expect(admittedCampaigns(inAll.campaignIds, "hold", [501, 502])).toEqual([501, 502]);
  });

  it("a mailbox in one of two campaigns waits only for the other", () => {
    const plan = planCampaignAdmissions({
      policy,
      mailboxes: [warmed({ currentCampaignIds: [502], warmup: { kind: "started", at: daysAgo(3) } })],
      domain: healthy,
      now,
    });
    expect(plan.waiting[0]?.campaignIds).toEqual([501]);
  });

  it("prints one line naming the campaigns, every reason and the day it can join", () => {
    const plan = planCampaignAdmissions({
      policy,
      mailboxes: [warmed({ warmup: { kind: "started", at: "2026-11-20T09:00:00Z" } })],
      domain: healthy,
      now,
    });
    const line = waitingLine(plan.waiting[0]!);
    expect(line).toBe(
      "ana@send.test waits to join campaigns 501, 502: warming up since 2026-11-20: 14 days end on 2026-12-04; it can join on 2026-12-04. The next `pulumi up` after that assigns it.",
    );
    expect(line).not.toContain("\n");
  });
});

describe("needsDomainChecks", () => {
  it("is false when every mailbox is in all its declared campaigns (the fleet is left unchecked)", () => {
    expect(needsDomainChecks(policy, [warmed({ currentCampaignIds: [501, 502, 999] })])).toBe(false);
    expect(needsDomainChecks(policy, [warmed({ campaignIds: [] })])).toBe(false);
  });
  it("is true for a mailbox not yet in a campaign, one whose membership is unknown, or whenListed leave", () => {
    expect(needsDomainChecks(policy, [warmed({ currentCampaignIds: [501] })])).toBe(true);
    expect(needsDomainChecks(policy, [{ ...warmed(), currentCampaignIds: undefined }])).toBe(true);
    expect(
      needsDomainChecks({ ...policy, whenListed: "leave" }, [warmed({ currentCampaignIds: [501, 502] })]),
    ).toBe(true);
  });
});

describe("properties", () => {
  const ids = fc.uniqueArray(fc.integer({ min: 1, max: 20 }), { maxLength: 5 });
  const status = fc.constantFrom<BlocklistFinding["status"]>("listed", "clean", "unknown");
  const arbitraryPolicy = fc.record({
    warmupDays: fc.integer({ min: 0, max: 60 }),
    minHealthScore: fc.integer({ min: 0, max: 100 }),
    whenListed: fc.constantFrom<CampaignPolicy["whenListed"]>("keep", "leave"),
  });
  const mailbox = fc.record({
    address: fc.constant("ana@send.test"),
    campaignIds: ids,
    currentCampaignIds: fc.option(ids, { nil: undefined }),
    warmup: fc.oneof(
      fc.record({ kind: fc.constant("started" as const), at: fc.integer({ min: 0, max: 90 }).map(daysAgo) }),
      fc.constant({ kind: "new" as const }),
      fc.constant({ kind: "unknown" as const, detail: "no date" }),
      fc.constant({ kind: "off" as const }),
    ),
  });
  const domain: fc.Arbitrary<DomainStanding> = fc.oneof(
    fc.record({
      kind: fc.constant("checked" as const),
      blocklists: fc.array(
        fc
          .tuple(
            status,
            fc.constantFrom("Spamhaus DBL", "URIBL multi"),
            fc.constantFrom("send.test", "t.send.test"),
          )
          .map(([s, list, target]) => ({ ...finding(s), list, target })),
        { maxLength: 4 },
      ),
      score: fc.integer({ min: 0, max: 100 }),
      deductions: fc.constant([]),
    }),
    fc.constant({ kind: "unknown" as const, detail: "timeout" }),
  );

  const warmupOver = (p: CampaignPolicy, m: MailboxStanding) =>
    p.warmupDays === 0 ||
    m.warmup.kind === "off" ||
    (m.warmup.kind === "started" && now.getTime() - Date.parse(m.warmup.at) >= p.warmupDays * 86_400_000);

  it("never joins a campaign before the warmup period is over, nor while listed or no list answered for a name", () => {
    fc.assert(
      fc.property(arbitraryPolicy, mailbox, domain, (p, m, d) => {
        const plan = planCampaignAdmissions({ policy: p, mailboxes: [m], domain: d, now });
        const current = m.currentCampaignIds ?? [];
        const after = admittedCampaigns(m.campaignIds, plan.admissions[m.address]!, current);
        const joined = after.filter((id) => !current.includes(id));
        const answeredFor = (target: string) =>
          d.kind === "checked" && d.blocklists.some((f) => f.target === target && f.status !== "unknown");
        const clean =
          d.kind === "checked" &&
          d.blocklists.every((f) => f.status !== "listed") &&
          d.blocklists.every((f) => answeredFor(f.target));
        if (!warmupOver(p, m) || !clean) expect(joined).toEqual([]);
      }),
    );
  });

  it("never takes a mailbox out of a declared campaign it is in, unless whenListed leave and listed", () => {
    fc.assert(
      fc.property(arbitraryPolicy, mailbox, fc.option(domain, { nil: undefined }), (p, m, d) => {
        const plan = planCampaignAdmissions({ policy: p, mailboxes: [m], ...(d ? { domain: d } : {}), now });
        const current = m.currentCampaignIds ?? [];
        const after = admittedCampaigns(m.campaignIds, plan.admissions[m.address]!, current);
        const lost = current.filter((id) => m.campaignIds.includes(id) && !after.includes(id));
        const listedNow = d?.kind === "checked" && d.blocklists.some((f) => f.status === "listed");
        if (!(p.whenListed === "leave" && listedNow)) expect(lost).toEqual([]);
      }),
    );
  });

  it("reports every mailbox that does not reach all its campaigns, with at least one reason", () => {
    fc.assert(
      fc.property(arbitraryPolicy, mailbox, domain, (p, m, d) => {
        const plan = planCampaignAdmissions({ policy: p, mailboxes: [m], domain: d, now });
        const current = m.currentCampaignIds ?? [];
        const after = admittedCampaigns(m.campaignIds, plan.admissions[m.address]!, current);
        const missing = m.campaignIds.some((id) => !after.includes(id));
        const waiting = plan.waiting.find((w) => w.address === m.address);
        if (missing) expect(waiting?.reasons.length).toBeGreaterThan(0);
        if (waiting?.joinsOn) expect(waiting.reasons).toHaveLength(1);
      }),
    );
  });
});
