import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DnsblZones } from "../../emulators/dns/dnsbl";
import { type DnsWorld, startDnsWorld } from "../../emulators/dns/world";
import type { BlocklistTarget } from "./blocklist";
import { checkBlocklists } from "./check-blocklists";

const KEY = "q7w8e9r0t1y2u3i4o5p6a7s8d9";
const TARGETS: BlocklistTarget[] = [
  { target: "acme.test", kind: "domain", role: "domain" },
  { target: "emailtracking.acme.test", kind: "domain", role: "tracking" },
  { target: "192.0.2.10", kind: "ip", role: "sending-ip" },
];

let world: DnsWorld;
let dnsbl: DnsblZones;
let resolver: string;
beforeAll(async () => {
  world = await startDnsWorld({ resolvers: [{ name: "good" }, { name: "dead" }] });
  world.resolver("dead").faults.down = true;
  dnsbl = new DnsblZones(world.zones);
  resolver = world.resolver("good").address;
});
afterAll(() => world.stop());

const fast = { timeoutMs: 200, tries: 1 };
const byList = (findings: Awaited<ReturnType<typeof checkBlocklists>>, target: string) =>
  Object.fromEntries(findings.filter((f) => f.target === target).map((f) => [f.list, f.status]));

describe("checkBlocklists against the DNS world's DNSBL zones", () => {
  it("asks the domain lists for names and the IP lists for addresses: listed where listed, clean elsewhere", async () => {
    dnsbl.list("Spamhaus DBL", "acme.test");
    dnsbl.list("Spamhaus ZEN", "192.0.2.10", "127.0.0.10");
    try {
      const findings = await checkBlocklists(TARGETS, { resolvers: [resolver], ...fast });
      expect(byList(findings, "acme.test")).toEqual({
        "Spamhaus DBL": "listed",
        "SURBL multi": "clean",
        "URIBL multi": "clean",
      });
      // DBL is a wildcarded zone: the tracking host of a listed domain answers as listed.
      expect(byList(findings, "emailtracking.acme.test")).toEqual({
        "Spamhaus DBL": "listed",
        "SURBL multi": "clean",
        "URIBL multi": "clean",
      });
      expect(byList(findings, "192.0.2.10")).toEqual({
        "Spamhaus ZEN": "listed",
        "Barracuda BRBL": "clean",
        "SpamCop SCBL": "clean",
      });
      const dbl = findings.find((f) => f.list === "Spamhaus DBL" && f.target === "acme.test");
      expect(dbl).toEqual({
        list: "Spamhaus DBL",
        kind: "domain",
        target: "acme.test",
        role: "domain",
        status: "listed",
        answer: "127.0.1.2",
        detail: "listed on Spamhaus DBL (127.0.1.2: spam domain (low reputation))",
        delistUrl: "https://check.spamhaus.org/",
      });
      expect(findings.find((f) => f.list === "Spamhaus ZEN")?.detail).toMatch(/PBL \(set by the ISP\)/);
    } finally {
      dnsbl.unlist("Spamhaus DBL", "acme.test");
      dnsbl.unlist("Spamhaus ZEN", "192.0.2.10");
    }
  });

  it("asks each name once: URIBL's tracking host is its registered domain, already asked for the domain", async () => {
    const log = world.resolver("good").log;
    const before = log.length;
    await checkBlocklists(TARGETS, { resolvers: [resolver], ...fast });
    const names = log.slice(before).map((e) => e.name.toLowerCase());
    expect(names.filter((n) => n === "acme.test.multi.uribl.com")).toHaveLength(1);
    expect(new Set(names).size).toBe(names.length);
    expect(names).toHaveLength(8); // 3 lists × 2 names, minus URIBL's shared one, + 3 IP lists
  });

  it("reads a public mirror's refusal as unknown with the fix, never clean", async () => {
    dnsbl.answerEveryQuery("Spamhaus DBL", "127.255.255.254");
    try {
      const [dbl] = await checkBlocklists([TARGETS[0]!], { resolvers: [resolver], ...fast });
      expect(dbl).toMatchObject({ list: "Spamhaus DBL", status: "unknown", answer: "127.255.255.254" });
      expect(dbl!.detail).toMatch(/public\/open resolver.*mailinfra:health\.blocklistResolvers/);
    } finally {
      dnsbl.answerEveryQuery("Spamhaus DBL", undefined);
    }
  });

  it("with a DQS key asks Spamhaus's DQS zones, and the key appears in no finding", async () => {
    dnsbl.acceptDqsKey(KEY);
    dnsbl.list("Spamhaus DBL", "acme.test", "127.0.1.5");
    dnsbl.answerEveryQuery("Spamhaus DBL", "127.255.255.254"); // the public mirror refuses; DQS does not
    try {
      const log = world.resolver("good").log;
      const before = log.length;
      const findings = await checkBlocklists(TARGETS, {
        resolvers: [resolver],
        spamhausDqsKey: KEY,
        ...fast,
      });
      expect(log.slice(before).map((e) => e.name)).toContain(`acme.test.${KEY}.dbl.dq.spamhaus.net`);
      const dbl = findings.find((f) => f.list === "Spamhaus DBL" && f.target === "acme.test");
      expect(dbl).toMatchObject({ status: "listed", answer: "127.0.1.5" });
      expect(findings.find((f) => f.list === "Spamhaus ZEN")?.detail).toBe(
        "not listed on zen.dq.spamhaus.net (DQS)",
      );
      expect(JSON.stringify(findings)).not.toContain(KEY);
      // Nor when nothing answers: the failure names the zone and the resolver, not the query name.
      const silent = await checkBlocklists(TARGETS, {
        resolvers: [world.resolver("dead").address],
        spamhausDqsKey: KEY,
        ...fast,
      });
      expect(silent.every((f) => f.status === "unknown")).toBe(true);
      expect(JSON.stringify(silent)).not.toContain(KEY);
    } finally {
      dnsbl.answerEveryQuery("Spamhaus DBL", undefined);
      dnsbl.unlist("Spamhaus DBL", "acme.test");
    }
  });

  it("a DQS key Spamhaus does not know is unknown on DBL and ZEN, never clean, telling to check the key setting", async () => {
    const unknownKey = "n0tak3yspamhausknows000000"; // 26 letters and digits, never accepted by the world
    dnsbl.acceptDqsKey(KEY);
    const findings = await checkBlocklists(TARGETS, {
      resolvers: [resolver],
      spamhausDqsKey: unknownKey,
      ...fast,
    });
    const spamhaus = findings.filter((f) => f.list.startsWith("Spamhaus"));
    expect(spamhaus.map((f) => [f.list, f.target, f.status])).toEqual([
      ["Spamhaus DBL", "acme.test", "unknown"],
      ["Spamhaus DBL", "emailtracking.acme.test", "unknown"],
      ["Spamhaus ZEN", "192.0.2.10", "unknown"],
    ]);
    for (const finding of spamhaus) {
      expect(finding.detail).toMatch(/ESERVFAIL.*DQS key.*mailinfra:health\.spamhausDqsKey/);
    }
    // The other lists still give their verdicts, and the key is in no finding.
    expect(findings.filter((f) => !f.list.startsWith("Spamhaus")).every((f) => f.status === "clean")).toBe(
      true,
    );
    expect(JSON.stringify(findings)).not.toContain(unknownKey);
  });

  it("a resolver that times out is unknown; the next resolver is asked before giving up", async () => {
    const dead = world.resolver("dead").address;
    const alone = await checkBlocklists([TARGETS[2]!], { resolvers: [dead], ...fast });
    expect(alone.map((f) => f.status)).toEqual(["unknown", "unknown", "unknown"]);
    expect(alone[0]!.detail).toBe(`no answer from zen.spamhaus.org: ${dead} ETIMEOUT`);
    const fallback = await checkBlocklists([TARGETS[2]!], { resolvers: [dead, resolver], ...fast });
    expect(fallback.map((f) => f.status)).toEqual(["clean", "clean", "clean"]);
  });

  it("asks only Spamhaus ZEN about an IPv6 sending address, in its nibble form", async () => {
    dnsbl.list("Spamhaus ZEN", "2001:db8::25", "127.0.0.3");
    try {
      const findings = await checkBlocklists([{ target: "2001:db8::25", kind: "ip", role: "sending-ip" }], {
        resolvers: [resolver],
        ...fast,
      });
      expect(findings.map((f) => [f.list, f.status, f.answer])).toEqual([
        ["Spamhaus ZEN", "listed", "127.0.0.3"],
      ]);
    } finally {
      dnsbl.unlist("Spamhaus ZEN", "2001:db8::25");
    }
  });

  it("refuses to run without a resolver or with a malformed DQS key, never quoting the key", async () => {
    await expect(checkBlocklists(TARGETS, { resolvers: [] })).rejects.toThrow(
      /mailinfra:health\.blocklistResolvers/,
    );
    const bad = "not a key.with dots";
    const error = await checkBlocklists(TARGETS, { resolvers: [resolver], spamhausDqsKey: bad }).catch(
      (e: Error) => e,
    );
    expect((error as Error).message).toMatch(/is not a Spamhaus DQS key.*config set --secret/);
    expect((error as Error).message).not.toContain(bad);
  });
});
