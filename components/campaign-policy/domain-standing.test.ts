import { describe, expect, it, vi } from "vitest";
import type { BlocklistFinding, DnsAuthentication } from "../../health/signals";
import { parseConfig } from "../config/parse";
import type { DomainConfig } from "../config/schema";
import type { MailDnsRecord } from "../dns/record";
import { checkDomainStanding, type DomainChecks, domainBlocklistTargets } from "./domain-standing";

function domain(entry: Record<string, unknown>): DomainConfig {
  const parsed = parseConfig({
    "mailinfra:domains": [{ name: "send.test", dns: { host: "manual", registrar: "godaddy" }, ...entry }],
  });
  if (!parsed.config) throw new Error(JSON.stringify(parsed.issues));
  return parsed.config.domains[0]!;
}

const tracking: MailDnsRecord = {
  name: "emailtracking.send.test",
  type: "CNAME",
  content: "open.sleadtrack.com",
  ttl: 3600,
  purpose: "tracking",
};
const setup = { dns: { resolvers: ["192.0.2.53"] }, blocklistResolvers: ["192.0.2.54"] };
const dnsFailingDkim: DnsAuthentication = {
  spf: { verdict: "pass", detail: "ok" },
  dkim: { verdict: "fail", detail: "no key published", name: "google._domainkey.send.test" },
  dmarc: { verdict: "pass", detail: "ok" },
  mx: { verdict: "pass", detail: "ok" },
};

describe("domainBlocklistTargets", () => {
  it("asks about the domain and its tracking host; a custom platform's single sending addresses, not ranges", () => {
    expect(domainBlocklistTargets(domain({}), [tracking])).toEqual([
      { target: "send.test", kind: "domain", role: "domain" },
      { target: "emailtracking.send.test", kind: "domain", role: "tracking" },
    ]);
    const custom = domain({
      platform: { kind: "custom", mx: [{ host: "mx.send.test", priority: 10 }] },
      spf: { ip4: ["192.0.2.10", "198.51.100.0/24", "192.0.2.11/32"], ip6: ["2001:db8::1"] },
    });
    expect(domainBlocklistTargets(custom, []).map((t) => `${t.role} ${t.target}`)).toEqual([
      "domain send.test",
      "sending-ip 192.0.2.10",
      "sending-ip 192.0.2.11",
      "sending-ip 2001:db8::1",
    ]);
  });
});

describe("checkDomainStanding", () => {
  it("scores the domain with health/score.ts over DNS, blocklists and the mailboxes' signals", async () => {
    const blocklists = vi.fn(async (): Promise<BlocklistFinding[]> => []);
    const checks = { dns: async () => dnsFailingDkim, blocklists } as unknown as DomainChecks;
    const standing = await checkDomainStanding(domain({}), [tracking], [], setup, checks);
    expect(standing).toMatchObject({ kind: "checked", score: 75, blocklists: [] });
    expect(standing.kind === "checked" && standing.deductions.map((d) => d.check)).toEqual(["dkim"]);
    expect(blocklists).toHaveBeenCalledWith(expect.any(Array), { resolvers: ["192.0.2.54"] });
  });

  it("is unknown, with why, when a check throws", async () => {
    const checks = {
      dns: async () => dnsFailingDkim,
      blocklists: async () => {
        throw new Error("checkBlocklists: no resolver to ask");
      },
    } as unknown as DomainChecks;
    expect(await checkDomainStanding(domain({}), [], [], setup, checks)).toEqual({
      kind: "unknown",
      detail: "checkBlocklists: no resolver to ask",
    });
  });
});
