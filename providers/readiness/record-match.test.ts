import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { MailDnsRecord } from "../../components/dns/record";
import type { Observation } from "./observation";
import { judgeDelegation, judgeRecord, txtKind } from "./record-match";

const spf: MailDnsRecord = {
  name: "example.com",
  type: "TXT",
  content: "v=spf1 include:_spf.google.com ~all",
  ttl: 3600,
  purpose: "spf",
};
const mx: MailDnsRecord = {
  name: "example.com",
  type: "MX",
  content: "smtp.google.com",
  priority: 1,
  ttl: 3600,
  purpose: "mx",
};
const tracking: MailDnsRecord = {
  name: "emailtracking.example.com",
  type: "CNAME",
  content: "open.sleadtrack.com",
  ttl: 3600,
  purpose: "tracking",
};
const dmarc: MailDnsRecord = {
  name: "_dmarc.example.com",
  type: "TXT",
  content: "v=DMARC1; p=quarantine; rua=mailto:dmarc@example.com; adkim=r; aspf=r",
  ttl: 3600,
  purpose: "dmarc",
};
const txt = (...records: string[][]): Observation => ({
  kind: "records",
  values: records.map((strings) => ({ type: "TXT", strings })),
});

describe("judgeRecord", () => {
  it.each([
    ["the same TXT value", spf, txt(["v=spf1 include:_spf.google.com ~all"]), "present"],
    [
      "the TXT value split into other strings",
      spf,
      txt(["v=spf1 include:", "_spf.google.com", " ~all"]),
      "present",
    ],
    [
      "the SPF next to a verification token",
      spf,
      txt(["google-site-verification=abc"], [spf.content]),
      "present",
    ],
    ["NXDOMAIN", spf, { kind: "nxdomain" }, "missing"],
    ["NODATA", spf, { kind: "nodata" }, "missing"],
    ["only unrelated TXT records", spf, txt(["google-site-verification=abc"]), "missing"],
    ["another SPF policy", spf, txt(["v=spf1 -all"]), "wrong"],
    ["an SPF differing only in case of the tag", spf, txt(["V=SPF1 include:_spf.google.com ~all"]), "wrong"],
    ["a timeout", spf, { kind: "failure", code: "ETIMEOUT" }, "no-answer"],
    [
      // Published before RFC 9989 (mailinfra wrote pct=100 then): the same policy, so a manual-DNS stack waits for nothing.
      "the DMARC record with the pct=100 of before RFC 9989",
      dmarc,
      txt(["v=DMARC1; p=quarantine; pct=100; rua=mailto:dmarc@example.com; adkim=r; aspf=r"]),
      "present",
    ],
    [
      "the DMARC record with its tags in another order",
      dmarc,
      txt([`v=DMARC1;aspf=r;adkim=r; p=quarantine; rua=mailto:dmarc@example.com`]),
      "present",
    ],
    [
      "a DMARC record applying the policy to half the mail (pct=50)",
      dmarc,
      txt(["v=DMARC1; p=quarantine; pct=50; rua=mailto:dmarc@example.com; adkim=r; aspf=r"]),
      "wrong",
    ],
    [
      "a DMARC record with another policy",
      dmarc,
      txt(["v=DMARC1; p=none; rua=mailto:dmarc@example.com; adkim=r; aspf=r"]),
      "wrong",
    ],
    [
      "MX with the host in upper case and a trailing dot",
      mx,
      { kind: "records", values: [{ type: "MX", priority: 1, exchange: "SMTP.Google.com." }] },
      "present",
    ],
    [
      "MX with another priority",
      mx,
      { kind: "records", values: [{ type: "MX", priority: 10, exchange: "smtp.google.com" }] },
      "wrong",
    ],
    [
      "MX pointing elsewhere only",
      mx,
      { kind: "records", values: [{ type: "MX", priority: 1, exchange: "mx.registrar.net" }] },
      "missing",
    ],
    [
      "CNAME to the target with a trailing dot",
      tracking,
      { kind: "records", values: [{ type: "CNAME", target: "open.sleadtrack.com." }] },
      "present",
    ],
    [
      "CNAME to another target",
      tracking,
      { kind: "records", values: [{ type: "CNAME", target: "prox.itrackly.com" }] },
      "wrong",
    ],
  ] as const)("%s → %s", (_label, desired, observation, state) => {
    expect(judgeRecord(desired, observation as Observation).state).toBe(state);
  });

  it("flags two v=spf1 records even when one of them is the desired one, showing both", () => {
    const verdict = judgeRecord(spf, txt([spf.content], ["v=spf1 include:mailgun.org ~all"]));
    expect(verdict).toEqual({
      state: "wrong",
      detail:
        '2 v=spf1 records: "v=spf1 include:_spf.google.com ~all" and "v=spf1 include:mailgun.org ~all"; ' +
        "SPF fails with a permerror when a name has two v=spf1 records; keep exactly one",
    });
  });

  it("flags two DMARC records", () => {
    const dmarc: MailDnsRecord = {
      name: "_dmarc.example.com",
      type: "TXT",
      content: "v=DMARC1; p=none",
      ttl: 300,
      purpose: "dmarc",
    };
    expect(judgeRecord(dmarc, txt(["v=DMARC1; p=none"], ["v=DMARC1; p=reject"])).state).toBe("wrong");
  });

  it("shows what was found when the value is wrong", () => {
    expect(judgeRecord(spf, txt(["v=spf1 ", "-all"]))).toEqual({
      state: "wrong",
      detail: 'found "v=spf1 -all"',
    });
  });

  it("treats any split of the desired value into ≤255-byte strings as equal (property)", () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 1, maxLength: 600 }),
        fc.array(fc.integer({ min: 1, max: 255 }), { minLength: 1, maxLength: 10 }),
        (content, cuts) => {
          const strings: string[] = [];
          let rest = content;
          for (const cut of cuts) {
            if (rest.length === 0) break;
            strings.push(rest.slice(0, cut));
            rest = rest.slice(cut);
          }
          for (let i = 0; i < rest.length; i += 255) strings.push(rest.slice(i, i + 255));
          const desired: MailDnsRecord = {
            name: "x.example.com",
            type: "TXT",
            content,
            ttl: 300,
            purpose: "dkim",
          };
          return judgeRecord(desired, txt(strings)).state === "present";
        },
      ),
    );
  });
});

describe("txtKind", () => {
  it.each([
    ["v=spf1 include:_spf.google.com ~all", "v=spf1"],
    ["v=DKIM1; k=rsa; p=MIIB", "v=dkim1"],
    ["v=DMARC1;p=none", "v=dmarc1"],
    ["google-site-verification=abc", "google-site-verification"],
  ])("%s is %s", (value, kind) => expect(txtKind(value)).toBe(kind));
});

describe("judgeDelegation", () => {
  const assigned = ["ada.ns.cloudflare.com", "bob.ns.cloudflare.com"];
  it("is present when the NS set equals the assigned set, in any order and case", () => {
    const observation: Observation = {
      kind: "records",
      values: [
        { type: "NS", host: "BOB.ns.cloudflare.com." },
        { type: "NS", host: "ada.ns.cloudflare.com" },
      ],
    };
    expect(judgeDelegation(assigned, observation).state).toBe("present");
  });
  it("is wrong while the registrar still lists its own nameservers, and says which", () => {
    const observation: Observation = {
      kind: "records",
      values: [
        { type: "NS", host: "dns1.registrar-servers.com" },
        { type: "NS", host: "ada.ns.cloudflare.com" },
      ],
    };
    expect(judgeDelegation(assigned, observation)).toEqual({
      state: "wrong",
      detail: "found NS ada.ns.cloudflare.com, dns1.registrar-servers.com",
    });
  });
});
