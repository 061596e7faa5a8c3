import { unknownValue } from "@pulumi/pulumi/runtime/rpc";
import { afterEach, describe, expect, it } from "vitest";
import type { MailDnsRecord } from "../../components/dns/record";
import { type DnsWorld, startDnsWorld } from "../../emulators/dns/world";
import type { ReadinessOutputs } from "./outputs";
import { provider } from "./readiness.provider";
import { readinessSettings } from "./readiness-settings";

const spf: MailDnsRecord = {
  name: "example.com",
  type: "TXT",
  content: "v=spf1 include:_spf.google.com ~all",
  ttl: 3600,
  purpose: "spf",
};
const mx: MailDnsRecord = {
  name: "example.com",
  type: "MX",
  content: "smtp.google.com",
  priority: 1,
  ttl: 3600,
  purpose: "mx",
};
const dmarc: MailDnsRecord = {
  name: "_dmarc.example.com",
  type: "TXT",
  content: "v=DMARC1; p=none",
  ttl: 3600,
  purpose: "dmarc",
};
const records = [spf, mx, dmarc];

let world: DnsWorld | undefined;
afterEach(async () => {
  await world?.stop();
  world = undefined;
  readinessSettings.reset();
});

/** The provider as the engine loads it, its progress lines collected and its queries quick (reset after each test). */
function testProvider() {
  const lines: string[] = [];
  readinessSettings.use({
    report: (line) => lines.push(line),
    gate: { queryTimeoutMs: 150, heartbeatMs: 500 },
  });
  return { provider, lines };
}

async function worldWithRecords(lagMs = 0) {
  world = await startDnsWorld({ resolvers: [{ name: "a" }, { name: "b", lagMs }] });
  world.zones.addZone("example.com");
  world.zones.addMail(...records);
  return world.resolvers.map((r) => r.address);
}

describe("check", () => {
  const { provider } = testProvider();
  const valid = {
    domain: "example.com",
    records,
    resolvers: ["1.1.1.1", "127.0.0.1:5353", "[2606:4700::1111]:53"],
  };

  it("accepts valid inputs and fills the defaults", async () => {
    const result = await provider.check!({}, valid);
    expect(result.failures ?? []).toEqual([]);
    expect(result.inputs).toEqual({ ...valid, quorum: "all", timeoutSeconds: 1800 });
  });

  it.each([
    [{ resolvers: ["dns.google"] }, "resolvers", 'resolvers[0]: resolver "dns.google" is not an IP address'],
    [
      { resolvers: ["127.0.0.1:99999"] },
      "resolvers",
      'resolvers[0]: resolver "127.0.0.1:99999" has the port 99999, outside 1-65535',
    ],
    [
      { timeoutSeconds: 172_801 },
      "timeoutSeconds",
      "timeoutSeconds: must be at most 172800 seconds (48 hours)",
    ],
    [{ timeoutSeconds: 0 }, "timeoutSeconds", "timeoutSeconds: must be at least 1 second"],
    [{ quorum: 4 }, "quorum", "quorum: 4 is more than the 3 resolvers listed; lower quorum or add resolvers"],
    [
      { quorum: "most" },
      "quorum",
      'quorum: quorum must be "all", "majority" or a whole number of resolvers (at least 1)',
    ],
    [
      { records: [{ ...mx, priority: undefined }] },
      "records",
      "records[0].priority: an MX record needs a priority (e.g. 1)",
    ],
    [
      { records: [{ ...spf, strings: ["v=spf1 ", "-all"] }] },
      "records",
      "records[0].strings: joined, the strings must equal content",
    ],
    [
      { domain: "exa mple.com" },
      "domain",
      "domain: must be a DNS name like example.com (punycode for non-ASCII names)",
    ],
  ])("rejects %j naming the input and the fix", async (change, property, reason) => {
    const result = await provider.check!({}, { ...valid, ...change });
    expect(result.failures).toContainEqual({ property, reason: expect.stringContaining(reason) });
  });

  it("does not reject values Pulumi does not know yet (preview)", async () => {
    const news = {
      domain: "example.com",
      records: [spf, { ...dmarc, content: unknownValue }, { ...mx, priority: unknownValue }],
      nameservers: unknownValue,
    };
    const result = await provider.check!({}, news);
    expect(result.failures ?? []).toEqual([]);
    expect(result.inputs).toBe(news);
  });

  it("still rejects known bad values next to unknown ones", async () => {
    const result = await provider.check!(
      {},
      { domain: "example.com", records: unknownValue, timeoutSeconds: 999_999 },
    );
    expect(result.failures?.map((f) => f.property)).toEqual(["timeoutSeconds"]);
  });
});

describe("diff", () => {
  const { provider } = testProvider();
  const olds: Partial<ReadinessOutputs> = {
    domain: "example.com",
    records,
    resolvers: ["1.1.1.1"],
    quorum: "all",
    timeoutSeconds: 1800,
    ready: true,
  };
  const news = {
    domain: "example.com",
    records,
    resolvers: ["1.1.1.1"],
    quorum: "all",
    timeoutSeconds: 1800,
  };

  it.each([
    ["nothing", {}],
    ["the resolvers", { resolvers: ["8.8.8.8", "127.0.0.1:5353"] }],
    ["the timeout", { timeoutSeconds: 60 }],
    ["the quorum", { quorum: "majority" }],
    ["the record order", { records: [dmarc, mx, spf] }],
    [
      "how a TXT value is split, or name case",
      {
        records: [
          { ...spf, name: "Example.COM.", strings: ["v=spf1 include:", "_spf.google.com ~all"] },
          mx,
          dmarc,
        ],
      },
    ],
  ])("shows no change when only %s changed", async (_label, change) => {
    expect(await provider.diff!("id", olds, { ...news, ...change })).toEqual({
      changes: false,
      replaces: [],
      deleteBeforeReplace: false,
    });
  });

  it.each([
    ["a record value", { records: [{ ...spf, content: "v=spf1 -all" }, mx, dmarc] }],
    ["an added record", { records: [...records, { ...dmarc, name: "_dmarc.example.org" }] }],
    ["the nameservers", { nameservers: ["ada.ns.cloudflare.com"] }],
    ["a record not known yet", { records: [spf, mx, { ...dmarc, content: unknownValue }] }],
  ])("updates, never replaces, when %s changed", async (_label, change) => {
    expect(await provider.diff!("id", olds, { ...news, ...change })).toEqual({
      changes: true,
      replaces: [],
      deleteBeforeReplace: false,
    });
  });

  it("updates when a refresh found records missing (ready false), so the next up waits again", async () => {
    expect((await provider.diff!("id", { ...olds, ready: false }, news)).changes).toBe(true);
  });
});

describe("create, read, update against the DNS world", () => {
  it("create waits for the lagging resolver and returns the readiness outputs", async () => {
    const resolvers = await worldWithRecords(400);
    const { provider, lines } = testProvider();
    const started = Date.now();
    const inputs = (
      await provider.check!({}, { domain: "example.com", records, resolvers, timeoutSeconds: 5 })
    ).inputs;
    const { id, outs } = await provider.create(inputs);
    const outputs = outs as ReadinessOutputs;

    expect(id).toBe("dns-readiness:example.com");
    expect(Date.now() - started).toBeGreaterThanOrEqual(400);
    expect(outputs).toMatchObject({
      domain: "example.com",
      records,
      ready: true,
      checkedResolvers: resolvers,
      missing: [],
      perResolver: resolvers.map((resolver) => ({ resolver, ready: 3, total: 3 })),
    });
    expect(new Date(outputs.readyAt!).toISOString()).toBe(outputs.readyAt);
    expect(outputs.secondsToReady).toBeGreaterThanOrEqual(0.4);
    expect(outputs.secondsToReady).toBeLessThan(2);
    expect(lines.some((l) => l.startsWith("example.com: all 3 records ready"))).toBe(true);
  });

  it("read reports a record deleted out of band; diff then updates, and update waits for it again", async () => {
    const resolvers = await worldWithRecords();
    const { provider } = testProvider();
    const inputs = (
      await provider.check!({}, { domain: "example.com", records, resolvers, timeoutSeconds: 5 })
    ).inputs;
    const { id, outs } = await provider.create(inputs);

    // Someone deletes the DMARC record at the DNS host.
    world!.zones.remove("_dmarc.example.com", "TXT");
    const started = Date.now();
    const refreshed = await provider.read!(id, { ...outs, __provider: "serialized" });
    expect(Date.now() - started).toBeLessThan(1000);
    const props = refreshed.props as ReadinessOutputs;
    expect(refreshed.id).toBe(id);
    expect(props.ready).toBe(false);
    expect(props.readyAt).toBe((outs as ReadinessOutputs).readyAt);
    expect(props.missing).toEqual([
      {
        record: 'TXT _dmarc.example.com "v=DMARC1; p=none"',
        name: "_dmarc.example.com",
        type: "TXT",
        content: "v=DMARC1; p=none",
        resolvers: resolvers.map((resolver) => ({
          resolver,
          state: "missing",
          detail: "no such name (NXDOMAIN)",
        })),
      },
    ]);

    // Next `up`: same inputs, but the state says not ready.
    const diff = await provider.diff!(id, props, inputs);
    expect(diff.changes).toBe(true);
    const update = provider.update!(id, props, inputs);
    await new Promise((r) => setTimeout(r, 300));
    const restoredAt = Date.now();
    world!.zones.addMail(dmarc);
    const { outs: updated } = await update;
    expect(Date.now()).toBeGreaterThanOrEqual(restoredAt);
    expect(updated).toMatchObject({ ready: true, missing: [] });
    expect((await provider.diff!(id, updated, inputs)).changes).toBe(false);
  });

  it("read keeps ready true when everything is still there", async () => {
    const resolvers = await worldWithRecords();
    const { provider } = testProvider();
    const inputs = (await provider.check!({}, { domain: "example.com", records, resolvers })).inputs;
    const { id, outs } = await provider.create(inputs);
    const refreshed = await provider.read!(id, outs);
    expect(refreshed.props).toMatchObject({ ready: true, missing: [] });
  });

  it("create fails with the timeout message when a record never appears", async () => {
    const resolvers = await worldWithRecords();
    world!.zones.remove("example.com", "MX");
    const { provider } = testProvider();
    const inputs = (
      await provider.check!({}, { domain: "example.com", records, resolvers, timeoutSeconds: 1 })
    ).inputs;
    await expect(provider.create(inputs)).rejects.toThrow(
      /^DNS records for example\.com not ready after 1\.0s: 1 of 3 are not served by all 2 resolvers\.\n {2}MX example\.com 1 smtp\.google\.com/,
    );
  });

  it("delete does nothing", async () => {
    const { provider } = testProvider();
    await expect(provider.delete!("id", {})).resolves.toBeUndefined();
  });
});
