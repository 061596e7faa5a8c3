import { describe, expect, it } from "vitest";
import { publicSuffixListing } from "./public-suffix";

describe("publicSuffixListing", () => {
  it.each([
    ["example.com", { icannRegistrableDomain: "example.com" }],
    ["mail.example.co.uk", { icannRegistrableDomain: "example.co.uk" }],
    ["xn--bcher-kva.de", { icannRegistrableDomain: "xn--bcher-kva.de" }],
    ["track.other.com", { icannRegistrableDomain: "other.com" }],
    // RFC 6761's reserved .test is not on the list: its names are ordinary names, never suffixes.
    ["send-a.test", {}],
    ["acme-outreach.test", {}],
    ["t.mail", {}],
    ["co.uk", { suffixSection: "icann" }],
    ["com", { suffixSection: "icann" }],
    ["xn--gmqw5a.xn--j6w193g", { suffixSection: "icann" }],
    // A wildcard rule (*.ck) and its exception (!www.ck).
    ["foo.ck", { suffixSection: "icann" }],
    ["www.ck", { icannRegistrableDomain: "www.ck" }],
    ["github.io", { suffixSection: "private", icannRegistrableDomain: "github.io" }],
    ["foo.github.io", { icannRegistrableDomain: "github.io" }],
  ])("%s", (name, listing) => {
    expect(publicSuffixListing(name)).toEqual(listing);
  });
});
