import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { flattenSpf, type SpfResolver } from "./spf-flatten";

/** A resolver over literal records; names not listed are NXDOMAIN, `fail` names time out. */
function fakeResolver(
  txt: Record<string, string[]>,
  extra: {
    a?: Record<string, string[]>;
    aaaa?: Record<string, string[]>;
    mx?: Record<string, string[]>;
    fail?: string[];
  } = {},
): SpfResolver & { queries: string[] } {
  const queries: string[] = [];
  const lookup = <T>(table: Record<string, T> | undefined, name: string, type: string): Promise<T> => {
    queries.push(`${type} ${name}`);
    if (extra.fail?.includes(name))
      return Promise.reject(Object.assign(new Error("timeout"), { code: "ETIMEOUT" }));
    const found = table?.[name];
    if (found === undefined) return Promise.reject(Object.assign(new Error("nx"), { code: "ENOTFOUND" }));
    return Promise.resolve(found);
  };
  return {
    queries,
    resolveTxt: (name) =>
      lookup(txt, name, "TXT").then((records) =>
        records.map((r) => [r.slice(0, 255), r.slice(255)].filter(Boolean)),
      ),
    resolve4: (name) => lookup(extra.a, name, "A"),
    resolve6: (name) => lookup(extra.aaaa ?? {}, name, "AAAA").catch(() => []),
    resolveMx: (name) =>
      lookup(extra.mx, name, "MX").then((hosts) =>
        hosts.map((exchange, i) => ({ exchange, priority: i * 10 })),
      ),
  };
}

const GOOGLE = {
  "_spf.google.com": [
    "v=spf1 include:_netblocks.google.com include:_netblocks2.google.com include:_netblocks3.google.com ~all",
  ],
  "_netblocks.google.com": ["v=spf1 ip4:35.190.247.0/24 ip4:64.233.160.0/19 ~all"],
  "_netblocks2.google.com": ["v=spf1 ip6:2001:4860:4000::/36 ip6:2404:6800:4000::/36 ~all"],
  "_netblocks3.google.com": ["v=spf1 ip4:172.217.0.0/19 ~all", "unrelated TXT"],
};

describe("flattenSpf", () => {
  it("follows nested includes, counts every lookup and collects the addresses", async () => {
    const result = await flattenSpf(["_spf.google.com"], fakeResolver(GOOGLE));
    expect(result).toEqual({
      ip4: ["172.217.0.0/19", "35.190.247.0/24", "64.233.160.0/19"],
      ip6: ["2001:4860:4000::/36", "2404:6800:4000::/36"],
      kept: [],
      lookups: 4,
      lookupsAfter: 0,
      includes: [
        {
          domain: "_spf.google.com",
          lookups: 4,
          flattenable: true,
          ip4: ["172.217.0.0/19", "35.190.247.0/24", "64.233.160.0/19"],
          ip6: ["2001:4860:4000::/36", "2404:6800:4000::/36"],
        },
      ],
      problems: [],
    });
  });

  it("follows redirect= (one lookup) and stops at all", async () => {
    const resolver = fakeResolver({
      "spf.vendor.net": ["v=spf1 redirect=_spf.vendor.net"],
      "_spf.vendor.net": ["v=spf1 ip4:198.51.100.0/24 -all include:never.vendor.net"],
    });
    const result = await flattenSpf(["spf.vendor.net"], resolver);
    expect(result.ip4).toEqual(["198.51.100.0/24"]);
    expect(result.lookups).toBe(2);
    expect(resolver.queries).not.toContain("TXT never.vendor.net");
  });

  it("resolves a and mx mechanisms with their prefix lengths", async () => {
    const resolver = fakeResolver(
      { "spf.vendor.net": ["v=spf1 a:web.vendor.net/28 mx ip4:192.0.2.1 -all"] },
      {
        a: { "web.vendor.net": ["203.0.113.10"], "mx1.vendor.net": ["203.0.113.20"] },
        mx: { "spf.vendor.net": ["mx1.vendor.net"] },
      },
    );
    const result = await flattenSpf(["spf.vendor.net"], resolver);
    expect(result.ip4).toEqual(["192.0.2.1", "203.0.113.10/28", "203.0.113.20"]);
    expect(result.lookups).toBe(3);
    expect(result.kept).toEqual([]);
  });

  it.each<{ name: string; txt: Record<string, string[]>; kind: string; detail: string }>([
    {
      name: "include without an SPF record (permerror)",
      txt: { "a.net": ["v=spf1 include:missing.net -all"] },
      kind: "no-spf",
      detail: "missing.net publishes no SPF record, which makes include:missing.net a permerror",
    },
    {
      name: "two SPF records",
      txt: { "a.net": ["v=spf1 -all", "v=spf1 ~all"] },
      kind: "multiple-spf",
      detail: "a.net publishes 2 SPF records, which is a permerror",
    },
    {
      name: "include loop",
      txt: { "a.net": ["v=spf1 include:b.net -all"], "b.net": ["v=spf1 include:a.net -all"] },
      kind: "loop",
      detail: "a.net → b.net → a.net includes itself",
    },
    {
      name: "exists with a macro",
      txt: { "a.net": ["v=spf1 exists:%{i}._spf.a.net -all"] },
      kind: "not-flattenable",
      detail: 'a.net uses a macro in "exists:%{i}._spf.a.net"',
    },
    {
      name: "negative mechanism inside the include",
      txt: { "a.net": ["v=spf1 -ip4:192.0.2.66 ip4:192.0.2.0/24 -all"] },
      kind: "not-flattenable",
      detail: 'a.net has "-ip4:192.0.2.66", which flattening cannot express',
    },
    {
      name: "ptr",
      txt: { "a.net": ["v=spf1 ptr -all"] },
      kind: "not-flattenable",
      detail: 'a.net has "ptr", which depends on the sender and cannot be flattened',
    },
  ])("keeps the include when it cannot be flattened: $name", async ({ txt, kind, detail }) => {
    const result = await flattenSpf(["a.net"], fakeResolver(txt));
    expect(result.kept).toEqual(["a.net"]);
    expect(result.ip4).toEqual([]);
    expect(result.problems).toContainEqual({ kind, include: "a.net", detail });
    expect(result.lookupsAfter).toBe(result.lookups);
  });

  it("reports failed lookups as unresolvable and keeps the include", async () => {
    const result = await flattenSpf(
      ["a.net", "b.net"],
      fakeResolver({ "b.net": ["v=spf1 ip4:192.0.2.1 -all"] }, { fail: ["a.net"] }),
    );
    expect(result.problems).toEqual([
      { kind: "unresolvable", include: "a.net", detail: "TXT lookup of a.net failed (ETIMEOUT)" },
    ]);
    expect(result.kept).toEqual(["a.net"]);
    expect(result.ip4).toEqual(["192.0.2.1"]);
    expect(result.lookups).toBe(2);
    expect(result.lookupsAfter).toBe(1);
  });

  it("counts lookups above the limit across several includes", async () => {
    const txt: Record<string, string[]> = {};
    for (let i = 0; i < 4; i++) txt[`v${i}.net`] = [`v=spf1 include:n${i}a.net include:n${i}b.net -all`];
    for (let i = 0; i < 4; i++)
      for (const s of ["a", "b"]) txt[`n${i}${s}.net`] = [`v=spf1 ip4:192.0.2.${i} -all`];
    const result = await flattenSpf(["v0.net", "v1.net", "v2.net", "v3.net"], fakeResolver(txt));
    expect(result.lookups).toBe(12);
    expect(result.includes.map((r) => r.lookups)).toEqual([3, 3, 3, 3]);
  });

  it("never throws, whatever the published records say", async () => {
    const term = fc.oneof(
      fc.constantFrom(
        "include:a.net",
        "include:b.net",
        "include:c.net",
        "redirect=b.net",
        "-all",
        "~all",
        "a",
        "mx",
        "ptr",
      ),
      fc.constantFrom(
        "exists:%{i}.a.net",
        "ip4:192.0.2.1",
        "ip6:2001:db8::1",
        "a:c.net/24",
        "garbage",
        "=",
        "include:",
      ),
    );
    const record = fc.array(term, { maxLength: 6 }).map((terms) => `v=spf1 ${terms.join(" ")}`);
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          "a.net": fc.array(record, { maxLength: 2 }),
          "b.net": fc.array(record, { maxLength: 2 }),
          "c.net": fc.array(record, { maxLength: 2 }),
        }),
        async (txt) => {
          const result = await flattenSpf(
            ["a.net", "c.net"],
            fakeResolver(txt, { a: { "a.net": ["192.0.2.9"] } }),
          );
          expect(result.lookups).toBeGreaterThanOrEqual(2);
          expect(result.lookupsAfter).toBeLessThanOrEqual(result.lookups);
          expect(
            [...result.kept, ...result.includes.filter((r) => r.flattenable).map((r) => r.domain)].sort(),
          ).toEqual(["a.net", "c.net"]);
        },
      ),
      { numRuns: 200 },
    );
  });
});
