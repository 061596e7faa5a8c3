import * as pulumi from "@pulumi/pulumi";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { PublishedRecord } from "./dns-host";
import { recordResourceName, recordResourceNames } from "./resource-name";

const record = (r: Partial<PublishedRecord> & Pick<PublishedRecord, "name" | "type" | "purpose">) =>
  ({ content: "value", ttl: 3600, ...r }) as PublishedRecord;

// Google Workspace's legacy MX set: two pairs share a priority, so priority alone cannot name them.
const legacyMx = [
  [1, "aspmx.l.google.com"],
  [5, "alt1.aspmx.l.google.com"],
  [5, "alt2.aspmx.l.google.com"],
  [10, "alt3.aspmx.l.google.com"],
  [10, "alt4.aspmx.l.google.com"],
] as const;

describe("recordResourceName", () => {
  it.each([
    [record({ name: "example.com", type: "TXT", purpose: "spf" }), "example.com/spf/@/TXT"],
    [
      record({ name: "google._domainkey.example.com", type: "TXT", purpose: "dkim" }),
      "example.com/dkim/google._domainkey/TXT",
    ],
    [record({ name: "_dmarc.example.com", type: "TXT", purpose: "dmarc" }), "example.com/dmarc/_dmarc/TXT"],
    [record({ name: "example.com", type: "TXT", purpose: "verification" }), "example.com/verification/@/TXT"],
    [
      record({ name: "emailtracking.example.com", type: "CNAME", purpose: "tracking" }),
      "example.com/tracking/emailtracking/CNAME",
    ],
    [
      record({ name: "example.com", type: "MX", purpose: "mx", priority: 1, content: "smtp.google.com" }),
      "example.com/mx/@/MX/1/smtp.google.com",
    ],
  ])("names %o %s", (r, expected) => {
    expect(recordResourceName("example.com", r)).toBe(expected);
  });

  it("rejects an MX without priority, or whose target is not known when the program runs", () => {
    expect(() =>
      recordResourceName("example.com", record({ name: "example.com", type: "MX", purpose: "mx" })),
    ).toThrow("MX record example.com of example.com has no priority");
    const deferred = record({
      name: "example.com",
      type: "MX",
      purpose: "mx",
      priority: 1,
      content: pulumi.output("x"),
    });
    expect(() => recordResourceName("example.com", deferred)).toThrow("target host must be a plain string");
  });

  it("property: two different records never get the same name, the same record always the same name", () => {
    const label = fc.stringMatching(/^(@|[a-z0-9_-]{1,8}(\.[a-z0-9_-]{1,8}){0,2})$/);
    const identity = fc.record({
      domain: fc.constantFrom("example.com", "example.co", "mail-example.com", "b.example.com"),
      label,
      type: fc.constantFrom("TXT" as const, "MX" as const, "CNAME" as const),
      purpose: fc.constantFrom(
        "spf" as const,
        "dkim" as const,
        "dmarc" as const,
        "mx" as const,
        "tracking" as const,
      ),
      priority: fc.integer({ min: 0, max: 20 }),
      content: fc.constantFrom("smtp.google.com", "aspmx.l.google.com", "open.sleadtrack.com"),
    });
    type Identity = typeof identity extends fc.Arbitrary<infer T> ? T : never;
    const nameOf = (i: Identity) =>
      recordResourceName(
        i.domain,
        record({
          name: i.label === "@" ? i.domain : `${i.label}.${i.domain}`,
          type: i.type,
          purpose: i.purpose,
          priority: i.priority,
          content: i.content,
        }),
      );
    fc.assert(
      fc.property(identity, identity, (a, b) => {
        // What identifies a record: MX are told apart by priority and target too, the others are not.
        const key = (i: Identity) =>
          JSON.stringify([
            i.domain,
            i.label,
            i.type,
            i.purpose,
            ...(i.type === "MX" ? [i.priority, i.content] : []),
          ]);
        expect(nameOf(a) === nameOf(b)).toBe(key(a) === key(b));
      }),
    );
  });
});

describe("recordResourceNames", () => {
  const workspace = [
    record({ name: "example.com", type: "TXT", purpose: "spf" }),
    record({ name: "google._domainkey.example.com", type: "TXT", purpose: "dkim" }),
    record({ name: "_dmarc.example.com", type: "TXT", purpose: "dmarc" }),
    ...legacyMx.map(([priority, content]) =>
      record({ name: "example.com", type: "MX", purpose: "mx", priority, content }),
    ),
    record({ name: "emailtracking.example.com", type: "CNAME", purpose: "tracking" }),
    record({ name: "example.com", type: "TXT", purpose: "verification" }),
  ];

  it("names every record of a domain distinctly, legacy MX pairs included", () => {
    const names = recordResourceNames("example.com", workspace);
    expect(new Set(names).size).toBe(workspace.length);
    expect(names.filter((n) => n.includes("/MX/"))).toEqual([
      "example.com/mx/@/MX/1/aspmx.l.google.com",
      "example.com/mx/@/MX/5/alt1.aspmx.l.google.com",
      "example.com/mx/@/MX/5/alt2.aspmx.l.google.com",
      "example.com/mx/@/MX/10/alt3.aspmx.l.google.com",
      "example.com/mx/@/MX/10/alt4.aspmx.l.google.com",
    ]);
  });

  it("does not depend on a record's position: reordering or removing records renames nothing", () => {
    const names = recordResourceNames("example.com", workspace);
    const byRecord = new Map(workspace.map((r, i) => [r, names[i]]));
    const shuffled = [...workspace].reverse().filter((r) => r.purpose !== "dmarc");
    const again = recordResourceNames("example.com", shuffled);
    expect(again).toEqual(shuffled.map((r) => byRecord.get(r)));
  });

  it("rejects a record outside the domain's zone, a look-alike suffix included", () => {
    for (const name of ["example.com._report._dmarc.reports.net", "notexample.com"]) {
      expect(() =>
        recordResourceNames("example.com", [record({ name, type: "TXT", purpose: "dmarc-report-auth" })]),
      ).toThrow(`dmarc-report-auth record ${name} is not inside the Cloudflare zone example.com`);
    }
  });

  it("rejects two records that would be the same resource, naming both values", () => {
    const spf = record({ name: "example.com", type: "TXT", purpose: "spf", content: "v=spf1 -all" });
    const twin = { ...spf, content: "v=spf1 include:_spf.google.com ~all" };
    expect(() => recordResourceNames("example.com", [spf, twin])).toThrow(
      'two TXT records of example.com would be the same Cloudflare record example.com/spf/@/TXT ("v=spf1 -all" and "v=spf1 include:_spf.google.com ~all"): keep one',
    );
  });
});
