import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DnsWorld, startDnsWorld } from "../../emulators/dns";
import { flattenSpf } from "./spf-flatten";
import { createSpfResolver } from "./spf-resolver";

describe("createSpfResolver against a local DNS server", () => {
  let world: DnsWorld;

  beforeAll(async () => {
    world = await startDnsWorld();
    world.zones.addZone("vendor.test");
    world.zones.add(
      {
        name: "_spf.vendor.test",
        type: "TXT",
        strings: ["v=spf1 include:_a.vendor.test a:web.vendor.test mx ~all"],
      },
      {
        name: "_a.vendor.test",
        type: "TXT",
        strings: ["v=spf1 ip4:198.51.100.0/24 ", "ip4:203.0.113.0/25 -all"],
      },
      { name: "_a.vendor.test", type: "TXT", strings: ["some-other-verification=1"] },
      { name: "web.vendor.test", type: "A", address: "192.0.2.80" },
      { name: "_spf.vendor.test", type: "MX", priority: 10, exchange: "mx.vendor.test" },
      { name: "mx.vendor.test", type: "A", address: "192.0.2.25" },
    );
  });

  afterAll(async () => {
    await world?.stop();
  });

  it("resolves and flattens through the server given as host:port", async () => {
    const resolver = createSpfResolver([world.resolver("resolver").address], { timeoutMs: 1000, tries: 1 });
    const result = await flattenSpf(["_spf.vendor.test"], resolver);
    expect(result.problems).toEqual([]);
    expect(result.ip4).toEqual(["192.0.2.25", "192.0.2.80", "198.51.100.0/24", "203.0.113.0/25"]);
    expect(result.lookups).toBe(4);
  });

  it("reports a name the server does not know as a missing SPF record", async () => {
    const resolver = createSpfResolver([world.resolver("resolver").address], { timeoutMs: 1000, tries: 1 });
    const result = await flattenSpf(["nothing.vendor.test"], resolver);
    expect(result.problems.map((p) => p.kind)).toEqual(["no-spf"]);
    expect(result.kept).toEqual(["nothing.vendor.test"]);
  });
});
