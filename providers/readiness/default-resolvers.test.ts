import { afterEach, describe, expect, it } from "vitest";
import { type DnsWorld, startDnsWorld } from "../../emulators/dns/world";
import { defaultResolvers } from "./default-resolvers";

let world: DnsWorld | undefined;
afterEach(async () => {
  await world?.stop();
  world = undefined;
});

async function worldWithZones() {
  world = await startDnsWorld({ resolvers: [{ name: "bootstrap" }, { name: "public" }] });
  world.zones.addZone("example.com", { nameservers: ["ns1.example.com", "ns2.example.com"] });
  world.zones.add(
    { name: "ns1.example.com", type: "A", address: "127.0.0.1" },
    { name: "ns2.example.com", type: "A", address: "127.0.0.2" },
  );
  world.zones.addZone("cloudflare.com");
  world.zones.add({ name: "ada.ns.cloudflare.com", type: "A", address: "127.0.0.3" });
  return {
    bootstrap: [world.resolver("bootstrap").address],
    publicResolvers: [world.resolver("public").address],
    authoritativePort: world.authoritative.port,
  };
}

describe("defaultResolvers", () => {
  it("puts the zone's authoritative nameservers, by address, before the public resolvers", async () => {
    const options = await worldWithZones();
    const port = options.authoritativePort;
    expect(await defaultResolvers("example.com", undefined, options)).toEqual([
      `127.0.0.1:${port}`,
      `127.0.0.2:${port}`,
      ...options.publicResolvers,
    ]);
  });

  it("uses the assigned nameservers when given, not the current delegation", async () => {
    const options = await worldWithZones();
    expect(await defaultResolvers("example.com", ["ADA.ns.cloudflare.com."], options)).toEqual([
      `127.0.0.3:${options.authoritativePort}`,
      ...options.publicResolvers,
    ]);
  });

  it("says so and keeps the public resolvers when the nameservers cannot be found", async () => {
    const options = await worldWithZones();
    const lines: string[] = [];
    const report = (line: string) => lines.push(line);
    expect(await defaultResolvers("unregistered.org", undefined, { ...options, report })).toEqual(
      options.publicResolvers,
    );
    expect(await defaultResolvers("example.com", ["gone.ns.cloudflare.com"], { ...options, report })).toEqual(
      options.publicResolvers,
    );
    expect(lines).toEqual([
      `unregistered.org: could not find its nameservers (ENOTFOUND); checking ${options.publicResolvers[0]} only`,
      "example.com: nameserver gone.ns.cloudflare.com has no IPv4 address (ENOTFOUND); skipping it",
    ]);
  });
});
