import { describe, expect, it } from "vitest";
import { testDomain } from "./test-domain";
import { trackingHost, trackingRecords } from "./tracking";
import { verificationRecords } from "./verification";

describe("trackingRecords", () => {
  it.each([
    { name: "Smartlead default", tracking: {}, record: ["emailtracking.example.com", "open.sleadtrack.com"] },
    {
      name: "Instantly default",
      tracking: { provider: "instantly" },
      record: ["inst.example.com", "prox.itrackly.com"],
    },
    {
      name: "custom target and subdomain",
      tracking: { provider: "custom", target: "Track.Vendor.NET.", subdomain: "Clicks" },
      record: ["clicks.example.com", "track.vendor.net"],
    },
    {
      name: "provider override of the target",
      tracking: { provider: "smartlead", target: "open2.sleadtrack.com" },
      record: ["emailtracking.example.com", "open2.sleadtrack.com"],
    },
    { name: "none", tracking: { provider: "none", subdomain: "ignored" }, record: undefined },
  ])("$name", ({ tracking, record }) => {
    const records = trackingRecords(testDomain({ tracking }));
    expect(records).toEqual(
      record === undefined
        ? []
        : [{ name: record[0], type: "CNAME", content: record[1], ttl: 3600, purpose: "tracking" }],
    );
  });
});

describe("the tracking host written in full", () => {
  // Before: track.example.com.example.com, for the CNAME and for Smartlead's custom tracking domain alike.
  it.each([
    { subdomain: "track.example.com", host: "track.example.com" },
    { subdomain: "Track.Example.COM.", host: "track.example.com" },
    { subdomain: "t.mail.example.com", host: "t.mail.example.com" },
    { subdomain: "t.mail", host: "t.mail.example.com" },
    { subdomain: "track.", host: "track.example.com" },
  ])("$subdomain on example.com → $host", ({ subdomain, host }) => {
    const domain = testDomain({ tracking: { subdomain } });
    expect(trackingHost(domain)).toBe(host);
    expect(trackingRecords(domain).map((r) => r.name)).toEqual([host]);
  });

  it("is made relative in Unicode or punycode on an internationalized domain", () => {
    for (const subdomain of ["klick.bücher.de", "klick.xn--bcher-kva.de", "Klick"]) {
      const domain = testDomain({ name: "bücher.de", tracking: { subdomain } });
      expect(domain.tracking).toMatchObject({ subdomain: "klick" });
      expect(trackingHost(domain)).toBe("klick.xn--bcher-kva.de");
    }
  });

  it("is no host at all when tracking is off", () => {
    expect(trackingHost(testDomain({ tracking: { provider: "none" } }))).toBeUndefined();
  });
});

describe("verificationRecords", () => {
  const txt = (content: string) => ({
    name: "example.com",
    type: "TXT",
    content,
    strings: [content],
    ttl: 3600,
    purpose: "verification",
  });

  it.each([
    {
      name: "Google token as the API returns it",
      settings: {},
      token: "google-site-verification=abc123",
      records: [txt("google-site-verification=abc123")],
    },
    {
      name: "bare Google token",
      settings: {},
      token: "abc123",
      records: [txt("google-site-verification=abc123")],
    },
    { name: "token not known yet", settings: {}, token: undefined, records: [] },
    { name: "empty token", settings: {}, token: " ", records: [] },
    {
      name: "Microsoft 365 verification value from config",
      settings: { platform: { kind: "microsoft-365", tenant: "contoso", verification: "MS=ms12345678" } },
      token: "ignored-for-microsoft",
      records: [txt("MS=ms12345678")],
    },
  ])("$name", ({ settings, token, records }) => {
    expect(verificationRecords(testDomain(settings), token)).toEqual(records);
  });
});
