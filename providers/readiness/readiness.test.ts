import * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import { mockRuntime } from "../../test/support/mock-runtime";
import { resolved } from "../../test/support/resolved";
import { DnsReadiness } from "./readiness";

// The mock runtime is process-global; this file sets up its own.
const { registered } = mockRuntime({
  newResource: (args) => ({ state: { ...args.inputs, ready: true } }),
});

describe("DnsReadiness", () => {
  it("registers a dynamic resource with its inputs, outputs resolved, and a thin loader as provider", async () => {
    const readiness = new DnsReadiness("example.com-readiness", {
      domain: "example.com",
      records: [
        {
          name: "example.com",
          type: "MX",
          content: "smtp.google.com",
          priority: 1,
          ttl: 3600,
          purpose: "mx",
        },
        {
          name: "example.com",
          type: "TXT",
          content: pulumi.output("google-site-verification=token"),
          ttl: 300,
          purpose: "verification",
        },
      ],
      quorum: "majority",
    });
    expect(await resolved(readiness.domain)).toBe("example.com");
    expect(await resolved(readiness.ready)).toBe(true);

    const args = registered.find((a) => a.name === "example.com-readiness");
    expect(args?.type).toBe("pulumi-nodejs:dynamic/mailinfra:DnsReadiness");
    expect(args?.inputs).toMatchObject({
      domain: "example.com",
      quorum: "majority",
      records: [
        { type: "MX", content: "smtp.google.com", priority: 1 },
        { type: "TXT", content: "google-site-verification=token" },
      ],
    });
    const serialized = String(args?.inputs.__provider);
    // The state holds a loader naming the module, not the provider's code: fixes reach existing resources.
    expect(serialized).toContain("providers/readiness/readiness.provider");
    expect(serialized).not.toContain("waitForDnsReadiness");
    expect(serialized.length).toBeLessThan(10_000);
  });
});
