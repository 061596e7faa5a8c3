import * as cloudflare from "@pulumi/cloudflare";
import * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import { mockRuntime } from "../../test/support/mock-runtime";
import { programErrors } from "../../test/support/program-errors";
import { resolved } from "../../test/support/resolved";
import { cloudflareHost } from "./cloudflare";
import type { PublishedDns, PublishedRecord } from "./dns-host";

// The mock runtime is process-global: this file sets it up once, and every test uses its own domain, so each
// test looks only at the resources named after that domain.

const ACCOUNT = "023e105f4ecef8ad9ca31a8372d0c353";
const CREATED_ZONE_ID = "c0ffee00c0ffee00c0ffee00c0ffee00";
const FOUND_ZONE_ID = "5ca1ab1e5ca1ab1e5ca1ab1e5ca1ab1e";
const CREATED_NS = ["ada.ns.cloudflare.com", "bob.ns.cloudflare.com"];
const FOUND_NS = ["kim.ns.cloudflare.com", "lex.ns.cloudflare.com"];
/** Zones that already exist at "Cloudflare", by id, for `Zone.get`. */
const EXISTING_ZONES: Record<string, { name: string; nameServers: string[] }> = {
  "415e6f4653b6d95b775d350f32119abb": { name: "adopted.example", nameServers: ["eve.ns.cloudflare.com"] },
  "99999999999999999999999999999999": {
    name: "someone-else.example",
    nameServers: ["max.ns.cloudflare.com"],
  },
};

const DKIM_1 =
  "v=DKIM1; k=rsa; p=MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA0CseIZ0bGByYBN16itDEs8wVttk+wdNYSSS1pJ4NFVe1/UiDwwdctqpsgGbBTckdz7pkuUGRUQ6xwcvqSY9d0YSfEwQ+NxsatqsPkQIRReqzG7+ELOaaV7zPelBBTN2p5o+p93Q1YzNFWfyIVFaWUEB3VQ8KAp9WMGyqxFVA8ajD8Pch0QECi5OAHfGY8VcwF";
const DKIM_2 =
  "9+oGIdBC1ThHDXb1XMmcIXw8eIyLxYsNkaxHGrPS2t0MLFlaIEaC/dcQhkBeakx2fiHmN2IWO2R+6NJRS8mucFWpg9vvgNIUG27p/Gmw63EUAY+fRtAfYqLCTSJf+d1GOgWJAMh6bdrhXQeM2p5aQIDAQAB";

// The mocks see type, name and inputs only; the shared mock runtime records parent, provider and options too.
const { registered: seen, calls } = mockRuntime({
  newResource(args) {
    if (args.type !== "cloudflare:index/zone:Zone") return undefined;
    if (args.id) return { id: args.id, state: { ...EXISTING_ZONES[args.id], id: args.id } };
    return { id: CREATED_ZONE_ID, state: { ...args.inputs, nameServers: CREATED_NS } };
  },
  call(args) {
    if (args.token !== "cloudflare:index/getZone:getZone") throw new Error(`unexpected call ${args.token}`);
    return { id: FOUND_ZONE_ID, name: args.inputs.filter.name, nameServers: FOUND_NS };
  },
});

/** The nameservers the host asks the registrar to delegate to ([] when it asks for none). */
function nameservers(published: PublishedDns): pulumi.Output<string[]> {
  return published.delegation?.nameservers ?? pulumi.output<string[]>([]);
}

/** Waits until every resource the host registered for the domain is registered, then returns what was seen. */
async function settle(domain: string, published: PublishedDns) {
  await resolved(published.zoneId);
  await resolved(nameservers(published));
  await resolved(pulumi.all(published.dependencies.map((d) => d.urn)));
  const mine = seen.filter((s) => s.name === domain || s.name.startsWith(`${domain}/`));
  return {
    zones: mine.filter((s) => s.type === "cloudflare:index/zone:Zone"),
    records: mine.filter((s) => s.type === "cloudflare:index/dnsRecord:DnsRecord"),
  };
}

function parentFor(domain: string) {
  return new pulumi.ComponentResource("mailinfra:index:MailDomain", domain);
}

/** A Google Workspace domain's records as the builders make them, verification token known only at deploy time. */
function workspaceRecords(domain: string, token: pulumi.Input<string>): PublishedRecord[] {
  return [
    {
      name: domain,
      type: "TXT",
      content: "v=spf1 include:_spf.google.com ~all",
      strings: ["v=spf1 include:_spf.google.com ~all"],
      ttl: 3600,
      purpose: "spf",
    },
    {
      name: `google._domainkey.${domain}`,
      type: "TXT",
      content: DKIM_1 + DKIM_2,
      strings: [DKIM_1, DKIM_2],
      ttl: 3600,
      purpose: "dkim",
    },
    {
      name: `_dmarc.${domain}`,
      type: "TXT",
      content: `v=DMARC1; p=none; rua=mailto:dmarc@${domain}`,
      ttl: 3600,
      purpose: "dmarc",
    },
    { name: domain, type: "MX", content: "smtp.google.com", priority: 1, ttl: 3600, purpose: "mx" },
    {
      name: `emailtracking.${domain}`,
      type: "CNAME",
      content: "open.sleadtrack.com",
      ttl: 3600,
      purpose: "tracking",
    },
    {
      name: domain,
      type: "TXT",
      content: token,
      strings: pulumi.output(token).apply((t) => [t]),
      ttl: 300,
      purpose: "verification",
    },
  ];
}

describe("cloudflareHost: the zone", () => {
  it("creates the zone in the account, as a full zone, under the domain, kept at Cloudflare on delete", async () => {
    const parent = parentFor("created.example");
    const published = cloudflareHost({ accountId: ACCOUNT }).publish({
      domain: "created.example",
      records: [],
      parent,
    });
    const { zones } = await settle("created.example", published);

    expect(zones).toHaveLength(1);
    expect(zones[0]).toMatchObject({
      op: "register",
      name: "created.example",
      parent: await resolved(parent.urn),
    });
    expect(zones[0].inputs).toStrictEqual({
      account: { id: ACCOUNT },
      name: "created.example",
      type: "full",
    });
    expect(zones[0].retainOnDelete).toBe(true);
    expect(await resolved(published.zoneId)).toBe(CREATED_ZONE_ID);
    expect(await resolved(nameservers(published))).toEqual(CREATED_NS);
    expect(calls.filter((c) => c.inputs.filter?.name === "created.example")).toEqual([]);
  });

  it('deletes the zone with the stack only when onDelete is "delete"', async () => {
    const published = cloudflareHost({ accountId: ACCOUNT, onDelete: "delete" }).publish({
      domain: "throwaway.example",
      records: [],
      parent: parentFor("throwaway.example"),
    });
    const { zones } = await settle("throwaway.example", published);
    expect(zones.map((z) => z.retainOnDelete)).toEqual([false]);
  });

  it("adopts a zone by id: reads it, creates no zone, and publishes into it", async () => {
    const zoneId = "415e6f4653b6d95b775d350f32119abb";
    const published = cloudflareHost({ accountId: ACCOUNT, zoneId }).publish({
      domain: "adopted.example",
      records: [
        {
          name: "_dmarc.adopted.example",
          type: "TXT",
          content: "v=DMARC1; p=none",
          ttl: 3600,
          purpose: "dmarc",
        },
      ],
      parent: parentFor("adopted.example"),
    });
    const { zones, records } = await settle("adopted.example", published);

    expect(zones.map((z) => [z.op, z.name, z.id])).toEqual([["read", "adopted.example/adopted", zoneId]]);
    expect(await resolved(published.zoneId)).toBe(zoneId);
    expect(await resolved(nameservers(published))).toEqual(["eve.ns.cloudflare.com"]);
    expect(records.map((r) => r.inputs.zoneId)).toEqual([zoneId]);
    expect(calls.filter((c) => c.inputs.filter?.name === "adopted.example")).toEqual([]);
  });

  it("refuses an adopted zone id that belongs to another domain, saying how to fix it", async () => {
    const published = cloudflareHost({
      accountId: ACCOUNT,
      zoneId: "99999999999999999999999999999999",
    }).publish({
      domain: "mistyped.example",
      records: [],
      parent: parentFor("mistyped.example"),
    });
    const unhandled = await programErrors(() =>
      expect(resolved(published.zoneId)).rejects.toThrow(
        "Cloudflare zone 99999999999999999999999999999999 is someone-else.example, not mistyped.example: " +
          "set the zone id of mistyped.example",
      ),
    );
    // The Pulumi language host reports the same error as the program's failure.
    expect(unhandled.length).toBeGreaterThan(0);
    expect(unhandled.every((e) => String(e).includes("is someone-else.example, not mistyped.example"))).toBe(
      true,
    );
  });

  it("adopts an existing zone found by name in the account: one getZone call, no zone resource", async () => {
    const published = cloudflareHost({ accountId: ACCOUNT, adoptExistingZone: true }).publish({
      domain: "found.example",
      records: [
        {
          name: "found.example",
          type: "MX",
          content: "smtp.google.com",
          priority: 1,
          ttl: 3600,
          purpose: "mx",
        },
      ],
      parent: parentFor("found.example"),
    });
    const { zones, records } = await settle("found.example", published);

    expect(zones).toEqual([]);
    const lookups = calls.filter((c) => c.inputs.filter?.name === "found.example");
    expect(lookups.map((c) => [c.token, c.inputs])).toEqual([
      ["cloudflare:index/getZone:getZone", { filter: { name: "found.example", account: { id: ACCOUNT } } }],
    ]);
    expect(await resolved(published.zoneId)).toBe(FOUND_ZONE_ID);
    expect(await resolved(nameservers(published))).toEqual(FOUND_NS);
    expect(records.map((r) => r.inputs.zoneId)).toEqual([FOUND_ZONE_ID]);
  });
});

describe("cloudflareHost: the records", () => {
  it("creates one DnsRecord per record, every argument exact, under the domain", async () => {
    const domain = "workspace.example";
    const token = new Promise<string>((resolve) =>
      setTimeout(() => resolve("google-site-verification=Xy9_token"), 20),
    );
    const parent = parentFor(domain);
    const published = cloudflareHost({ accountId: ACCOUNT }).publish({
      domain,
      records: workspaceRecords(domain, pulumi.output(token)),
      parent,
    });
    const { records } = await settle(domain, published);

    const common = { zoneId: CREATED_ZONE_ID, proxied: false };
    // Registration order is up to the runtime; the records are compared by resource name.
    expect(Object.fromEntries(records.map((r) => [r.name, r.inputs]))).toStrictEqual({
      "workspace.example/spf/@/TXT": {
        ...common,
        name: domain,
        type: "TXT",
        content: "v=spf1 include:_spf.google.com ~all",
        ttl: 3600,
        comment: "managed by mailinfra (spf)",
      },
      "workspace.example/dkim/google._domainkey/TXT": {
        ...common,
        name: `google._domainkey.${domain}`,
        type: "TXT",
        content: `"${DKIM_1}" "${DKIM_2}"`,
        ttl: 3600,
        comment: "managed by mailinfra (dkim)",
      },
      "workspace.example/dmarc/_dmarc/TXT": {
        ...common,
        name: `_dmarc.${domain}`,
        type: "TXT",
        content: "v=DMARC1; p=none; rua=mailto:dmarc@workspace.example",
        ttl: 3600,
        comment: "managed by mailinfra (dmarc)",
      },
      "workspace.example/mx/@/MX/1/smtp.google.com": {
        ...common,
        name: domain,
        type: "MX",
        content: "smtp.google.com",
        priority: 1,
        ttl: 3600,
        comment: "managed by mailinfra (mx)",
      },
      "workspace.example/tracking/emailtracking/CNAME": {
        ...common,
        name: `emailtracking.${domain}`,
        type: "CNAME",
        content: "open.sleadtrack.com",
        ttl: 3600,
        comment: "managed by mailinfra (tracking)",
      },
      "workspace.example/verification/@/TXT": {
        ...common,
        name: domain,
        type: "TXT",
        content: "google-site-verification=Xy9_token",
        ttl: 300,
        comment: "managed by mailinfra (verification)",
      },
    });
    const parentUrn = await resolved(parent.urn);
    expect(
      records.every((r) => r.op === "register" && r.parent === parentUrn && r.retainOnDelete === undefined),
    ).toBe(true);
    // The dependencies the readiness gate waits for are exactly these records.
    const urns = await resolved(pulumi.all(published.dependencies.map((d) => d.urn)));
    expect(urns.map((u) => u.split("::").pop())).toEqual([
      "workspace.example/spf/@/TXT",
      "workspace.example/dkim/google._domainkey/TXT",
      "workspace.example/dmarc/_dmarc/TXT",
      "workspace.example/mx/@/MX/1/smtp.google.com",
      "workspace.example/tracking/emailtracking/CNAME",
      "workspace.example/verification/@/TXT",
    ]);
    expect(published.dependencies.every((d) => d instanceof cloudflare.DnsRecord)).toBe(true);
  });

  it("quotes a TXT value split into strings known only at deploy time", async () => {
    const domain = "deferred.example";
    const published = cloudflareHost({ accountId: ACCOUNT }).publish({
      domain,
      records: [
        {
          name: `google._domainkey.${domain}`,
          type: "TXT",
          content: pulumi.output(Promise.resolve(DKIM_1 + DKIM_2)),
          strings: pulumi.output(Promise.resolve([DKIM_1, DKIM_2])),
          ttl: 3600,
          purpose: "dkim",
        },
      ],
      parent: parentFor(domain),
    });
    const { records } = await settle(domain, published);
    expect(records.map((r) => r.inputs.content)).toEqual([`"${DKIM_1}" "${DKIM_2}"`]);
  });

  it("names records by what they are, so reordering or dropping one renames none of the others", async () => {
    const first = await settle(
      "order-a.example",
      cloudflareHost({ accountId: ACCOUNT }).publish({
        domain: "order-a.example",
        records: workspaceRecords("order-a.example", "google-site-verification=a"),
        parent: parentFor("order-a.example"),
      }),
    );
    const reordered = workspaceRecords("order-b.example", "google-site-verification=b")
      .reverse()
      .filter((r) => r.purpose !== "dmarc");
    const second = await settle(
      "order-b.example",
      cloudflareHost({ accountId: ACCOUNT }).publish({
        domain: "order-b.example",
        records: reordered,
        parent: parentFor("order-b.example"),
      }),
    );
    const relative = (names: string[]) => names.map((n) => n.replace(/^order-[ab]\.example\//, "")).sort();
    expect(relative(second.records.map((r) => r.name))).toEqual(
      relative(first.records.map((r) => r.name)).filter((n) => !n.startsWith("dmarc/")),
    );
    // Each record still carries its own content under its name.
    const dkim = second.records.find((r) => r.name === "order-b.example/dkim/google._domainkey/TXT");
    expect(dkim?.inputs.content).toBe(`"${DKIM_1}" "${DKIM_2}"`);
  });

  it("rejects a record outside the zone before registering anything", async () => {
    const host = cloudflareHost({ accountId: ACCOUNT });
    const parent = parentFor("strict.example");
    expect(() =>
      host.publish({
        domain: "strict.example",
        records: [
          { name: "strict.example", type: "TXT", content: "v=spf1 -all", ttl: 3600, purpose: "spf" },
          {
            name: "strict.example._report._dmarc.reports.example",
            type: "TXT",
            content: "v=DMARC1",
            ttl: 3600,
            purpose: "dmarc-report-auth",
          },
        ],
        parent,
      }),
    ).toThrow(
      "dmarc-report-auth record strict.example._report._dmarc.reports.example is not inside the Cloudflare zone strict.example",
    );
    await resolved(parent.urn);
    await new Promise((resolve) => setTimeout(resolve, 50));
    // Only the parent the test itself made was registered: no zone, no record.
    const strict = seen.filter((s) => s.name === "strict.example" || s.name.startsWith("strict.example/"));
    expect(strict.map((s) => s.type)).toEqual(["mailinfra:index:MailDomain"]);
  });
});

describe("cloudflareHost: options", () => {
  it("applies transforms: a partial args object to records, a callback to the zone's args and options", async () => {
    const domain = "transformed.example";
    const zoneNames: string[] = [];
    const published = cloudflareHost({
      accountId: ACCOUNT,
      transform: {
        record: { tags: ["team:growth"], ttl: 600 },
        zone: (args, opts, name) => {
          zoneNames.push(name);
          args.paused = true;
          opts.protect = true;
        },
      },
    }).publish({
      domain,
      records: [
        { name: `_dmarc.${domain}`, type: "TXT", content: "v=DMARC1; p=none", ttl: 3600, purpose: "dmarc" },
      ],
      parent: parentFor(domain),
    });
    const { zones, records } = await settle(domain, published);

    expect(zoneNames).toEqual([domain]);
    expect(zones[0].inputs).toStrictEqual({
      account: { id: ACCOUNT },
      name: domain,
      type: "full",
      paused: true,
    });
    expect(zones[0]).toMatchObject({ protect: true, retainOnDelete: true });
    expect(records[0].inputs).toStrictEqual({
      zoneId: CREATED_ZONE_ID,
      name: `_dmarc.${domain}`,
      type: "TXT",
      content: "v=DMARC1; p=none",
      ttl: 600,
      proxied: false,
      comment: "managed by mailinfra (dmarc)",
      tags: ["team:growth"],
    });
  });

  it("creates the zone and records with the given provider", async () => {
    const domain = "provided.example";
    const provider = new cloudflare.Provider("growth-account", { apiToken: "token-not-used-by-mocks" });
    const published = cloudflareHost({ accountId: ACCOUNT, provider }).publish({
      domain,
      records: [{ name: domain, type: "TXT", content: "v=spf1 -all", ttl: 3600, purpose: "spf" }],
      parent: parentFor(domain),
    });
    const { zones, records } = await settle(domain, published);
    const reference = `${await resolved(provider.urn)}::${await resolved(provider.id)}`;
    expect([...zones, ...records].map((s) => s.provider)).toEqual([reference, reference]);

    const found = cloudflareHost({ accountId: ACCOUNT, provider, adoptExistingZone: true }).publish({
      domain: "provided-found.example",
      records: [],
      parent: parentFor("provided-found.example"),
    });
    await settle("provided-found.example", found);
    const lookups = calls.filter((c) => c.inputs.filter?.name === "provided-found.example");
    expect(lookups.map((c) => c.provider)).toEqual([reference]);
  });

  it.each([
    [
      { accountId: "my-account" },
      'Cloudflare DNS host: accountId: "my-account" is not a Cloudflare account id (32 hexadecimal characters)',
    ],
    [
      { accountId: ACCOUNT, zoneId: "example.com" },
      'zoneId: "example.com" is not a Cloudflare zone id (32 hexadecimal characters)',
    ],
    [
      { accountId: ACCOUNT, zoneId: "415e6f4653b6d95b775d350f32119abb", adoptExistingZone: true },
      "adoptExistingZone: is set together with zoneId: the zone to adopt would be named twice",
    ],
  ])("rejects bad options %o with a clear error", (options, message) => {
    expect(() => cloudflareHost(options)).toThrow(message);
  });
});

describe("cloudflareHost: what the registrar must do", () => {
  it("asks the registrar to delegate to the zone's nameservers, in that registrar's steps, naming Cloudflare", async () => {
    const published = cloudflareHost({ accountId: ACCOUNT }).publish({
      domain: "delegated.example",
      records: [],
      registrar: "porkbun",
      parent: parentFor("delegated.example"),
    });
    expect(published.delegation?.hostName).toBe("Cloudflare");
    expect(published.recordForm).toBe("cloudflare");
    const instructions = await resolved(published.instructions);
    expect(instructions).toMatch(
      /^Point delegated\.example at Cloudflare: update its nameservers at Porkbun/,
    );
    expect(instructions).toContain("enter the Cloudflare nameservers shown below");
    expect(instructions).toContain(CREATED_NS.map((ns) => `  ${ns}`).join("\n"));
  });
});
