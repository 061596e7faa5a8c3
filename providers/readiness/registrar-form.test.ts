import { describe, expect, it } from "vitest";
import type { MailDnsRecord } from "../../components/dns/record";
import { registrarRecords, shownHost } from "../../components/registrars/records";
import { REGISTRARS } from "../../components/registrars/registrar";
import { formatForRegistrar } from "./registrar-form";

const dkim = `v=DKIM1; k=rsa; p=${"A".repeat(300)}`;
const RECORDS: MailDnsRecord[] = [
  { name: "acme.com", type: "MX", content: "smtp.google.com", priority: 1, ttl: 3600, purpose: "mx" },
  { name: "acme.com", type: "TXT", content: "v=spf1 -all", ttl: 3600, purpose: "spf" },
  {
    name: "google._domainkey.acme.com",
    type: "TXT",
    content: dkim,
    strings: [dkim.slice(0, 255), dkim.slice(255)],
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

describe("formatForRegistrar", () => {
  it.each(REGISTRARS)("%s: the host field is the registrar instructions' own", (registrar) => {
    const rows = registrarRecords(registrar, "acme.com", RECORDS);
    RECORDS.forEach((record, i) => {
      const line = formatForRegistrar(record, "acme.com", registrar);
      expect(line).toContain(`host ${shownHost(rows[i].host)} (${record.name})`);
    });
  });

  it("Porkbun: the domain itself is an empty host field, as Porkbun's form wants it", () => {
    expect(formatForRegistrar(RECORDS[1], "Acme.com.", "porkbun")).toBe(
      'TXT   host (empty) (acme.com)  TTL 3600  value "v=spf1 -all"',
    );
  });
});
