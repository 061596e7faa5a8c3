import type { EngineEvent } from "@pulumi/pulumi/automation";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { MailDnsRecord } from "../components/dns/record";
import { type LocalWorld, startLocalWorld } from "./local-world";

let world: LocalWorld;
beforeAll(async () => {
  world = await startLocalWorld({ resolverLagsMs: [0] });
});
afterAll(async () => {
  await world?.stop();
});

const spf = (domain: string): MailDnsRecord => ({
  name: domain,
  type: "TXT",
  content: "v=spf1 include:_spf.google.com ~all",
  ttl: 300,
  purpose: "spf",
});

/** The engine event of a readiness gate starting, as `up` reports it. */
function gateStarts(domain: string): EngineEvent {
  return {
    sequence: 0,
    timestamp: 0,
    resourcePreEvent: {
      metadata: {
        op: "create",
        urn: `urn:pulumi:s::mailinfra::mailinfra:index:DnsReadiness::${domain}`,
        type: "pulumi-nodejs:dynamic:Resource$mailinfra:index:DnsReadiness",
        provider: "",
        new: { inputs: { domain, records: [spf(domain)] } },
      },
    },
  } as unknown as EngineEvent;
}

const published = (domain: string) =>
  world.dns.zones.current().some((r) => r.name === domain && r.type === "TXT");
const settle = () => new Promise((resolve) => setTimeout(resolve, 30));

describe("world.registrar", () => {
  it("publishes the records of every gate but the unpublished domains', and those once released", async () => {
    const registrar = world.registrar(0, { unpublished: ["slow.test"] });
    registrar(gateStarts("fast.test"));
    registrar(gateStarts("slow.test"));
    await settle();
    expect(published("fast.test")).toBe(true);
    expect(published("slow.test")).toBe(false);

    registrar.release("slow.test");
    await settle();
    expect(published("slow.test")).toBe(true);
  });

  it("after release, a later gate of the domain is published too", async () => {
    const registrar = world.registrar(0, { unpublished: ["late.test"] });
    registrar.release("late.test");
    registrar(gateStarts("late.test"));
    await settle();
    expect(published("late.test")).toBe(true);
  });
});
