import { describe, expect, it } from "vitest";
import { testDomain } from "./test-domain";
import { trackingRecords } from "./tracking";
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
