import { describe, expect, it } from "vitest";
import { formatForRegistrar } from "../../providers/readiness/registrar-form";
import type { MailDnsRecord } from "../dns/record";
import { splitTxt } from "../dns/txt";
import { registrarRecords, renderRegistrarRecords, shownHost } from "./records";
import { REGISTRARS } from "./registrar";

const dkim = `v=DKIM1; k=rsa; p=${"A".repeat(392)}`;
const RECORDS: MailDnsRecord[] = [
  { name: "acme.com", type: "MX", content: "smtp.google.com", priority: 1, ttl: 3600, purpose: "mx" },
  {
    name: "acme.com",
    type: "TXT",
    content: "v=spf1 include:_spf.google.com ~all",
    strings: ["v=spf1 include:_spf.google.com ~all"],
    ttl: 3600,
    purpose: "spf",
  },
  {
    name: "google._domainkey.acme.com",
    type: "TXT",
    content: dkim,
    strings: splitTxt(dkim),
    ttl: 3600,
    purpose: "dkim",
  },
  {
    name: "emailtracking.acme.com",
    type: "CNAME",
    content: "open.sleadtrack.com",
    ttl: 3600,
    purpose: "tracking",
  },
];

describe("registrarRecords", () => {
  it.each([
    ["godaddy", "@"],
    ["namecheap", "@"],
    ["cloudflare", "@"],
    ["google-domains", "@"],
    ["hover", "@"],
    ["name.com", ""],
    ["porkbun", ""],
  ] as const)("%s: apex host %j, relative labels, MX priority apart, TXT value whole", (registrar, apex) => {
    expect(registrarRecords(registrar, "acme.com", RECORDS)).toEqual([
      {
        type: "MX",
        host: apex,
        value: "smtp.google.com",
        priority: 1,
        ttl: 3600,
        purpose: "mx",
        name: "acme.com",
      },
      {
        type: "TXT",
        host: apex,
        value: "v=spf1 include:_spf.google.com ~all",
        ttl: 3600,
        purpose: "spf",
        name: "acme.com",
      },
      {
        type: "TXT",
        host: "google._domainkey",
        value: dkim,
        ttl: 3600,
        purpose: "dkim",
        name: "google._domainkey.acme.com",
      },
      {
        type: "CNAME",
        host: "emailtracking",
        value: "open.sleadtrack.com",
        ttl: 3600,
        purpose: "tracking",
        name: "emailtracking.acme.com",
      },
    ]);
  });

  it("other: TXT values as quoted 255-byte strings, quotes escaped", () => {
    const quoted: MailDnsRecord = {
      name: "acme.com",
      type: "TXT",
      content: 'say "hi"',
      strings: ['say "hi"'],
      ttl: 300,
      purpose: "verification",
    };
    const rows = registrarRecords("other", "acme.com", [RECORDS[2], quoted]);
    expect(rows.map((r) => r.value)).toEqual([
      `"${dkim.slice(0, 255)}" "${dkim.slice(255)}"`,
      '"say \\"hi\\""',
    ]);
  });
});

describe("renderRegistrarRecords", () => {
  it("prints the steps and a table with the registrar's host convention", () => {
    expect(renderRegistrarRecords("name.com", "acme.com", [RECORDS[0], RECORDS[1], RECORDS[3]])).toBe(
      [
        "Create these DNS records for acme.com at Name.com:",
        "  1. Sign in to your Name.com account",
        '  2. Open "My Domains", click the domain, then "Manage DNS Records"',
        "  3. For each record below choose the type and fill Host (leave it empty for the domain itself), Answer, Priority (MX) and TTL",
        "  4. Remove any other SPF (v=spf1) TXT record on the domain itself: a domain must have exactly one",
        '  5. Click "Add Record" for each',
        "",
        "TYPE   HOST           PRIORITY  TTL   VALUE",
        "MX     (empty)        1         3600  smtp.google.com",
        "TXT    (empty)                  3600  v=spf1 include:_spf.google.com ~all",
        "CNAME  emailtracking            3600  open.sleadtrack.com",
      ].join("\n"),
    );
  });
});

describe("the readiness gate's record lines", () => {
  it.each(REGISTRARS)("%s: the same host field as the registrar instructions", (registrar) => {
    const rows = registrarRecords(registrar, "acme.com", RECORDS);
    RECORDS.forEach((record, i) => {
      expect(formatForRegistrar(record, "acme.com", registrar)).toContain(
        `host ${shownHost(rows[i].host)} (${record.name})`,
      );
    });
  });
});
