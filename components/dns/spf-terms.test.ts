import { describe, expect, it } from "vitest";
import { costsLookup, isSpfRecord, parseSpf } from "./spf-terms";

describe("parseSpf", () => {
  it("parses mechanisms, qualifiers, CIDR suffixes and modifiers", () => {
    expect(
      parseSpf(
        "v=spf1 include:_spf.google.com -a a:mail.example.com/24//64 mx/28 ip4:192.0.2.0/24 ip6:2001:db8::/32 ~ip6:2001:db8::1 ?exists:%{i}.x.example.net ptr redirect=_spf.example.net exp=explain.example.net -all",
      ),
    ).toEqual([
      {
        kind: "mechanism",
        qualifier: "+",
        name: "include",
        value: "_spf.google.com",
        raw: "include:_spf.google.com",
      },
      { kind: "mechanism", qualifier: "-", name: "a", raw: "-a" },
      {
        kind: "mechanism",
        qualifier: "+",
        name: "a",
        value: "mail.example.com",
        cidr4: 24,
        cidr6: 64,
        raw: "a:mail.example.com/24//64",
      },
      { kind: "mechanism", qualifier: "+", name: "mx", cidr4: 28, raw: "mx/28" },
      {
        kind: "mechanism",
        qualifier: "+",
        name: "ip4",
        value: "192.0.2.0",
        cidr4: 24,
        raw: "ip4:192.0.2.0/24",
      },
      {
        kind: "mechanism",
        qualifier: "+",
        name: "ip6",
        value: "2001:db8::",
        cidr6: 32,
        raw: "ip6:2001:db8::/32",
      },
      { kind: "mechanism", qualifier: "~", name: "ip6", value: "2001:db8::1", raw: "~ip6:2001:db8::1" },
      {
        kind: "mechanism",
        qualifier: "?",
        name: "exists",
        value: "%{i}.x.example.net",
        raw: "?exists:%{i}.x.example.net",
      },
      { kind: "mechanism", qualifier: "+", name: "ptr", raw: "ptr" },
      { kind: "modifier", name: "redirect", value: "_spf.example.net", raw: "redirect=_spf.example.net" },
      { kind: "modifier", name: "exp", value: "explain.example.net", raw: "exp=explain.example.net" },
      { kind: "mechanism", qualifier: "-", name: "all", raw: "-all" },
    ]);
  });

  it.each([
    ["v=spf1", true],
    ["V=SPF1 -all", true],
    // RFC 7208 §4.5: the record must begin with exactly "v=spf1"; receivers discard this one.
    ["  v=spf1 ~all", false],
    ["v=spf10 -all", false],
    ["v=DKIM1; p=abc", false],
    ["google-site-verification=abc", false],
  ])("isSpfRecord(%j) is %s", (txt, expected) => {
    expect(isSpfRecord(txt)).toBe(expected);
  });

  it("marks terms it does not know as unknown", () => {
    expect(parseSpf("v=spf1 includ:x.com -all")?.[0]).toEqual({ kind: "unknown", raw: "includ:x.com" });
  });

  it("counts include, a, mx, ptr, exists and redirect, not ip4/ip6/all/exp", () => {
    const terms =
      parseSpf(
        "v=spf1 include:a.com a mx ptr exists:x.com ip4:1.2.3.4 ip6:::1 redirect=b.com exp=c.com -all",
      ) ?? [];
    expect(terms.filter(costsLookup).length).toBe(6);
  });
});
