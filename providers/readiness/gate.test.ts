import { setTimeout as sleep } from "node:timers/promises";
import { afterEach, describe, expect, it } from "vitest";
import type { MailDnsRecord } from "../../components/dns/record";
import { type DnsWorld, startDnsWorld } from "../../emulators/dns/world";
import {
  checkDnsReadinessOnce,
  DnsReadinessTimeoutError,
  type GateOptions,
  waitForDnsReadiness,
} from "./gate";
import { queryResolver } from "./resolver-query";

const dkimKey = `v=DKIM1; k=rsa; p=${"MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA".repeat(9)}`;
const records: MailDnsRecord[] = [
  {
    name: "example.com",
    type: "TXT",
    content: "v=spf1 include:_spf.google.com ~all",
    ttl: 3600,
    purpose: "spf",
  },
  { name: "example.com", type: "MX", content: "smtp.google.com", priority: 1, ttl: 3600, purpose: "mx" },
  { name: "_dmarc.example.com", type: "TXT", content: "v=DMARC1; p=none", ttl: 3600, purpose: "dmarc" },
  {
    name: "google._domainkey.example.com",
    type: "TXT",
    content: dkimKey,
    strings: [dkimKey.slice(0, 255), dkimKey.slice(255)],
    ttl: 3600,
    purpose: "dkim",
  },
  {
    name: "emailtracking.example.com",
    type: "CNAME",
    content: "open.sleadtrack.com",
    ttl: 3600,
    purpose: "tracking",
  },
];
const [spf, mx, dmarc] = records as [MailDnsRecord, MailDnsRecord, MailDnsRecord];

let world: DnsWorld | undefined;
afterEach(async () => {
  await world?.stop();
  world = undefined;
});

/** A gate on the given resolvers with short query timeouts, collecting its progress lines. */
function gate(resolvers: string[], options: Partial<GateOptions> = {}) {
  const lines: string[] = [];
  const promise = waitForDnsReadiness(
    {
      domain: "example.com",
      records,
      resolvers,
      quorum: "all",
      timeoutMs: 4000,
      report: (line) => lines.push(line),
      ...options,
    },
    { queryTimeoutMs: 150, heartbeatMs: 400, waitingListEveryMs: 1000 },
  );
  // Rejections are asserted by the tests; keep Node from flagging them before that.
  promise.catch(() => undefined);
  return { promise, lines };
}

async function timeoutMessage(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DnsReadinessTimeoutError);
  return (error as Error).message;
}

describe("readiness gate against lagging resolvers", () => {
  it.each([
    ["all", 800],
    ["majority", 200],
    [1, 0],
  ] as const)(
    "quorum %s opens once the quorum sees every record (lag %i ms), within a second",
    async (quorum, lag) => {
      world = await startDnsWorld({
        resolvers: [
          { name: "a", lagMs: 0 },
          { name: "b", lagMs: 200 },
          { name: "c", lagMs: 800 },
        ],
      });
      world.zones.addZone("example.com");
      const { promise, lines } = gate(
        world.resolvers.map((r) => r.address),
        { quorum },
      );
      // The records appear after the gate started: it has already seen NXDOMAIN for each.
      await sleep(300);
      const createdAt = Date.now();
      world.zones.addMail(...records);
      const result = await promise;

      expect(result.readyAt).toBeGreaterThanOrEqual(createdAt + lag);
      expect(result.readyAt).toBeLessThanOrEqual(createdAt + lag + 1000);
      expect(result.status.ready).toBe(true);
      expect(lines.at(-1)).toMatch(/^example\.com: all 5 records ready on the quorum after \d/);
    },
  );

  it("reports progress a person can follow: per-resolver counts, elapsed, estimate, and what to create where", async () => {
    world = await startDnsWorld({
      resolvers: [
        { name: "a", lagMs: 0 },
        { name: "b", lagMs: 500 },
      ],
    });
    world.zones.addZone("example.com");
    const [a, b] = world.resolvers.map((r) => r.address) as [string, string];
    world.zones.addMail(spf, mx);
    const { promise, lines } = gate([a, b], { records: [spf, mx, dmarc] });
    await sleep(700);
    world.zones.addMail(dmarc);
    await promise;

    expect(lines[0]).toBe(
      `example.com: waiting for 3 DNS records on ${a}, ${b}; each must be served by all 2 resolvers; giving up after 4.0s`,
    );
    // While b lags, a person sees the counts per resolver and exactly what is missing, in registrar form.
    expect(lines).toContainEqual(
      expect.stringMatching(
        new RegExp(
          `^example\\.com: 2/3 records ready on the quorum · ${a} 2/3 · ${b} 2/3 · [\\d.]+m?s elapsed · `,
        ),
      ),
    );
    expect(lines).toContain("example.com: still waiting for 1 record:");
    expect(lines).toContain('  TXT _dmarc.example.com "v=DMARC1; p=none"  (on 0 of 2 resolvers)');
    expect(lines).toContain(`    ${a}: missing — no such name (NXDOMAIN)`);
    expect(lines).toContain('  TXT   host _dmarc (_dmarc.example.com)  TTL 3600  value "v=DMARC1; p=none"');
    // a then serves the DMARC record while b does not yet: the estimate appears once something moved.
    expect(lines).toContainEqual(
      expect.stringMatching(new RegExp(`${a} 3/3 · ${b} 2/3 · .* · about .* left at this pace$`)),
    );
    expect(lines.at(-1)).toMatch(
      new RegExp(`all 3 records ready on the quorum after .* \\(${a} 3/3, ${b} 3/3\\)$`),
    );
  });
});

describe("readiness gate verdicts", () => {
  it("times out with exactly the records missing or wrong on which resolvers, and what to create", async () => {
    world = await startDnsWorld({ resolvers: [{ name: "a" }] });
    world.zones.addZone("example.com");
    world.zones.add({ name: "example.com", type: "TXT", strings: ["v=spf1 ", "-all"] });
    world.zones.addMail(mx);
    const auth = world.authoritative.address;
    const a = world.resolver("a").address;
    const { promise } = gate([auth, a], { records: [spf, mx, dmarc], timeoutMs: 1000 });

    expect(await timeoutMessage(promise)).toBe(
      [
        "DNS records for example.com not ready after 1.0s: 2 of 3 are not served by all 2 resolvers.",
        '  TXT example.com "v=spf1 include:_spf.google.com ~all"  (on 0 of 2 resolvers)',
        `    ${auth}: wrong — found "v=spf1 -all"`,
        `    ${a}: wrong — found "v=spf1 -all"`,
        '  TXT _dmarc.example.com "v=DMARC1; p=none"  (on 0 of 2 resolvers)',
        `    ${auth}: missing — no such name (NXDOMAIN)`,
        `    ${a}: missing — no such name (NXDOMAIN)`,
        "Create or fix at your registrar or DNS host:",
        '  TXT   host @ (example.com)  TTL 3600  value "v=spf1 include:_spf.google.com ~all"',
        '  TXT   host _dmarc (_dmarc.example.com)  TTL 3600  value "v=DMARC1; p=none"',
        "Once they are served, run `pulumi up` again: example.com goes on from here. With --continue-on-error, the other domains do not wait for it.",
        "To wait longer, raise mailinfra:readiness.timeoutMinutes (now 0.02, at most 2880).",
      ].join("\n"),
    );
  });

  it("treats a TXT record split into other strings as the same record", async () => {
    world = await startDnsWorld({ resolvers: [{ name: "a" }] });
    world.zones.addZone("example.com");
    const dkim = records[3]!;
    // Published in 100-byte strings; desired as 255 + rest.
    const strings = dkim.content.match(/.{1,100}/g)!;
    world.zones.add({ name: dkim.name, type: "TXT", strings });
    const { promise } = gate([world.resolver("a").address], { records: [dkim], timeoutMs: 1500 });
    expect((await promise).status.ready).toBe(true);
    expect(strings.length).toBeGreaterThan(2);
  });

  it("flags two v=spf1 records while they exist, and opens once one is removed", async () => {
    world = await startDnsWorld({ resolvers: [{ name: "a" }] });
    world.zones.addZone("example.com");
    world.zones.addMail(spf);
    world.zones.add({ name: "example.com", type: "TXT", strings: ["v=spf1 include:mailgun.org ~all"] });
    const a = world.resolver("a").address;
    const { promise, lines } = gate([a], { records: [spf] });
    await sleep(600);
    expect(lines).toContain(
      `    ${a}: wrong — 2 v=spf1 records: "v=spf1 include:_spf.google.com ~all" and "v=spf1 include:mailgun.org ~all"; ` +
        "SPF fails with a permerror when a name has two v=spf1 records; keep exactly one",
    );
    world.zones.remove(
      "example.com",
      "TXT",
      (r) => r.type === "TXT" && r.strings.join("").includes("mailgun"),
    );
    expect((await promise).status.ready).toBe(true);
  });

  it("shows a corrupting resolver's wrong value and a failing resolver's SERVFAIL", async () => {
    world = await startDnsWorld({ resolvers: [{ name: "corrupt" }, { name: "failing" }] });
    world.zones.addZone("example.com");
    world.zones.addMail(dmarc);
    world.resolver("corrupt").faults.corruptRate = 1;
    world.resolver("failing").faults.servfail = true;
    const [corrupt, failing] = world.resolvers.map((r) => r.address) as [string, string];
    const message = await timeoutMessage(
      gate([corrupt, failing], { records: [dmarc], timeoutMs: 800 }).promise,
    );
    expect(message).toContain(`    ${corrupt}: wrong — found "v=DMARC1; p=####"`);
    expect(message).toContain(`    ${failing}: no answer — ESERVFAIL`);
    expect(message).toContain(
      `Resolvers that gave no usable answer: ${failing} (ESERVFAIL); check they are reachable, or lower the quorum.`,
    );
  });

  it("waits for the delegation to the assigned nameservers", async () => {
    world = await startDnsWorld({ resolvers: [{ name: "a" }] });
    world.zones.addZone("example.com", {
      nameservers: ["dns1.registrar-servers.com", "dns2.registrar-servers.com"],
    });
    world.zones.addMail(spf);
    const a = world.resolver("a").address;
    const assigned = ["ada.ns.cloudflare.com", "bob.ns.cloudflare.com"];
    const { promise, lines } = gate([a], { records: [spf], nameservers: assigned });
    await sleep(500);
    expect(lines).toContain(
      `    ${a}: wrong — found NS dns1.registrar-servers.com, dns2.registrar-servers.com`,
    );
    expect(lines).toContain(
      "  NS    set the nameservers of example.com at your registrar to ada.ns.cloudflare.com, bob.ns.cloudflare.com",
    );
    world.zones.replace(
      "example.com",
      "NS",
      assigned.map((host) => ({ name: "example.com", type: "NS" as const, host })),
    );
    expect((await promise).status.checks.map((c) => c.check.key)).toEqual([
      "NS example.com",
      "TXT example.com v=spf1 include:_spf.google.com ~all",
    ]);
  });
});

describe("readiness gate with a resolver down", () => {
  async function worldWithOneDown(mode: "silent" | "closed") {
    world = await startDnsWorld({ resolvers: [{ name: "a" }, { name: "b" }, { name: "down" }] });
    world.zones.addZone("example.com");
    world.zones.addMail(...records);
    if (mode === "silent") world.resolver("down").faults.down = true;
    else await world.resolver("down").closePort();
    return world.resolvers.map((r) => r.address) as [string, string, string];
  }

  it("opens on a majority when one of three resolvers does not answer", async () => {
    const resolvers = await worldWithOneDown("silent");
    const started = Date.now();
    const result = await gate(resolvers, { quorum: "majority" }).promise;
    expect(result.status.ready).toBe(true);
    // It does not wait for the silent resolver's timeouts.
    expect(Date.now() - started).toBeLessThan(1000);
    expect(result.status.perResolver[2]).toMatchObject({ resolver: resolvers[2], ready: 0 });
  });

  it.each(["silent", "closed"] as const)("fails quorum all naming the %s resolver", async (mode) => {
    const [, , down] = await worldWithOneDown(mode);
    const message = await timeoutMessage(
      gate(
        (world as DnsWorld).resolvers.map((r) => r.address),
        { timeoutMs: 1200 },
      ).promise,
    );
    const code = mode === "silent" ? "ETIMEOUT" : "ECONNREFUSED";
    expect(message).toMatch(
      /^DNS records for example\.com not ready after 1\.2s: 5 of 5 are not served by all 3 resolvers\./,
    );
    expect(message).toContain(`    ${down}: no answer — ${code}`);
    expect(message).toContain(
      `Resolvers that gave no usable answer: ${down} (${code}); check they are reachable, or lower the quorum.`,
    );
    // Nothing to create at the registrar: the records are there, a resolver is not.
    expect(message).not.toContain("Create or fix");
  });

  it("accepts a numeric quorum up to the number of resolvers, and refuses more", async () => {
    const resolvers = await worldWithOneDown("silent");
    expect((await gate(resolvers, { quorum: 2 }).promise).status.needed).toBe(2);
    await expect(gate(resolvers, { quorum: 4 }).promise).rejects.toThrow(
      "quorum 4 asks for more resolvers than the 3 being checked; lower quorum or add resolvers",
    );
  });
});

describe("checkDnsReadinessOnce", () => {
  it("looks once without waiting and reports what is missing where", async () => {
    world = await startDnsWorld({ resolvers: [{ name: "a" }, { name: "slow", lagMs: 2000 }] });
    world.zones.addZone("example.com");
    world.zones.addMail(...records);
    const [a, slow] = world.resolvers.map((r) => r.address) as [string, string];
    const started = Date.now();
    const status = await checkDnsReadinessOnce({
      domain: "example.com",
      records,
      resolvers: [a, slow],
      quorum: "all",
    });
    expect(Date.now() - started).toBeLessThan(1000);
    expect(status.ready).toBe(false);
    expect(status.perResolver).toEqual([
      { resolver: a, ready: 5, total: 5 },
      { resolver: slow, ready: 0, total: 5 },
    ]);
  });

  it("asks a resolver that gave no answer again before judging: a timeout is not a missing record", async () => {
    world = await startDnsWorld({ resolvers: [{ name: "a" }, { name: "busy" }] });
    world.zones.addZone("example.com");
    world.zones.addMail(...records);
    const [a, busy] = world.resolvers.map((r) => r.address) as [string, string];
    const asked = new Map<string, number>();
    const status = await checkDnsReadinessOnce(
      { domain: "example.com", records, resolvers: [a, busy], quorum: "all" },
      {
        // The busy resolver answers nothing the first time it is asked each question, then answers.
        observe: async (resolver, name, type, signal) => {
          const key = `${resolver} ${name} ${type}`;
          asked.set(key, (asked.get(key) ?? 0) + 1);
          if (resolver === busy && asked.get(key) === 1) return { kind: "failure", code: "ETIMEOUT" };
          return queryResolver(resolver, name, type, { signal });
        },
      },
    );
    expect(status.ready).toBe(true);
    expect([...asked].filter(([key]) => key.startsWith(busy)).map(([, n]) => n)).toEqual([2, 2, 2, 2, 2]);
    expect([...asked].filter(([key]) => key.startsWith(a)).map(([, n]) => n)).toEqual([1, 1, 1, 1, 1]);
  });

  it("a resolver still silent after asking again leaves the record missing there", async () => {
    world = await startDnsWorld({ resolvers: [{ name: "a" }] });
    world.zones.addZone("example.com");
    world.zones.addMail(...records);
    const [a] = world.resolvers.map((r) => r.address) as [string];
    let asked = 0;
    const status = await checkDnsReadinessOnce(
      { domain: "example.com", records, resolvers: [a], quorum: "all" },
      {
        observe: async () => {
          asked++;
          return { kind: "failure", code: "ETIMEOUT" };
        },
      },
    );
    expect(status.ready).toBe(false);
    expect(asked).toBe(5 * 3);
  });
});
