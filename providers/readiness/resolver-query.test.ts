import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { MailDnsRecord } from "../../components/dns/record";
import { type DnsWorld, startDnsWorld } from "../../emulators/dns/world";
import { canonicalName, judgeRecord } from "./record-match";
import { queryAddresses, queryResolver } from "./resolver-query";

/** What the readiness check does with one resolver's answer (readiness-check.ts): query the name, judge it. */
async function checkRecord(resolver: string, record: MailDnsRecord) {
  return judgeRecord(record, await queryResolver(resolver, canonicalName(record.name), record.type));
}

let world: DnsWorld;
beforeAll(async () => {
  world = await startDnsWorld({ resolvers: [{ name: "a" }, { name: "slow" }] });
  world.zones.addZone("example.com");
  world.zones.add(
    { name: "example.com", type: "TXT", strings: ["v=spf1 include:", "_spf.google.com ~all"] },
    { name: "example.com", type: "TXT", strings: ["google-site-verification=abc"] },
    { name: "example.com", type: "MX", priority: 1, exchange: "smtp.google.com" },
    { name: "listed.example.com", type: "A", address: "127.0.0.2" },
    { name: "listed.example.com", type: "A", address: "127.0.0.10" },
  );
  world.resolver("slow").faults.latencyMs = 2000;
});
afterAll(() => world.stop());

const verification: MailDnsRecord = {
  name: "Example.com.",
  type: "TXT",
  content: "google-site-verification=abc",
  ttl: 300,
  purpose: "verification",
};

describe("queryResolver", () => {
  it("returns TXT records with their strings as served, one entry per record", async () => {
    const observation = await queryResolver(world.resolver("a").address, "example.com", "TXT");
    expect(observation).toEqual({
      kind: "records",
      values: expect.arrayContaining([
        { type: "TXT", strings: ["v=spf1 include:", "_spf.google.com ~all"] },
        { type: "TXT", strings: ["google-site-verification=abc"] },
      ]),
    });
  });

  it("tells NXDOMAIN, NODATA and failures apart", async () => {
    const a = world.resolver("a").address;
    expect(await queryResolver(a, "nope.example.com", "TXT")).toEqual({ kind: "nxdomain" });
    expect(await queryResolver(a, "example.com", "CNAME")).toEqual({ kind: "nodata" });
    expect(
      await queryResolver(world.resolver("slow").address, "example.com", "MX", { timeoutMs: 100, tries: 1 }),
    ).toEqual({
      kind: "failure",
      code: "ETIMEOUT",
    });
  });

  it("gives up at once when the gate is done", async () => {
    const controller = new AbortController();
    const started = Date.now();
    const pending = queryResolver(world.resolver("slow").address, "example.com", "MX", {
      signal: controller.signal,
    });
    setTimeout(() => controller.abort(), 50);
    expect(await pending).toEqual({ kind: "failure", code: "ECANCELLED" });
    expect(Date.now() - started).toBeLessThan(1000);
  });
});

describe("queryAddresses", () => {
  it("returns every A record of a name, and tells NXDOMAIN, NODATA and timeouts apart", async () => {
    const a = world.resolver("a").address;
    const listed = await queryAddresses(a, "listed.example.com");
    expect(listed.kind === "records" && [...listed.addresses].sort()).toEqual(["127.0.0.10", "127.0.0.2"]);
    expect(await queryAddresses(a, "clean.example.com")).toEqual({ kind: "nxdomain" });
    expect(await queryAddresses(a, "example.com")).toEqual({ kind: "nodata" });
    expect(
      await queryAddresses(world.resolver("slow").address, "listed.example.com", {
        timeoutMs: 100,
        tries: 1,
      }),
    ).toEqual({ kind: "failure", code: "ETIMEOUT" });
  });
});

describe("checkRecord", () => {
  it("finds the desired TXT among several at the apex, whatever the case of the name", async () => {
    expect(await checkRecord(world.resolver("a").address, verification)).toEqual({ state: "present" });
  });

  it("says what was found when the value differs", async () => {
    expect(
      await checkRecord(world.resolver("a").address, {
        ...verification,
        content: "google-site-verification=xyz",
      }),
    ).toEqual({ state: "wrong", detail: 'found "google-site-verification=abc"' });
  });
});
