import * as pulumi from "@pulumi/pulumi";
import { describe, expect, it, vi } from "vitest";
import type { BlocklistFinding, DnsAuthentication, MailboxSignals } from "../../health/signals";
import { mockRuntime } from "../../test/support/mock-runtime";
import { resolved } from "../../test/support/resolved";
import { parseConfig } from "../config/parse";
import type { MailinfraConfig } from "../config/schema";
import type { MailDnsRecord } from "../dns/record";
import type { SendingPlatform } from "../sending-platforms/sending-platform";
import { campaignGate } from "./campaign-gate";
import type { MailboxStanding } from "./campaign-policy";
import type { DomainChecks } from "./domain-standing";

mockRuntime();

const now = new Date("2026-11-28T12:00:00Z");
const daysAgo = (n: number) => new Date(now.getTime() - n * 86_400_000).toISOString();

function config(): MailinfraConfig {
  const parsed = parseConfig({
    "mailinfra:defaults": {
      dns: { host: "manual", registrar: "godaddy" },
      smartlead: { campaignIds: [501] },
    },
    "mailinfra:domains": [
      { name: "assigned.test", mailboxes: [{ username: "ana", firstName: "Ana", lastName: "Lopez" }] },
      { name: "new.test", mailboxes: [{ username: "ben", firstName: "Ben", lastName: "Okafor" }] },
      {
        name: "broken.test",
        campaignPolicy: { warmupDays: 0 },
        mailboxes: [{ username: "cleo", firstName: "Cleo", lastName: "Martin" }],
      },
    ],
  });
  if (!parsed.config) throw new Error(JSON.stringify(parsed.issues));
  return parsed.config;
}

const standings: MailboxStanding[] = [
  {
    address: "ana@assigned.test",
    campaignIds: [501],
    currentCampaignIds: [501],
    warmup: { kind: "started", at: daysAgo(40) },
  },
  {
    address: "ben@new.test",
    campaignIds: [501],
    currentCampaignIds: [],
    warmup: { kind: "started", at: daysAgo(20) },
  },
  { address: "cleo@broken.test", campaignIds: [501], currentCampaignIds: [], warmup: { kind: "new" } },
];

const dnsPass: DnsAuthentication = {
  spf: { verdict: "pass", detail: "ok" },
  dkim: { verdict: "pass", detail: "ok", name: "google._domainkey.x" },
  dmarc: { verdict: "pass", detail: "ok" },
  mx: { verdict: "pass", detail: "ok" },
};

function platform(signals = vi.fn(async (addresses: string[]) => addresses.map(connected))): SendingPlatform {
  return {
    name: "Fake",
    joins: () => true,
    connectMailbox: () => {
      throw new Error("not used");
    },
    preflight: async () => [],
    campaignStandings: async () => ({
      mailboxes: new Map(standings.map((s) => [s.address, s])),
      signals,
    }),
  };
}

function connected(address: string): MailboxSignals {
  const ok = { verdict: "pass" as const, detail: "ok", state: "connected" as const };
  return {
    address,
    smtp: ok,
    imap: ok,
    warmup: { verdict: "pass", detail: "ok", status: "ACTIVE", days: [] },
    campaignIds: [],
  };
}

describe("campaignGate", () => {
  it("checks only the domains with a mailbox not yet in its campaigns, once their records resolve", async () => {
    const cfg = config();
    const dns = vi.fn(async (_target: { domain: string }) => dnsPass);
    const blocklists = vi.fn(async (): Promise<BlocklistFinding[]> => []);
    const signals = vi.fn(async (addresses: string[]) => addresses.map(connected));
    const gate = await campaignGate(cfg, platform(signals), {
      now: () => now,
      checks: { dns, blocklists } as unknown as DomainChecks,
    });
    if (!gate) throw new Error("expected a gate");
    const records: MailDnsRecord[] = [];
    const plans = cfg.domains.map((d) => gate.plan(d, records, pulumi.output(true)));
    const [assigned, fresh, broken] = await Promise.all(plans.map(resolved));
    expect(assigned).toEqual({ admissions: { "ana@assigned.test": "join" }, waiting: [] });
    expect(fresh?.admissions).toEqual({ "ben@new.test": "join" });
    // cleo's account is connected in this run, but warmupDays 0 lets it join at once.
    expect(broken?.admissions).toEqual({ "cleo@broken.test": "join" });
    expect(dns.mock.calls.map(([target]) => target.domain).sort()).toEqual(["broken.test", "new.test"]);
    // One read of the platform's signals for every checked domain.
    expect(signals).toHaveBeenCalledTimes(1);
    expect(signals.mock.calls[0]?.[0].sort()).toEqual(["ben@new.test", "cleo@broken.test"]);
  });

  it("a platform that could not say who is in which campaign: no domain checked, every mailbox holds, said once", async () => {
    const cfg = config();
    const dns = vi.fn(async () => dnsPass);
    const blocklists = vi.fn(async (): Promise<BlocklistFinding[]> => []);
    const signals = vi.fn(async (addresses: string[]) => addresses.map(connected));
    const why = "Smartlead's account list could not be read: 503 Service Unavailable";
    const unknown: SendingPlatform = {
      ...platform(signals),
      campaignStandings: async () => ({
        mailboxes: new Map(
          standings.map((s) => [
            s.address,
            {
              address: s.address,
              campaignIds: s.campaignIds,
              warmup: { kind: "unknown" as const, detail: why },
            },
          ]),
        ),
        signals,
        unreadable: why,
      }),
    };
    const warn = vi.spyOn(pulumi.log, "warn");
    const gate = await campaignGate(cfg, unknown, {
      now: () => now,
      checks: { dns, blocklists } as unknown as DomainChecks,
    });
    const plans = await Promise.all(cfg.domains.map((d) => resolved(gate!.plan(d, [], pulumi.output(true)))));
    expect(plans.map((p) => p?.admissions)).toEqual([
      { "ana@assigned.test": "hold" },
      { "ben@new.test": "hold" },
      { "cleo@broken.test": "hold" },
    ]);
    expect(plans.flatMap((p) => p?.waiting.map((w) => w.reasons))).toEqual([[why], [why], [why]]);
    expect(dns).not.toHaveBeenCalled();
    expect(blocklists).not.toHaveBeenCalled();
    expect(signals).not.toHaveBeenCalled();
    expect(warn.mock.calls.map(([line]) => line)).toEqual([
      `No mailbox joins a campaign it is not in during this run: ${why}. Mailboxes already in their campaigns stay; the next \`pulumi up\` decides again.`,
    ]);
    warn.mockRestore();
  });

  it("a check that throws holds the mailbox back with the reason, and does not reject", async () => {
    const cfg = config();
    const gate = await campaignGate(cfg, platform(), {
      now: () => now,
      checks: {
        dns: async () => {
          throw new Error("resolver 192.0.2.53 timed out");
        },
        blocklists: async () => [],
      } as unknown as DomainChecks,
    });
    const plan = await resolved(gate!.plan(cfg.domains[1]!, [], pulumi.output(true)));
    expect(plan.admissions).toEqual({ "ben@new.test": "hold" });
    expect(plan.waiting[0]?.reasons).toEqual([
      "the domain's blocklist and health checks could not run (resolver 192.0.2.53 timed out)",
    ]);
  });

  it("a listed domain holds its new mailbox back and names the list", async () => {
    const cfg = config();
    const listing: BlocklistFinding = {
      list: "Spamhaus DBL",
      kind: "domain",
      target: "new.test",
      role: "domain",
      status: "listed",
      answer: "127.0.1.2",
      detail: "spam domain",
    };
    const gate = await campaignGate(cfg, platform(), {
      now: () => now,
      checks: { dns: async () => dnsPass, blocklists: async () => [listing] } as unknown as DomainChecks,
    });
    const plan = await resolved(gate!.plan(cfg.domains[1]!, [], pulumi.output(true)));
    expect(plan.admissions).toEqual({ "ben@new.test": "hold" });
    expect(plan.waiting[0]?.reasons[0]).toBe("new.test is listed on Spamhaus DBL (127.0.1.2: spam domain)");
  });

  it("no gate without a platform that gives standings", async () => {
    expect(await campaignGate(config(), undefined)).toBeUndefined();
    expect(await campaignGate(config(), { ...platform(), campaignStandings: undefined })).toBeUndefined();
  });
});
