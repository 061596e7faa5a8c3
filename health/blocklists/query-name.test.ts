import { describe, expect, it } from "vitest";
import { BARRACUDA_BRBL } from "./barracuda";
import type { Blocklist, BlocklistTarget } from "./blocklist";
import { dnsblQueryName, ipv6Nibbles } from "./query-name";
import { SPAMCOP_SCBL } from "./spamcop";
import { SPAMHAUS_DBL, SPAMHAUS_ZEN } from "./spamhaus";
import { SURBL_MULTI } from "./surbl";
import { URIBL_MULTI } from "./uribl";

const ip = (target: string): BlocklistTarget => ({ target, kind: "ip", role: "sending-ip" });
const domain = (target: string, role: BlocklistTarget["role"] = "domain"): BlocklistTarget => ({
  target,
  kind: "domain",
  role,
});
const KEY = "abcdefghijklmnopqrstuvwxyz";

describe("dnsblQueryName", () => {
  const rows: [Blocklist, BlocklistTarget, string | undefined, string][] = [
    // https://docs.spamhaus.com/.../040-dqs-queries.html: "79.113.0.203.<key>.sbl.dq.spamhaus.net"
    [SPAMHAUS_ZEN, ip("203.0.113.79"), KEY, `79.113.0.203.${KEY}.zen.dq.spamhaus.net`],
    [SPAMHAUS_ZEN, ip("203.0.113.79"), undefined, "79.113.0.203.zen.spamhaus.org"],
    // the same page: "5.4.0.0.….2.<key>.sbl.dq.spamhaus.net" for 2001:db8:7ca6:22::45
    [
      SPAMHAUS_ZEN,
      ip("2001:db8:7ca6:22::45"),
      KEY,
      `5.4.0.0.0.0.0.0.0.0.0.0.0.0.0.0.2.2.0.0.6.a.c.7.8.b.d.0.1.0.0.2.${KEY}.zen.dq.spamhaus.net`,
    ],
    // "example.com.<key>.dbl.dq.spamhaus.net"; DBL ignores host parts, so a tracking host is asked as it is
    [SPAMHAUS_DBL, domain("example.com"), KEY, `example.com.${KEY}.dbl.dq.spamhaus.net`],
    [
      SPAMHAUS_DBL,
      domain("EmailTracking.Acme.test.", "tracking"),
      undefined,
      "emailtracking.acme.test.dbl.spamhaus.org",
    ],
    // https://www.barracudacentral.org/rbl/how-to-use: "2.0.0.127.b.barracudacentral.org"
    [BARRACUDA_BRBL, ip("127.0.0.2"), KEY, "2.0.0.127.b.barracudacentral.org"],
    [SPAMCOP_SCBL, ip("192.0.2.10"), undefined, "10.2.0.192.bl.spamcop.net"],
    [
      SURBL_MULTI,
      domain("emailtracking.acme.test", "tracking"),
      KEY,
      "emailtracking.acme.test.multi.surbl.org",
    ],
    // URIBL holds registered domains only
    [URIBL_MULTI, domain("emailtracking.acme.co.uk", "tracking"), undefined, "acme.co.uk.multi.uribl.com"],
  ];
  it.each(
    rows.map(
      ([list, target, key, expected]) => [list.name, target.target, list, target, key, expected] as const,
    ),
  )("%s asks %s as its query name", (_, __, list, target, key, expected) => {
    expect(dnsblQueryName(list, target, key)).toBe(expected);
  });

  it("does not ask IPv4-only lists for IPv6 addresses, domain lists for addresses, nor IP lists for names", () => {
    expect(dnsblQueryName(BARRACUDA_BRBL, ip("2001:db8::1"))).toBeUndefined();
    expect(dnsblQueryName(SPAMCOP_SCBL, ip("2001:db8::1"))).toBeUndefined();
    expect(dnsblQueryName(SPAMHAUS_DBL, ip("192.0.2.1"))).toBeUndefined();
    expect(dnsblQueryName(SPAMHAUS_ZEN, domain("acme.test"))).toBeUndefined();
    expect(dnsblQueryName(SPAMHAUS_ZEN, ip("not-an-ip"))).toBeUndefined();
  });
});

describe("ipv6Nibbles", () => {
  it("expands every form of an address to 32 digits", () => {
    expect(ipv6Nibbles("::1").join("")).toBe(`${"0".repeat(31)}1`);
    expect(ipv6Nibbles("2001:DB8::").join("")).toBe(`20010db8${"0".repeat(24)}`);
    expect(ipv6Nibbles("::ffff:192.0.2.1").join("")).toBe(`${"0".repeat(20)}ffffc0000201`);
    expect(ipv6Nibbles("1:2:3:4:5:6:7:8").join("")).toBe("00010002000300040005000600070008");
  });
});
