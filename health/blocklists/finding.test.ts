import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { AddressObservation } from "../../providers/readiness/resolver-query";
import type { ListingStatus } from "../signals";
import { BARRACUDA_BRBL } from "./barracuda";
import type { Blocklist, BlocklistTarget } from "./blocklist";
import { blocklistFinding } from "./finding";
import { SPAMCOP_SCBL } from "./spamcop";
import { SPAMHAUS_DBL, SPAMHAUS_ZEN } from "./spamhaus";
import { SURBL_MULTI } from "./surbl";
import { URIBL_MULTI } from "./uribl";

const DOMAIN: BlocklistTarget = { target: "acme.test", kind: "domain", role: "domain" };
const IP: BlocklistTarget = { target: "192.0.2.10", kind: "ip", role: "sending-ip" };

const answered = (...addresses: string[]): AddressObservation => ({ kind: "records", addresses });
const decode = (list: Blocklist, ...addresses: string[]) =>
  blocklistFinding(list, list.kind === "ip" ? IP : DOMAIN, {
    observation: answered(...addresses),
    failures: [],
  });

type Row = [list: Blocklist, answer: string, status: ListingStatus, detail: RegExp];

/** Each list's documented answers (pages named in each list's module), and answers outside them. */
const TABLE: Row[] = [
  [SPAMHAUS_DBL, "127.0.1.2", "listed", /spam domain/],
  [SPAMHAUS_DBL, "127.0.1.4", "listed", /phishing/],
  [SPAMHAUS_DBL, "127.0.1.5", "listed", /malware/],
  [SPAMHAUS_DBL, "127.0.1.6", "listed", /botnet C&C/],
  [SPAMHAUS_DBL, "127.0.1.102", "listed", /abused legit domain \(spam\)/],
  [SPAMHAUS_DBL, "127.0.1.103", "listed", /abused redirector/],
  [SPAMHAUS_DBL, "127.0.1.104", "listed", /abused legit domain \(phishing\)/],
  [SPAMHAUS_DBL, "127.0.1.105", "listed", /abused legit domain \(malware\)/],
  [SPAMHAUS_DBL, "127.0.1.106", "listed", /abused legit domain \(botnet/],
  [SPAMHAUS_DBL, "127.0.1.255", "unknown", /IP queries not allowed/],
  [SPAMHAUS_DBL, "127.255.255.252", "unknown", /typing error/],
  [SPAMHAUS_DBL, "127.255.255.254", "unknown", /public\/open resolver.*blocklistResolvers.*spamhausDqsKey/],
  [SPAMHAUS_DBL, "127.255.255.255", "unknown", /excessive number of queries/],
  [
    SPAMHAUS_DBL,
    "127.255.255.250",
    "unknown",
    /an error code .*the key may be invalid.*mailinfra:health\.spamhausDqsKey/,
  ],
  [SPAMHAUS_ZEN, "127.255.255.251", "unknown", /an error code/],
  [SPAMHAUS_DBL, "127.0.0.2", "unknown", /127\.0\.0\.2, which Spamhaus DBL's documentation does not give/],
  [SPAMHAUS_ZEN, "127.0.0.2", "listed", /SBL/],
  [SPAMHAUS_ZEN, "127.0.0.3", "listed", /CSS/],
  [SPAMHAUS_ZEN, "127.0.0.4", "listed", /XBL/],
  [SPAMHAUS_ZEN, "127.0.0.9", "listed", /DROP/],
  [SPAMHAUS_ZEN, "127.0.0.10", "listed", /PBL \(set by the ISP\): policy listing/],
  [SPAMHAUS_ZEN, "127.0.0.11", "listed", /PBL \(set by Spamhaus\): policy listing/],
  [SPAMHAUS_ZEN, "127.0.0.30", "listed", /BCL/],
  [SPAMHAUS_ZEN, "127.255.255.252", "unknown", /typing error/],
  [SPAMHAUS_ZEN, "127.255.255.254", "unknown", /public\/open resolver/],
  [SPAMHAUS_ZEN, "127.255.255.255", "unknown", /excessive/],
  [SPAMHAUS_ZEN, "127.0.1.2", "unknown", /does not give/],
  [SURBL_MULTI, "127.0.0.4", "listed", /DM \(disposable/],
  [SURBL_MULTI, "127.0.0.8", "listed", /PH \(phishing\)/],
  [SURBL_MULTI, "127.0.0.16", "listed", /MW \(malware\)/],
  [SURBL_MULTI, "127.0.0.32", "listed", /CT \(click-tracking/],
  [SURBL_MULTI, "127.0.0.64", "listed", /ABUSE/],
  [SURBL_MULTI, "127.0.0.128", "listed", /CR \(cracked/],
  [SURBL_MULTI, "127.0.0.80", "listed", /MW \(malware\), ABUSE/],
  [SURBL_MULTI, "127.0.0.1", "unknown", /SURBL refused the query \(127\.0\.0\.1\)/],
  [SURBL_MULTI, "127.0.0.2", "unknown", /does not give/],
  [SURBL_MULTI, "127.0.0.0", "unknown", /does not give/],
  [SURBL_MULTI, "10.0.0.8", "unknown", /does not give/],
  [URIBL_MULTI, "127.0.0.2", "listed", /black/],
  [URIBL_MULTI, "127.0.0.4", "listed", /grey/],
  [URIBL_MULTI, "127.0.0.8", "listed", /red/],
  [URIBL_MULTI, "127.0.0.14", "listed", /black.*grey.*red/],
  [URIBL_MULTI, "127.0.0.1", "unknown", /URIBL refused the query \(127\.0\.0\.1\)/],
  [URIBL_MULTI, "127.0.0.3", "unknown", /does not give/],
  [URIBL_MULTI, "127.0.0.16", "unknown", /does not give/],
  [BARRACUDA_BRBL, "127.0.0.2", "listed", /Barracuda/],
  [BARRACUDA_BRBL, "127.0.0.3", "unknown", /does not give/],
  [SPAMCOP_SCBL, "127.0.0.2", "listed", /SpamCop/],
  [SPAMCOP_SCBL, "127.0.0.1", "unknown", /does not give/],
];

describe("blocklistFinding", () => {
  it.each(TABLE.map((row) => [row[0].name, ...row] as const))(
    "%s answering %s is %s",
    (_, list, answer, status, detail) => {
      const finding = decode(list, answer);
      expect(finding).toMatchObject({ list: list.name, kind: list.kind, status, answer });
      expect(finding.detail).toMatch(detail);
      // Only a listing sends the owner to a removal page.
      expect(finding.delistUrl !== undefined).toBe(status === "listed");
    },
  );

  it("NXDOMAIN is clean; an empty answer and no answer are unknown, never clean", () => {
    const nx = blocklistFinding(SPAMHAUS_DBL, DOMAIN, { observation: { kind: "nxdomain" }, failures: [] });
    expect(nx).toEqual({
      list: "Spamhaus DBL",
      kind: "domain",
      target: "acme.test",
      role: "domain",
      status: "clean",
      detail: "not listed on dbl.spamhaus.org",
    });
    const empty = blocklistFinding(SPAMHAUS_DBL, DOMAIN, { observation: { kind: "nodata" }, failures: [] });
    expect(empty.status).toBe("unknown");
    const failures = [
      { resolver: "192.0.2.53", code: "ETIMEOUT" },
      { resolver: "192.0.2.54", code: "ESERVFAIL" },
    ];
    const none = blocklistFinding(
      SPAMHAUS_DBL,
      DOMAIN,
      { observation: { kind: "failure", code: "ESERVFAIL" }, failures },
      true,
    );
    expect(none.status).toBe("unknown");
    expect(none.detail).toBe(
      "no answer from dbl.dq.spamhaus.net (DQS): 192.0.2.53 ETIMEOUT, 192.0.2.54 ESERVFAIL; Spamhaus refuses a DQS key it does not know, one whose contract has ended or one not allowed this list (resolvers pass the refusal on as SERVFAIL): check mailinfra:health.spamhausDqsKey against the DQS key in your Spamhaus account and set it again with: pulumi config set --secret --path 'mailinfra:health.spamhausDqsKey' <key>",
    );
    // Asked straight at Spamhaus's servers, the refusal is REFUSED: the same hint.
    const refused = blocklistFinding(
      SPAMHAUS_ZEN,
      { target: "192.0.2.10", kind: "ip", role: "sending-ip" },
      {
        observation: { kind: "failure", code: "EREFUSED" },
        failures: [{ resolver: "192.0.2.53", code: "EREFUSED" }],
      },
      true,
    );
    expect(refused).toMatchObject({ status: "unknown" });
    expect(refused.detail).toMatch(
      /^no answer from zen\.dq\.spamhaus\.net \(DQS\): 192\.0\.2\.53 EREFUSED; .*mailinfra:health\.spamhausDqsKey/,
    );
  });

  it("reads every record of a multi-record ZEN answer: listings together, an error answer makes it unknown", () => {
    const both = decode(SPAMHAUS_ZEN, "127.0.0.2", "127.0.0.10");
    expect(both.status).toBe("listed");
    expect(both.answer).toBe("127.0.0.2, 127.0.0.10");
    expect(both.detail).toMatch(/127\.0\.0\.2: SBL.*; 127\.0\.0\.10: PBL/);
    expect(decode(SPAMHAUS_ZEN, "127.0.0.2", "127.255.255.254").status).toBe("unknown");
    const odd = decode(SPAMHAUS_ZEN, "127.0.0.4", "127.0.0.99");
    expect(odd.status).toBe("listed");
    expect(odd.detail).toMatch(
      /also answered 127\.0\.0\.99, which Spamhaus ZEN's documentation does not give/,
    );
  });

  it("says which name URIBL was asked for a tracking host, and where to ask for removal", () => {
    const finding = blocklistFinding(
      URIBL_MULTI,
      { target: "emailtracking.acme.test", kind: "domain", role: "tracking" },
      { observation: answered("127.0.0.2"), failures: [] },
    );
    expect(finding).toMatchObject({
      status: "listed",
      role: "tracking",
      delistUrl: "https://admin.uribl.com/",
    });
    expect(finding.detail).toMatch(/\(asked for acme\.test: URIBL multi lists registered domains\)$/);
    expect(decode(SPAMCOP_SCBL, "127.0.0.2").delistUrl).toBe("https://www.spamcop.net/bl.shtml?192.0.2.10");
  });
});

describe("blocklistFinding, for any answer", () => {
  const LISTS = [SPAMHAUS_DBL, SPAMHAUS_ZEN, SURBL_MULTI, URIBL_MULTI, BARRACUDA_BRBL, SPAMCOP_SCBL];
  const octet = fc.integer({ min: 0, max: 255 });
  const address = fc.oneof(
    fc.tuple(octet, octet, octet).map(([b, c, d]) => `127.${b}.${c}.${d}`),
    fc.tuple(octet, octet, octet, octet).map((o) => o.join(".")),
    fc.constantFrom("127.255.255.254", "127.255.255.255", "127.255.255.252", "127.0.0.1", "127.0.1.2"),
  );

  it("is clean only for NXDOMAIN, carries a delisting page only when listed, and is never listed on an error code", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...LISTS),
        fc.array(address, { minLength: 1, maxLength: 4 }),
        (list, answers) => {
          const finding = decode(list, ...answers);
          expect(finding.status).not.toBe("clean");
          expect(finding.delistUrl !== undefined).toBe(finding.status === "listed");
          expect(finding.detail.length).toBeGreaterThan(0);
          const errorCode = answers.some(
            (a) =>
              (list.zone.includes("spamhaus") && a.startsWith("127.255.255.")) ||
              (a === "127.0.0.1" && list.zone.startsWith("multi.")),
          );
          if (errorCode) expect(finding.status).toBe("unknown");
        },
      ),
    );
  });
});
