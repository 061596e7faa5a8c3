import * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import { mockRuntime } from "../../test/support/mock-runtime";
import { resolved } from "../../test/support/resolved";
import { dnsHostSchema } from "./config";
import { dnsHostFor } from "./hosts";

const { registered } = mockRuntime({
  newResource: (args) =>
    args.type === "cloudflare:index/zone:Zone"
      ? { state: { ...args.inputs, nameServers: ["ada.ns.cloudflare.com"] } }
      : undefined,
});

function publish(dns: Record<string, unknown>, domain: string) {
  return dnsHostFor(dnsHostSchema.parse(dns)).publish({
    domain,
    records: [],
    registrar: dnsHostSchema.parse(dns).registrar,
    parent: new pulumi.ComponentResource("mailinfra:index:MailDomain", domain),
  });
}

describe("dnsHostFor", () => {
  it("host: cloudflare → a Cloudflare zone in the account, delegated to at the registrar", async () => {
    const published = publish(
      { host: "cloudflare", accountId: "023e105f4ecef8ad9ca31a8372d0c353", registrar: "hover" },
      "cf-host.example",
    );
    expect(await resolved(published.delegation?.nameservers ?? pulumi.output([]))).toEqual([
      "ada.ns.cloudflare.com",
    ]);
    expect(await resolved(published.instructions)).toMatch(
      /^Point cf-host\.example at Cloudflare: .* at Hover/,
    );
    expect(registered.find((r) => r.name === "cf-host.example" && r.custom)?.type).toBe(
      "cloudflare:index/zone:Zone",
    );
  });

  it("host: manual → nothing created, no delegation, the records in the registrar's form", async () => {
    const published = publish({ host: "manual", registrar: "name.com" }, "by-hand-host.example");
    expect(published.delegation).toBeUndefined();
    expect(published.recordForm).toBe("name.com");
    expect(await resolved(published.instructions)).toMatch(
      /^Create these DNS records for by-hand-host\.example at Name\.com:/,
    );
    expect(registered.filter((r) => r.name === "by-hand-host.example" && r.custom)).toEqual([]);
  });
});
