import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseConfig } from "../config/load";
import type { DomainConfig } from "../config/schema";
import {
  adoptExistingRecords,
  compareWithZone,
  type ExistingDnsRecord,
  managedRecordComment,
  txtValue,
} from "./cloudflare-existing-records";
import { plannedRecords } from "./cloudflare-existing-records-lookup";

const ZONE = "415e6f4653b6d95b775d350f32119abb";
const SPF = "v=spf1 include:_spf.google.com ~all";
const DMARC = "v=DMARC1; p=none; adkim=r; aspf=r";

function domain(extra: Record<string, unknown> = {}): DomainConfig {
  const { config, issues } = parseConfig({
    domains: [
      {
        name: "adopt.test",
        dns: { host: "cloudflare", accountId: "023e105f4ecef8ad9ca31a8372d0c353", zoneId: ZONE },
        tracking: { provider: "smartlead", subdomain: "track" },
        mailboxes: [],
        ...extra,
      },
    ],
  });
  if (!config) throw new Error(JSON.stringify(issues));
  return config.domains[0];
}

let nextId = 0;
/** A record as `cloudflare.getDnsRecords` lists it: someone created it by hand. */
function existing(type: string, name: string, content: string, more: Partial<ExistingDnsRecord> = {}) {
  nextId += 1;
  return {
    id: `rec${nextId}`,
    type,
    name,
    content,
    priority: type === "MX" ? 1 : 0,
    ttl: 1,
    proxied: false,
    comment: "",
    tags: [],
    ...more,
  } as ExistingDnsRecord;
}

const compare = (records: ExistingDnsRecord[], d = domain()) =>
  compareWithZone(plannedRecords(d), records, d.name);

describe("compareWithZone: exact matches are adopted", () => {
  it("adopts an SPF, DMARC, MX and tracking CNAME equal to mailinfra's, by resource name", () => {
    const spf = existing("TXT", "adopt.test", SPF);
    const dmarc = existing("TXT", "_dmarc.adopt.test", DMARC);
    const mx = existing("MX", "adopt.test", "smtp.google.com");
    const track = existing("CNAME", "track.adopt.test", "open.sleadtrack.com");
    const { adopted, conflicts } = compare([spf, dmarc, mx, track]);
    expect(conflicts).toEqual([]);
    expect(Object.fromEntries(adopted)).toEqual({
      "adopt.test/spf/@/TXT": spf,
      "adopt.test/dmarc/_dmarc/TXT": dmarc,
      "adopt.test/mx/@/MX/1/smtp.google.com": mx,
      "adopt.test/tracking/track/CNAME": track,
    });
  });

  it("reads TXT content written as quoted strings, and names without case or trailing dot", () => {
    const spf = existing("TXT", "ADOPT.test.", `"v=spf1 include:_spf.google.com" " ~all"`);
    const mx = existing("MX", "adopt.test", "SMTP.google.com.");
    expect(Object.fromEntries(compare([spf, mx]).adopted)).toEqual({
      "adopt.test/spf/@/TXT": spf,
      "adopt.test/mx/@/MX/1/smtp.google.com": mx,
    });
  });

  it("leaves no existing records and unrelated ones alone: nothing adopted, nothing in conflict", () => {
    expect(compare([])).toEqual({ adopted: new Map(), conflicts: [] });
    const unrelated = [
      existing("A", "adopt.test", "192.0.2.1", { proxied: true }),
      existing("TXT", "adopt.test", "google-site-verification=old"),
      existing("TXT", "adopt.test", "apple-domain-verification=x"),
      existing("CNAME", "www.adopt.test", "adopt.test", { proxied: true }),
      existing("TXT", "_dmarc.other.test", "v=DMARC1; p=reject"),
      existing("MX", "news.adopt.test", "mx.example.net"),
    ];
    expect(compare(unrelated)).toEqual({ adopted: new Map(), conflicts: [] });
  });

  it("a CNAME at the zone apex (a website's): Cloudflare flattens it, so SPF and MX stand beside it", () => {
    // https://developers.cloudflare.com/dns/cname-flattening/set-up-cname-flattening/: an apex CNAME is always
    // flattened, and Cloudflare serves the apex's MX and TXT records beside it.
    const site = existing("CNAME", "adopt.test", "shop.pages.dev", { proxied: true });
    const spf = existing("TXT", "adopt.test", SPF);
    expect(compare([site])).toEqual({ adopted: new Map(), conflicts: [] });
    expect(compare([site, spf])).toEqual({
      adopted: new Map([["adopt.test/spf/@/TXT", spf]]),
      conflicts: [],
    });
  });

  it("skips the records mailinfra created itself, whatever their value", () => {
    const old = existing("TXT", "adopt.test", "v=spf1 -all", { comment: managedRecordComment("spf") });
    expect(compare([old])).toEqual({ adopted: new Map(), conflicts: [] });
  });
});

describe("compareWithZone: rivals are conflicts", () => {
  it("a second SPF at the apex", () => {
    const old = existing("TXT", "adopt.test", "v=spf1 include:mail.old.test -all");
    const { adopted, conflicts } = compare([old]);
    expect(adopted.size).toBe(0);
    expect(conflicts).toHaveLength(1);
    expect(conflicts[0].planned.record.purpose).toBe("spf");
    expect(conflicts[0].existing).toEqual([old]);
    expect(conflicts[0].why).toContain("two SPF records make every SPF check fail with a permerror");
  });

  it("an MX outside mailinfra's set, naming only that record", () => {
    const ours = existing("MX", "adopt.test", "smtp.google.com");
    const stranger = existing("MX", "adopt.test", "mx.old.test");
    const { adopted, conflicts } = compare([ours, stranger]);
    expect(adopted.size).toBe(0);
    expect(conflicts).toHaveLength(1);
    expect(conflicts[0].existing).toEqual([stranger]);
    expect(conflicts[0].why).toContain("MX adopt.test 1 smtp.google.com");
  });

  it("adopts the part of an MX set that exists, so mailinfra creates only the rest", () => {
    const d = domain({
      platform: {
        kind: "custom",
        mx: [
          { host: "mx1.mail.test", priority: 10 },
          { host: "mx2.mail.test", priority: 20 },
        ],
      },
    });
    const planned = plannedRecords(d).filter((p) => p.record.type === "MX");
    expect(planned.length).toBeGreaterThan(1);
    const one = existing("MX", "adopt.test", planned[1].record.content, {
      priority: planned[1].record.priority,
    });
    expect(compare([one], d)).toEqual({ adopted: new Map([[planned[1].resourceName, one]]), conflicts: [] });
  });

  it("an MX at another priority", () => {
    const { conflicts } = compare([existing("MX", "adopt.test", "smtp.google.com", { priority: 10 })]);
    expect(conflicts.map((c) => c.planned.record.purpose)).toEqual(["mx"]);
  });

  it("a DMARC record with the same policy in other words (pct=100, tags reordered) is adopted as it stands", () => {
    const theirs = existing("TXT", "_dmarc.adopt.test", "v=DMARC1; p=none; pct=100; aspf=r; adkim=r");
    const { adopted, conflicts } = compare([theirs]);
    expect(conflicts).toEqual([]);
    expect(adopted.get("adopt.test/dmarc/_dmarc/TXT")).toBe(theirs);
  });

  it("a DMARC record with other content", () => {
    const { conflicts } = compare([existing("TXT", "_dmarc.adopt.test", "v=DMARC1; p=reject")]);
    expect(conflicts.map((c) => c.planned.record.purpose)).toEqual(["dmarc"]);
    expect(conflicts[0].why).toContain("no DMARC policy at all");
  });

  it("a tracking CNAME pointing elsewhere, or another record at the tracking host", () => {
    for (const other of [
      existing("CNAME", "track.adopt.test", "links.old.test"),
      existing("A", "track.adopt.test", "192.0.2.7"),
    ]) {
      const { conflicts } = compare([other]);
      expect(conflicts.map((c) => c.planned.record.purpose)).toEqual(["tracking"]);
      expect(conflicts[0].why).toContain("a CNAME must be alone at its name");
    }
  });

  it("the same tracking CNAME, proxied: mailinfra's is never proxied", () => {
    const { adopted, conflicts } = compare([
      existing("CNAME", "track.adopt.test", "open.sleadtrack.com", { proxied: true }),
    ]);
    expect(adopted.size).toBe(0);
    expect(conflicts[0].why).toContain("proxied (orange cloud)");
  });

  it("a DKIM key at the selector mailinfra publishes", () => {
    const d = domain({ dkim: { publicKey: "MIIBIjANBgkq" } });
    const { conflicts } = compare(
      [existing("TXT", "google._domainkey.adopt.test", "v=DKIM1; k=rsa; p=OLD")],
      d,
    );
    expect(conflicts.map((c) => c.planned.record.purpose)).toEqual(["dkim"]);
  });

  it("even an equal SPF when mailinfra computes its value during the run (spf.flatten): it cannot adopt it", () => {
    const d = domain({ spf: { flatten: true } });
    const { adopted, conflicts } = compare([existing("TXT", "adopt.test", SPF)], d);
    expect(adopted.size).toBe(0);
    expect(conflicts[0].why).toContain("computed during the run");
  });

  it("no DKIM conflict where mailinfra publishes no DKIM record (Workspace without dkim.publicKey)", () => {
    expect(compare([existing("TXT", "google._domainkey.adopt.test", "v=DKIM1; p=OLD")]).conflicts).toEqual(
      [],
    );
  });
});

describe("compareWithZone: properties", () => {
  it("a zone holding exactly mailinfra's known records is adopted whole, in any order, with no conflict", () => {
    const planned = plannedRecords(domain()).filter((p) => p.known);
    const listed = planned.map((p) =>
      existing(p.record.type, p.record.name, p.record.content, { priority: p.record.priority ?? 0 }),
    );
    fc.assert(
      fc.property(fc.shuffledSubarray(listed, { minLength: listed.length }), (zone) => {
        const { adopted, conflicts } = compare(zone);
        expect(conflicts).toEqual([]);
        expect([...adopted.keys()].sort()).toEqual(planned.map((p) => p.resourceName).sort());
      }),
    );
  });

  it("never throws, and never adopts a record whose value differs from mailinfra's", () => {
    const record = fc.record({
      type: fc.constantFrom("TXT", "MX", "CNAME", "A"),
      name: fc.constantFrom("adopt.test", "_dmarc.adopt.test", "track.adopt.test", "x.adopt.test"),
      content: fc.oneof(fc.constantFrom(SPF, DMARC, "smtp.google.com", "open.sleadtrack.com"), fc.string()),
      priority: fc.integer({ min: 0, max: 20 }),
      proxied: fc.boolean(),
    });
    fc.assert(
      fc.property(fc.array(record, { maxLength: 8 }), (records) => {
        const zone = records.map((r) => existing(r.type, r.name, r.content, r));
        const planned = plannedRecords(domain());
        for (const [name, found] of compareWithZone(planned, zone, "adopt.test").adopted) {
          const ours = planned.find((p) => p.resourceName === name)!.record;
          expect(found.type === "TXT" ? txtValue(found.content) : found.content.toLowerCase()).toBe(
            ours.content,
          );
        }
      }),
    );
  });
});

describe("adoptExistingRecords", () => {
  const spf = existing("TXT", "adopt.test", SPF, { ttl: 300, comment: "old SPF", tags: ["owner:it"] });
  const adopt = adoptExistingRecords(ZONE, new Map([["adopt.test/spf/@/TXT", spf]]));
  const props = { zoneId: ZONE, name: "adopt.test", type: "TXT", content: SPF, ttl: 3600, comment: "x" };

  it("imports the matching DNS record with Cloudflare's import id, taking its stored values so the import matches, and keeps it at Cloudflare on delete", () => {
    const result = adopt({
      resource: undefined as never,
      type: "cloudflare:index/dnsRecord:DnsRecord",
      name: "adopt.test/spf/@/TXT",
      props,
      opts: { protect: false },
    });
    expect(result).toEqual({
      props: { ...props, ttl: 300, comment: "old SPF", tags: ["owner:it"] },
      opts: { protect: false, import: `${ZONE}/${spf.id}`, retainOnDelete: true },
    });
  });

  it("leaves other records and other resources as they are", () => {
    const base = { resource: undefined as never, props, opts: {} };
    expect(
      adopt({ ...base, type: "cloudflare:index/dnsRecord:DnsRecord", name: "adopt.test/dmarc/_dmarc/TXT" }),
    ).toBe(undefined);
    expect(adopt({ ...base, type: "cloudflare:index/zone:Zone", name: "adopt.test/spf/@/TXT" })).toBe(
      undefined,
    );
  });
});
