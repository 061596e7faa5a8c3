import { promises as dns } from "node:dns";
import { afterEach, describe, expect, it } from "vitest";
import { type DnsWorld, startDnsWorld } from "./world";

let world: DnsWorld | undefined;
afterEach(async () => {
  await world?.stop();
  world = undefined;
});

function resolverFor(address: string, timeout = 400): dns.Resolver {
  const r = new dns.Resolver({ timeout, tries: 1 });
  r.setServers([address]);
  return r;
}

const errorCode = (p: Promise<unknown>) =>
  p.then(
    () => "answered",
    (e: NodeJS.ErrnoException) => e.code,
  );
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("DNS world read through node's dns.promises.Resolver", () => {
  it("serves TXT with several strings, MX, CNAME, NS, and distinguishes NXDOMAIN from NODATA", async () => {
    world = await startDnsWorld({ resolvers: [{ name: "a" }] });
    world.zones.addZone("example.com", { nameservers: ["ada.ns.cloudflare.com", "bob.ns.cloudflare.com"] });
    world.zones.add(
      { name: "example.com", type: "TXT", strings: ["v=spf1 include:_spf.google.com", " ~all"] },
      { name: "example.com", type: "TXT", strings: ["google-site-verification=abc"] },
      { name: "Example.com.", type: "MX", priority: 1, exchange: "SMTP.google.com." },
      { name: "track.example.com", type: "CNAME", target: "open.sleadtrack.com" },
    );
    const r = resolverFor(world.resolver("a").address);

    const txt = await r.resolveTxt("EXAMPLE.com");
    expect(txt).toHaveLength(2);
    expect(txt).toContainEqual(["v=spf1 include:_spf.google.com", " ~all"]);
    expect(txt).toContainEqual(["google-site-verification=abc"]);
    expect(await r.resolveMx("example.com")).toEqual([{ exchange: "smtp.google.com", priority: 1 }]);
    expect(await r.resolveCname("track.example.com")).toEqual(["open.sleadtrack.com"]);
    expect((await r.resolveNs("example.com")).sort()).toEqual([
      "ada.ns.cloudflare.com",
      "bob.ns.cloudflare.com",
    ]);
    expect(await errorCode(r.resolveTxt("nothing.example.com"))).toBe("ENOTFOUND");
    expect(await errorCode(r.resolveCname("example.com"))).toBe("ENODATA");
    // An empty non-terminal exists: NODATA, not NXDOMAIN.
    world.zones.add({ name: "google._domainkey.example.com", type: "TXT", strings: ["v=DKIM1; p=x"] });
    expect(await errorCode(r.resolveTxt("_domainkey.example.com"))).toBe("ENODATA");
  });

  it("carries a 2048-bit DKIM key split over several strings, over TCP after a truncated UDP answer", async () => {
    world = await startDnsWorld({ resolvers: [{ name: "a" }] });
    world.zones.addZone("example.com");
    const key = `v=DKIM1; k=rsa; p=${"M".repeat(392)}`;
    const strings = [key.slice(0, 255), key.slice(255)];
    world.zones.add({ name: "google._domainkey.example.com", type: "TXT", strings });
    world.zones.add(
      ...Array.from({ length: 3 }, (_, i) => ({
        name: "big.example.com",
        type: "TXT" as const,
        strings: [`${i}${"x".repeat(250)}`],
      })),
    );
    const r = resolverFor(world.resolver("a").address);
    expect(await r.resolveTxt("google._domainkey.example.com")).toEqual([strings]);
    expect((await r.resolveTxt("big.example.com")).map((rec) => rec.join("")[0]).sort()).toEqual([
      "0",
      "1",
      "2",
    ]);
    const log = world.resolver("a").log.filter((e) => e.name === "big.example.com");
    // c-ares sends EDNS with 1232 bytes; ~800 bytes fit. Whatever it did, it got the full answer.
    expect(log.at(-1)?.truncated).toBe(false);
  });

  it("lets each resolver see an edit only after its own lag", async () => {
    world = await startDnsWorld({
      resolvers: [
        { name: "fast", lagMs: 0 },
        { name: "slow", lagMs: 300 },
      ],
    });
    world.zones.addZone("example.com");
    const fast = resolverFor(world.resolver("fast").address);
    const slow = resolverFor(world.resolver("slow").address);
    await sleep(320); // the slow resolver now knows the zone exists
    const editedAt = Date.now();
    world.zones.add({ name: "_dmarc.example.com", type: "TXT", strings: ["v=DMARC1; p=none"] });
    expect(await fast.resolveTxt("_dmarc.example.com")).toEqual([["v=DMARC1; p=none"]]);
    expect(await errorCode(slow.resolveTxt("_dmarc.example.com"))).toBe("ENOTFOUND");
    await sleep(Math.max(0, editedAt + 320 - Date.now()));
    expect(await slow.resolveTxt("_dmarc.example.com")).toEqual([["v=DMARC1; p=none"]]);

    world.zones.remove("_dmarc.example.com", "TXT");
    expect(await errorCode(fast.resolveTxt("_dmarc.example.com"))).toBe("ENOTFOUND");
    expect(await slow.resolveTxt("_dmarc.example.com")).toEqual([["v=DMARC1; p=none"]]);
  });

  it("injects faults: SERVFAIL, corrupt TXT, silence, closed port, latency, drops", async () => {
    world = await startDnsWorld({ resolvers: [{ name: "a" }], random: () => 0.5 });
    world.zones.addZone("example.com");
    world.zones.add({ name: "example.com", type: "TXT", strings: ["google-site-verification=abcdef"] });
    const a = world.resolver("a");
    const r = resolverFor(a.address, 300);

    a.faults.servfail = true;
    expect(await errorCode(r.resolveTxt("example.com"))).toBe("ESERVFAIL");
    a.faults.servfail = false;

    a.faults.corruptRate = 1;
    expect(await r.resolveTxt("example.com")).toEqual([["google-site-verification=ab####"]]);
    a.faults.corruptRate = 0;

    a.faults.down = true;
    expect(await errorCode(r.resolveTxt("example.com"))).toBe("ETIMEOUT");
    a.faults.down = false;

    a.faults.dropRate = 0.6; // random() is 0.5: dropped
    expect(await errorCode(r.resolveTxt("example.com"))).toBe("ETIMEOUT");
    a.faults.dropRate = 0.4; // kept
    expect(await r.resolveTxt("example.com")).toEqual([["google-site-verification=abcdef"]]);
    a.faults.dropRate = 0;

    a.faults.latencyMs = 150;
    const started = Date.now();
    await r.resolveTxt("example.com");
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    a.faults.latencyMs = 0;

    await a.closePort();
    expect(await errorCode(r.resolveTxt("example.com"))).toBe("ECONNREFUSED");
    await a.reopenPort();
    expect(await resolverFor(a.address).resolveTxt("example.com")).toEqual([
      ["google-site-verification=abcdef"],
    ]);
  });
});
