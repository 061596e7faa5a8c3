import { afterEach, describe, expect, it } from "vitest";
import { mailinfra } from "../../mailinfra";
import { parsedConfig, setStackConfig } from "../../test/support/config";
import { mockRuntime } from "../../test/support/mock-runtime";
import { resolved } from "../../test/support/resolved";
import type { MailinfraConfig } from "../config/schema";
import { MailDomain } from "../mail-domain";
import { program } from "../program";
import type { ExistingDnsRecord } from "./cloudflare-existing-records";
import { existingCloudflareRecords, ZONE_READS_IN_FLIGHT } from "./cloudflare-existing-records-lookup";

// The mock runtime is process-global: this file sets it up once, and every test uses its own domains.

const ACCOUNT = "023e105f4ecef8ad9ca31a8372d0c353";
const SPF = "v=spf1 include:_spf.google.com ~all";
const DMARC = (_domain: string) => "v=DMARC1; p=none; adkim=r; aspf=r";

/** A record someone created by hand, as `cloudflare.getDnsRecords` lists it. */
function handMade(id: string, type: string, name: string, content: string): ExistingDnsRecord {
  return {
    id,
    type,
    name,
    content,
    priority: 0,
    ttl: 300,
    proxied: false,
    comment: "set up by IT",
    tags: [],
  };
}

/** The zones that exist at "Cloudflare": id → name and records. */
const ZONES: Record<string, { name: string; records: ExistingDnsRecord[] }> = {
  a0000000000000000000000000000001: {
    name: "adopt.test",
    records: [
      handMade("spf1", "TXT", "adopt.test", SPF),
      handMade("dmarc1", "TXT", "_dmarc.adopt.test", DMARC("adopt.test")),
      handMade("web1", "A", "adopt.test", "192.0.2.1"),
    ],
  },
  a0000000000000000000000000000002: {
    name: "clash.test",
    records: [handMade("oldspf", "TXT", "clash.test", "v=spf1 include:mail.old.test -all")],
  },
  a0000000000000000000000000000003: { name: "empty.test", records: [] },
  a0000000000000000000000000000004: {
    name: "found.test",
    records: [handMade("dmarc4", "TXT", "_dmarc.found.test", DMARC("found.test"))],
  },
  a0000000000000000000000000000005: {
    name: "library-clash.test",
    records: [handMade("libspf", "TXT", "library-clash.test", "v=spf1 include:mail.old.test -all")],
  },
  a0000000000000000000000000000006: {
    name: "library-adopt.test",
    records: [handMade("libspf6", "TXT", "library-adopt.test", SPF)],
  },
  a0000000000000000000000000000007: { name: "by-name.test", records: [] },
};
const zoneIdOf = (name: string) => Object.keys(ZONES).find((id) => ZONES[id].name === name) as string;

/** Zones whose reads answer only when `busyZones.release()` runs, counting the reads in flight meanwhile. */
const busyZones = {
  inFlight: 0,
  mostInFlight: 0,
  waiting: [] as Array<() => void>,
  release() {
    for (const answer of this.waiting.splice(0)) answer();
  },
};

const { registered, calls } = mockRuntime({
  newResource(args) {
    if (args.type === "cloudflare:index/zone:Zone" && args.id) {
      return {
        id: args.id,
        state: { id: args.id, name: ZONES[args.id].name, nameServers: ["ns.cloudflare.test"] },
      };
    }
    return undefined;
  },
  call(args) {
    if (args.token === "cloudflare:index/getDnsRecords:getDnsRecords") {
      // The engine answers a failed invoke with a gRPC error whose `details` is the provider's message.
      const refused = "Authentication error (10000)";
      if (!ZONES[args.inputs.zoneId]) throw Object.assign(new Error(refused), { details: refused });
      const results = ZONES[args.inputs.zoneId].records;
      if (!ZONES[args.inputs.zoneId].name.startsWith("busy-")) return { results };
      busyZones.mostInFlight = Math.max(busyZones.mostInFlight, ++busyZones.inFlight);
      return new Promise((resolve) =>
        busyZones.waiting.push(() => {
          busyZones.inFlight--;
          resolve({ results });
        }),
      );
    }
    if (args.token === "cloudflare:index/getZone:getZone") {
      const name = args.inputs.filter.name;
      return { id: zoneIdOf(name), name, nameServers: ["ns.cloudflare.test"] };
    }
    throw new Error(`unexpected call ${args.token}`);
  },
});

/** Cloudflare domains as a person writes them: adopted by zone id, found by name, or created. */
function config(domains: Array<[name: string, dns: Record<string, unknown>]>): MailinfraConfig {
  return parsedConfig({
    domains: domains.map(([name, dns]) => ({
      name,
      dns: { host: "cloudflare", accountId: ACCOUNT, ...dns },
    })),
  });
}

const byZoneId = (name: string) => [name, { zoneId: zoneIdOf(name) }] as [string, Record<string, unknown>];
const recordsLookedUp = (zoneId: string) =>
  calls.filter(
    (c) => c.token === "cloudflare:index/getDnsRecords:getDnsRecords" && c.inputs.zoneId === zoneId,
  );

/** The Cloudflare records registered for `domain`'s MailDomain, once all of them are. */
async function dnsRecordsOf(mail: MailDomain, domain: string) {
  await resolved(mail.readiness.urn);
  return registered.filter(
    (r) => r.type === "cloudflare:index/dnsRecord:DnsRecord" && r.name.startsWith(`${domain}/`),
  );
}

describe("existingCloudflareRecords + MailDomain", () => {
  it("adopts the records equal to mailinfra's with Pulumi's import option and creates the others", async () => {
    const cfg = config([byZoneId("adopt.test")]);
    const existing = await existingCloudflareRecords(cfg);
    expect(existing.issues).toEqual([]);

    const mail = new MailDomain(
      "adopt.test",
      { domain: cfg.domains[0] },
      existing.adoptions.get("adopt.test"),
    );
    const records = await dnsRecordsOf(mail, "adopt.test");
    const spf = records.find((r) => r.name === "adopt.test/spf/@/TXT");
    const dmarc = records.find((r) => r.name === "adopt.test/dmarc/_dmarc/TXT");
    const zone = zoneIdOf("adopt.test");
    expect(spf?.importId).toBe(`${zone}/spf1`);
    expect(dmarc?.importId).toBe(`${zone}/dmarc1`);
    // Records that existed before mailinfra stay at Cloudflare when it lets them go, as adopted zones do.
    expect([spf?.retainOnDelete, dmarc?.retainOnDelete]).toEqual([true, true]);
    // The import only succeeds when the inputs are the record's own: its TTL and comment, not mailinfra's.
    expect(spf?.inputs).toMatchObject({ content: SPF, ttl: 300, comment: "set up by IT", proxied: false });
    const created = records.filter((r) => r !== spf && r !== dmarc);
    expect(created.map((r) => r.name).sort()).toEqual([
      "adopt.test/mx/@/MX/1/smtp.google.com",
      "adopt.test/tracking/emailtracking/CNAME",
    ]);
    expect(created.every((r) => r.importId === undefined && r.retainOnDelete === undefined)).toBe(true);
    expect(recordsLookedUp(zone)).toHaveLength(1);
  });

  it("an adopted zone without records: nothing adopted, every record created as before", async () => {
    const cfg = config([byZoneId("empty.test")]);
    const existing = await existingCloudflareRecords(cfg);
    expect(existing).toEqual({ issues: [], adoptions: new Map(), dnsHosts: new Map() });

    const mail = new MailDomain(
      "empty.test",
      { domain: cfg.domains[0] },
      existing.adoptions.get("empty.test"),
    );
    const records = await dnsRecordsOf(mail, "empty.test");
    expect(records.map((r) => r.name).sort()).toEqual([
      "empty.test/dmarc/_dmarc/TXT",
      "empty.test/mx/@/MX/1/smtp.google.com",
      "empty.test/spf/@/TXT",
      "empty.test/tracking/emailtracking/CNAME",
    ]);
    expect(records.every((r) => r.importId === undefined)).toBe(true);
    expect(records.find((r) => r.name === "empty.test/spf/@/TXT")?.inputs.comment).toBe(
      "managed by mailinfra (spf)",
    );
  });

  it("reads a zone found by name once, after finding it; a zone mailinfra creates is never read", async () => {
    const before = calls.length;
    const existing = await existingCloudflareRecords(
      config([
        ["new-1.test", {}],
        ["found.test", { adoptExistingZone: true }],
        ["new-2.test", {}],
      ]),
    );
    expect(existing.issues).toEqual([]);
    expect(calls.slice(before).map((c) => [c.token, c.inputs.zoneId ?? c.inputs.filter.name])).toEqual([
      ["cloudflare:index/getZone:getZone", "found.test"],
      ["cloudflare:index/getDnsRecords:getDnsRecords", zoneIdOf("found.test")],
    ]);
    expect([...existing.adoptions.keys()]).toEqual(["found.test"]);
  });
});

describe("mailinfra(config): a zone found by name", () => {
  it("is looked up once in the run: its records and nameservers come from that one getZone", async () => {
    const before = calls.length;
    const [mail] = (await mailinfra(config([["by-name.test", { adoptExistingZone: true }]]))).mailDomains;
    const records = await dnsRecordsOf(mail, "by-name.test");
    expect(records.length).toBeGreaterThan(0);
    expect(records.every((r) => r.inputs.zoneId === zoneIdOf("by-name.test"))).toBe(true);
    expect(await resolved(mail.nameservers)).toEqual(["ns.cloudflare.test"]);
    const lookups = calls.slice(before).filter((c) => c.token === "cloudflare:index/getZone:getZone");
    expect(lookups.map((c) => c.inputs.filter.name)).toEqual(["by-name.test"]);
  });
});

describe("existingCloudflareRecords: a fleet of adopted zones", () => {
  it(`reads at most ${ZONE_READS_IN_FLIGHT} zones at a time, every one of them once`, async () => {
    const names = Array.from({ length: 60 }, (_, i) => `busy-${i}.test`);
    names.forEach((name, i) => {
      ZONES[`b${String(i).padStart(31, "0")}`] = { name, records: [] };
    });
    const reading = existingCloudflareRecords(config(names.map(byZoneId)));
    // Answer the reads in flight until none is left waiting: each answer lets the next queued read start.
    let done = false;
    void reading.finally(() => {
      done = true;
    });
    while (!done) {
      await new Promise((resolve) => setTimeout(resolve, 5));
      busyZones.release();
    }
    expect((await reading).issues).toEqual([]);
    expect(busyZones.mostInFlight).toBe(ZONE_READS_IN_FLIGHT);
    expect(names.map((name) => recordsLookedUp(zoneIdOf(name)).length)).toEqual(names.map(() => 1));
  });
});

describe("existingCloudflareRecords: a zone it cannot read", () => {
  it("is an error at dns.zoneId with Cloudflare's answer and the fix, reported beside the other domains' problems", async () => {
    const unknown = "f0000000000000000000000000000009";
    const existing = await existingCloudflareRecords(
      config([["locked.test", { zoneId: unknown }], byZoneId("clash.test")]),
    );
    expect(existing.issues.map((i) => i.path)).toEqual([
      "mailinfra:domains[0].dns.zoneId",
      "mailinfra:domains[1].spf",
    ]);
    expect(existing.issues[0].message).toContain(
      `the records of Cloudflare zone ${unknown} could not be read`,
    );
    expect(existing.issues[0].message).toContain("Authentication error (10000)");
    expect(existing.issues[0].fix).toContain("cloudflare:apiToken has Zone › DNS › Edit");
  });
});

describe("program(): a record that would clash stops preview", () => {
  afterEach(() => setStackConfig({}));

  it("names the setting, the existing record and the fix, and registers no domain", async () => {
    setStackConfig({
      "mailinfra:domains": [
        {
          name: "clash.test",
          dns: { host: "cloudflare", accountId: ACCOUNT, zoneId: zoneIdOf("clash.test") },
        },
      ],
    });
    const error = await program().then(
      () => undefined,
      (e: unknown) => e,
    );
    const message = String(error);
    expect(message).toContain("mailinfra:domains[0].spf");
    expect(message).toContain('TXT clash.test "v=spf1 include:mail.old.test -all" (record id oldspf)');
    expect(message).toContain("two SPF records make every SPF check fail with a permerror");
    expect(message).toContain("Delete that record in Cloudflare");
    expect(message).toContain(
      "change mailinfra:domains[0].spf so that mailinfra publishes exactly that record",
    );
    expect(registered.filter((r) => r.name.startsWith("clash.test"))).toEqual([]);
  });
});

describe("mailinfra(config), the library's whole-fleet entry, reads adopted zones as program() does", () => {
  it("stops at a record that would stand beside mailinfra's, before registering the domain", async () => {
    const error = await mailinfra(config([byZoneId("library-clash.test")])).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(String(error)).toContain("mailinfra:domains[0].spf");
    expect(String(error)).toContain(
      'TXT library-clash.test "v=spf1 include:mail.old.test -all" (record id libspf)',
    );
    expect(registered.filter((r) => r.name.startsWith("library-clash.test"))).toEqual([]);
  });

  it("adopts a record equal to mailinfra's instead of publishing a second SPF", async () => {
    const { mailDomains } = await mailinfra(config([byZoneId("library-adopt.test")]));
    const records = await dnsRecordsOf(mailDomains[0], "library-adopt.test");
    const spf = records.filter((r) => r.name === "library-adopt.test/spf/@/TXT");
    expect(spf.map((r) => r.importId)).toEqual([`${zoneIdOf("library-adopt.test")}/libspf6`]);
  });
});
