import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type DnsWorld, startDnsWorld } from "../emulators/dns";
import { checkDnsAuthentication, type PublishedRecord } from "./dns-authentication";

const KEY = "MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAq1exampleKey";
const OTHER_KEY = "MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAz9otherKey";
const SPF = "v=spf1 include:_spf.google.com ~all";

/** What the stack's `domains` output says it publishes for acme.test. */
const published: PublishedRecord[] = [
  { name: "acme.test", type: "TXT", content: SPF, purpose: "spf" },
  { name: "google._domainkey.acme.test", type: "TXT", content: `v=DKIM1; k=rsa; p=${KEY}`, purpose: "dkim" },
  {
    name: "_dmarc.acme.test",
    type: "TXT",
    content: "v=DMARC1; p=quarantine; rua=mailto:dmarc@acme.test",
    purpose: "dmarc",
  },
  { name: "acme.test", type: "MX", content: "smtp.google.com", purpose: "mx" },
  { name: "emailtracking.acme.test", type: "CNAME", content: "open.sleadtrack.com", purpose: "tracking" },
];

let dns: DnsWorld;
beforeAll(async () => {
  dns = await startDnsWorld({ resolvers: [{ name: "a" }, { name: "b" }, { name: "c" }] });
});
afterAll(() => dns?.stop());

/** The domain as the stack publishes it, and Google's SPF include as the internet serves it. */
function publishAll(): void {
  for (const apex of dns.zones
    .current()
    .filter((r) => r.type === "SOA")
    .map((r) => r.name)) {
    dns.zones.removeZone(apex);
  }
  dns.zones.addZone("acme.test");
  dns.zones.addZone("google.com");
  dns.zones.add(
    { name: "_spf.google.com", type: "TXT", strings: ["v=spf1 ip4:64.233.160.0/19 ~all"] },
    { name: "acme.test", type: "TXT", strings: [SPF] },
    { name: "google._domainkey.acme.test", type: "TXT", strings: [`v=DKIM1; k=rsa; p=${KEY}`] },
    {
      name: "_dmarc.acme.test",
      type: "TXT",
      strings: ["v=DMARC1; p=quarantine; rua=mailto:dmarc@acme.test"],
    },
    { name: "acme.test", type: "MX", priority: 1, exchange: "smtp.google.com" },
    { name: "emailtracking.acme.test", type: "CNAME", target: "open.sleadtrack.com" },
  );
}

const resolvers = () => ({ resolvers: dns.resolvers.map((r) => r.address), timeoutMs: 300 });
const check = () => checkDnsAuthentication({ domain: "acme.test", published }, resolvers());

beforeEach(() => {
  for (const r of dns.resolvers) Object.assign(r.faults, { down: false, servfail: false });
  publishAll();
});

describe("checkDnsAuthentication", () => {
  it("passes a domain that publishes what the stack declares", async () => {
    const dnsAuth = await check();
    expect(dnsAuth.spf).toMatchObject({ verdict: "pass", record: SPF, lookups: 1 });
    expect(dnsAuth.dkim).toMatchObject({ verdict: "pass", name: "google._domainkey.acme.test" });
    expect(dnsAuth.dmarc).toMatchObject({
      verdict: "pass",
      policy: "quarantine",
      alignment: { dkim: "r", spf: "r" },
      rua: ["mailto:dmarc@acme.test"],
    });
    expect(dnsAuth.mx).toMatchObject({ verdict: "pass", hosts: ["smtp.google.com"] });
    expect(dnsAuth.tracking).toMatchObject({ verdict: "pass", target: "open.sleadtrack.com" });
  });

  it("fails a DKIM record deleted at the registrar, and a key that is not the platform's", async () => {
    dns.zones.remove("google._domainkey.acme.test", "TXT");
    expect((await check()).dkim).toMatchObject({
      verdict: "fail",
      detail: expect.stringMatching(/no DKIM record/),
    });
    dns.zones.add({
      name: "google._domainkey.acme.test",
      type: "TXT",
      strings: [`v=DKIM1; k=rsa; p=${OTHER_KEY}`],
    });
    expect((await check()).dkim).toMatchObject({ verdict: "fail", detail: expect.stringMatching(/differs/) });
  });

  it("checks every DKIM selector the stack delegates (Microsoft 365's two), reporting the worst", async () => {
    const m365 = [
      {
        name: "selector1._domainkey.acme.test",
        type: "CNAME",
        content: "selector1-acme-test._domainkey.t.onmicrosoft.com",
        purpose: "dkim",
      },
      {
        name: "selector2._domainkey.acme.test",
        type: "CNAME",
        content: "selector2-acme-test._domainkey.t.onmicrosoft.com",
        purpose: "dkim",
      },
    ];
    dns.zones.add({ name: m365[0]!.name, type: "CNAME", target: m365[0]!.content });
    const dkim = await checkDnsAuthentication({ domain: "acme.test", published: m365 }, resolvers()).then(
      (d) => d.dkim,
    );
    expect(dkim).toMatchObject({ verdict: "fail", name: "selector2._domainkey.acme.test" });
    dns.zones.add({ name: m365[1]!.name, type: "CNAME", target: m365[1]!.content });
    expect(
      (await checkDnsAuthentication({ domain: "acme.test", published: m365 }, resolvers())).dkim,
    ).toMatchObject({
      verdict: "pass",
    });
  });

  it("counts SPF lookups as receivers do: 11 is a permerror, 9 a warning", async () => {
    const chain = (n: number) => {
      for (let i = 1; i <= n; i++) {
        const name = `s${i}.google.com`;
        dns.zones.replace(name, "TXT", [{ name, type: "TXT", strings: ["v=spf1 -all"] }]);
      }
      const includes = Array.from({ length: n }, (_, i) => `include:s${i + 1}.google.com`).join(" ");
      dns.zones.replace("acme.test", "TXT", [
        { name: "acme.test", type: "TXT", strings: [`v=spf1 ${includes} ~all`] },
      ]);
    };
    chain(11);
    expect((await check()).spf).toMatchObject({
      verdict: "fail",
      detail: expect.stringMatching(/permerror/),
    });
    chain(9);
    expect((await check()).spf).toMatchObject({ verdict: "warn", lookups: 9 });
  });

  it("fails SPF that is missing, includes a name without SPF, or permits anyone", async () => {
    dns.zones.remove("acme.test", "TXT");
    expect((await check()).spf).toMatchObject({ verdict: "fail", detail: "no SPF record at acme.test" });
    dns.zones.add({ name: "acme.test", type: "TXT", strings: ["v=spf1 include:nothing.google.com ~all"] });
    expect((await check()).spf.verdict).toBe("fail");
    dns.zones.replace("acme.test", "TXT", [{ name: "acme.test", type: "TXT", strings: ["v=spf1 +all"] }]);
    expect((await check()).spf).toMatchObject({
      verdict: "fail",
      detail: expect.stringMatching(/any sender/),
    });
  });

  it("warns on DMARC p=none and fails a missing DMARC record", async () => {
    dns.zones.replace("_dmarc.acme.test", "TXT", [
      {
        name: "_dmarc.acme.test",
        type: "TXT",
        strings: ["v=DMARC1; p=none; adkim=s; rua=mailto:d@acme.test"],
      },
    ]);
    expect((await check()).dmarc).toMatchObject({
      verdict: "warn",
      policy: "none",
      alignment: { dkim: "s", spf: "r" },
    });
    dns.zones.remove("_dmarc.acme.test", "TXT");
    expect((await check()).dmarc).toMatchObject({ verdict: "fail" });
  });

  it("fails a missing MX and a tracking CNAME pointing elsewhere", async () => {
    dns.zones.remove("acme.test", "MX");
    dns.zones.replace("emailtracking.acme.test", "CNAME", [
      { name: "emailtracking.acme.test", type: "CNAME", target: "elsewhere.example" },
    ]);
    const dnsAuth = await check();
    expect(dnsAuth.mx.verdict).toBe("fail");
    expect(dnsAuth.tracking).toMatchObject({ verdict: "fail", target: "elsewhere.example" });
  });

  it("says unknown, never pass or fail, when the resolvers do not answer", async () => {
    for (const r of dns.resolvers) r.faults.servfail = true;
    dns.zones.remove("google._domainkey.acme.test", "TXT");
    const dnsAuth = await check();
    for (const c of [dnsAuth.spf, dnsAuth.dkim, dnsAuth.dmarc, dnsAuth.mx, dnsAuth.tracking]) {
      expect(c?.verdict).toBe("unknown");
    }
  });

  it("goes with the quorum: one resolver down of three changes nothing, two down make it unknown", async () => {
    dns.resolvers[0].faults.servfail = true;
    expect((await check()).dkim.verdict).toBe("pass");
    dns.resolvers[1].faults.servfail = true;
    expect((await check()).dkim.verdict).toBe("unknown");
  });
});
