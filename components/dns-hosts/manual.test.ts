import * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import { mockRuntime } from "../../test/support/mock-runtime";
import { resolved } from "../../test/support/resolved";
import type { PublishedRecord } from "./dns-host";
import { manualHost } from "./manual";

// The mock runtime is process-global; this file sets up its own.
const { registered, calls } = mockRuntime();

describe("manualHost", () => {
  it("publishes nothing anywhere: no resource, no call; no zone, no nameservers, nothing to wait for", async () => {
    const domain = "by-hand.example";
    const parent = new pulumi.ComponentResource("mailinfra:index:MailDomain", domain);
    const records: PublishedRecord[] = [
      {
        name: domain,
        type: "TXT",
        content: "v=spf1 include:_spf.google.com ~all",
        ttl: 3600,
        purpose: "spf",
      },
      { name: domain, type: "MX", content: "smtp.google.com", priority: 1, ttl: 3600, purpose: "mx" },
      {
        name: domain,
        type: "TXT",
        content: pulumi.output("google-site-verification=t"),
        ttl: 300,
        purpose: "verification",
      },
    ];
    const host = manualHost();
    const published = host.publish({ domain, records, parent });

    expect(await resolved(published.zoneId)).toBeUndefined();
    expect(published.delegation).toBeUndefined();
    expect(published.dependencies).toEqual([]);
    await resolved(parent.urn);
    await new Promise((resolve) => setTimeout(resolve, 50));
    // The only resource is the parent this test made itself.
    expect(registered.map((r) => [r.type, r.name])).toEqual([["mailinfra:index:MailDomain", domain]]);
    expect(calls).toEqual([]);
  });
});

describe("manualHost: what the registrar must do", () => {
  it("gives the records to create in the registrar's own form, and the readiness gate that form", async () => {
    const domain = "porkbun-hand.example";
    const published = manualHost().publish({
      domain,
      records: [
        { name: domain, type: "MX", content: "smtp.google.com", priority: 1, ttl: 3600, purpose: "mx" },
        {
          name: `_dmarc.${domain}`,
          type: "TXT",
          content: pulumi.output("v=DMARC1; p=none"),
          ttl: 3600,
          purpose: "dmarc",
        },
      ],
      registrar: "porkbun",
      parent: new pulumi.ComponentResource("mailinfra:index:MailDomain", domain),
    });
    expect(published.recordForm).toBe("porkbun");
    const instructions = await resolved(published.instructions);
    expect(instructions).toMatch(/^Create these DNS records for porkbun-hand\.example at Porkbun:/);
    expect(instructions).toMatch(/^MX +\(empty\) +1 +3600 +smtp\.google\.com$/m);
    expect(instructions).toMatch(/^TXT +_dmarc +3600 +v=DMARC1; p=none$/m);
  });
});
