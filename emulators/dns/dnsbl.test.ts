import { execFile, execFileSync } from "node:child_process";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryAddresses } from "../../providers/readiness/resolver-query";
import { DnsblZones } from "./dnsbl";
import { type DnsWorld, startDnsWorld } from "./world";

const run = promisify(execFile);
const hasDig = (() => {
  try {
    execFileSync("dig", ["-v"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
})();

let world: DnsWorld;
let dnsbl: DnsblZones;
let resolver: string;
beforeAll(async () => {
  world = await startDnsWorld({ resolvers: [{ name: "r" }] });
  dnsbl = new DnsblZones(world.zones);
  resolver = world.resolver("r").address;
});
afterAll(() => world.stop());

const ask = (name: string) => queryAddresses(resolver, name, { timeoutMs: 500, tries: 1 });

describe("DNSBL zones of the DNS world, over the wire", () => {
  it("answers a listed name with the list's code and NXDOMAIN for the rest, until unlisted", async () => {
    dnsbl.list("Spamhaus DBL", "Listed.test");
    expect(await ask("listed.test.dbl.spamhaus.org")).toEqual({ kind: "records", addresses: ["127.0.1.2"] });
    expect(await ask("clean.test.dbl.spamhaus.org")).toEqual({ kind: "nxdomain" });
    // DBL is wildcarded: the listed domain's hosts answer too; URIBL is not.
    expect(await ask("emailtracking.listed.test.dbl.spamhaus.org")).toEqual({
      kind: "records",
      addresses: ["127.0.1.2"],
    });
    dnsbl.list("URIBL multi", "listed.test");
    expect(await ask("www.listed.test.multi.uribl.com")).toEqual({ kind: "nxdomain" });
    dnsbl.unlist("URIBL multi", "listed.test");
    dnsbl.unlist("Spamhaus DBL", "listed.test");
    expect(await ask("listed.test.dbl.spamhaus.org")).toEqual({ kind: "nxdomain" });
  });

  it("lists addresses in reversed form, several codes at once (ZEN), on IPv4 lists", async () => {
    dnsbl.list("Spamhaus ZEN", "192.0.2.10", "127.0.0.2", "127.0.0.10");
    const zen = await ask("10.2.0.192.zen.spamhaus.org");
    expect(zen.kind === "records" && [...zen.addresses].sort()).toEqual(["127.0.0.10", "127.0.0.2"]);
    dnsbl.list("SpamCop SCBL", "192.0.2.10");
    expect(await ask("10.2.0.192.bl.spamcop.net")).toEqual({ kind: "records", addresses: ["127.0.0.2"] });
    expect(await ask("10.2.0.192.b.barracudacentral.org")).toEqual({ kind: "nxdomain" });
  });

  it("answers one code to every query when told to (a refused resolver), and its listings again after", async () => {
    dnsbl.list("URIBL multi", "spammy.test");
    dnsbl.answerEveryQuery("URIBL multi", "127.0.0.1");
    expect(await ask("anything.test.multi.uribl.com")).toEqual({ kind: "records", addresses: ["127.0.0.1"] });
    expect(await ask("spammy.test.multi.uribl.com")).toEqual({ kind: "records", addresses: ["127.0.0.1"] });
    dnsbl.answerEveryQuery("URIBL multi", undefined);
    expect(await ask("spammy.test.multi.uribl.com")).toEqual({ kind: "records", addresses: ["127.0.0.2"] });
    expect(await ask("anything.test.multi.uribl.com")).toEqual({ kind: "nxdomain" });
  });

  it("serves the Spamhaus lists on an accepted DQS key, where the public mirror's refusal does not reach", async () => {
    const key = "k3ykeykeykeykeykeykeykeyke";
    dnsbl.list("Spamhaus DBL", "dqs.test", "127.0.1.4");
    dnsbl.answerEveryQuery("Spamhaus DBL", "127.255.255.254");
    // Not accepted yet: refused (SERVFAIL through the resolver), never NXDOMAIN, which reads as "not listed".
    expect(await ask(`dqs.test.${key}.dbl.dq.spamhaus.net`)).toEqual({ kind: "failure", code: "ESERVFAIL" });
    dnsbl.acceptDqsKey(key);
    expect(await ask(`dqs.test.${key}.dbl.dq.spamhaus.net`)).toEqual({
      kind: "records",
      addresses: ["127.0.1.4"],
    });
    expect(await ask("dqs.test.dbl.spamhaus.org")).toEqual({
      kind: "records",
      addresses: ["127.255.255.254"],
    });
    dnsbl.answerEveryQuery("Spamhaus DBL", undefined);
  });

  it("refuses a DQS key it was not told to accept: REFUSED from the zone's server, SERVFAIL from a resolver, on both Spamhaus zones", async () => {
    const accepted = "acceptedkeyacceptedkey0001";
    const unknown = "unknownkeyunknownkeyunkno2";
    dnsbl.acceptDqsKey(accepted);
    dnsbl.list("Spamhaus ZEN", "192.0.2.77", "127.0.0.2");
    const authoritative = (name: string) =>
      queryAddresses(world.authoritative.address, name, { timeoutMs: 500, tries: 1 });
    for (const name of [
      `clean.test.${unknown}.dbl.dq.spamhaus.net`,
      `77.2.0.192.${unknown}.zen.dq.spamhaus.net`,
    ]) {
      expect(await ask(name)).toEqual({ kind: "failure", code: "ESERVFAIL" });
      expect(await authoritative(name)).toEqual({ kind: "failure", code: "EREFUSED" });
    }
    // The accepted key still answers its verdicts, clean ones included; the key is matched case-insensitively.
    expect(await ask(`clean.test.${accepted.toUpperCase()}.dbl.dq.spamhaus.net`)).toEqual({
      kind: "nxdomain",
    });
    expect(await ask(`77.2.0.192.${accepted}.zen.dq.spamhaus.net`)).toEqual({
      kind: "records",
      addresses: ["127.0.0.2"],
    });
    dnsbl.unlist("Spamhaus ZEN", "192.0.2.77");
  });

  it("refuses a list it does not serve and a target the list does not take", () => {
    expect(() => dnsbl.list("SORBS", "x.test")).toThrow(
      /no list named "SORBS"; the local world serves Spamhaus DBL/,
    );
    expect(() => dnsbl.list("Barracuda BRBL", "2001:db8::1")).toThrow(/does not take "2001:db8::1"/);
  });

  it.skipIf(!hasDig)(
    "reads as Debian's dig sees it: the A record of a listed name, NXDOMAIN with the SOA",
    async () => {
      dnsbl.list("SURBL multi", "dig.test", "127.0.0.80");
      const port = String(world.resolver("r").port);
      const listed = await run("dig", [
        "@127.0.0.1",
        "-p",
        port,
        "+time=2",
        "+tries=1",
        "dig.test.multi.surbl.org",
        "A",
      ]);
      expect(listed.stdout).toMatch(/status: NOERROR/);
      expect(listed.stdout).toMatch(/dig\.test\.multi\.surbl\.org\.\s+60\s+IN\s+A\s+127\.0\.0\.80/);
      const clean = await run("dig", [
        "@127.0.0.1",
        "-p",
        port,
        "+time=2",
        "+tries=1",
        "no.test.multi.surbl.org",
        "A",
      ]);
      expect(clean.stdout).toMatch(/status: NXDOMAIN/);
      expect(clean.stdout).toMatch(/AUTHORITY SECTION:\nmulti\.surbl\.org\.\s+\d+\s+IN\s+SOA/);
    },
  );
});
