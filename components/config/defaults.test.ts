import { describe, expect, it } from "vitest";
import { mergeDefaults, setByDomain } from "./defaults";

describe("mergeDefaults", () => {
  it.each([
    { name: "no defaults", defaults: undefined, domain: { name: "a.com" }, merged: { name: "a.com" } },
    {
      name: "nested objects merge, the domain wins",
      defaults: { dmarc: { p: "none", rua: "mailto:x@a.com" }, ttl: 3600 },
      domain: { dmarc: { p: "reject" } },
      merged: { dmarc: { p: "reject", rua: "mailto:x@a.com" }, ttl: 3600 },
    },
    {
      name: "lists replace, never concatenate",
      defaults: { spf: { includes: ["a.net", "b.net"] }, smartlead: { campaignIds: [1] } },
      domain: { spf: { includes: ["c.net"] } },
      merged: { spf: { includes: ["c.net"] }, smartlead: { campaignIds: [1] } },
    },
    {
      name: "a different discriminator replaces the whole object",
      defaults: {
        platform: { kind: "microsoft-365", tenant: "contoso" },
        dns: { host: "cloudflare", accountId: "x" },
      },
      domain: { platform: { kind: "custom", mx: [] }, dns: { host: "manual", registrar: "godaddy" } },
      merged: { platform: { kind: "custom", mx: [] }, dns: { host: "manual", registrar: "godaddy" } },
    },
    {
      name: "same discriminator merges (zoneId added to the default account)",
      defaults: { dns: { host: "cloudflare", accountId: "acc" } },
      domain: { dns: { host: "cloudflare", zoneId: "zone" } },
      merged: { dns: { host: "cloudflare", accountId: "acc", zoneId: "zone" } },
    },
    {
      name: "string shorthand replaces an object default",
      defaults: { platform: { kind: "microsoft-365", tenant: "contoso" } },
      domain: { platform: "google-workspace" },
      merged: { platform: "google-workspace" },
    },
  ])("$name", ({ defaults, domain, merged }) => {
    expect(mergeDefaults(defaults, domain)).toEqual(merged);
  });

  it("does not modify its inputs", () => {
    const defaults = { dmarc: { p: "none" } };
    const domain = { dmarc: { sp: "reject" } };
    mergeDefaults(defaults, domain);
    expect(defaults).toEqual({ dmarc: { p: "none" } });
    expect(domain).toEqual({ dmarc: { sp: "reject" } });
  });
});

describe("setByDomain", () => {
  const domain = {
    dmarc: { rua: ["mailto:a@b.com"], ruf: "mailto:f@b.com" },
    mailboxes: [{ username: "x" }],
    platform: "google-workspace",
  };
  it.each([
    [["dmarc", "rua", 0], true],
    [["dmarc", "p"], false],
    [["mailboxes", 0, "username"], true],
    [["mailboxes", 1, "username"], false],
    [["spf"], false],
    [["dmarc", "ruf", 0], true],
    [["platform", "kind"], true],
  ] as const)("%j → %s", (path, expected) => {
    expect(setByDomain(domain, path)).toBe(expected);
  });
});
