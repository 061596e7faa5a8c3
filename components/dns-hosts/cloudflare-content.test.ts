import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { cloudflareTxtContent } from "./cloudflare-content";

// A 2048-bit DKIM record as Google Workspace shows it, split at 255 bytes by the record builder.
const DKIM_1 =
  "v=DKIM1; k=rsa; p=MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA0CseIZ0bGByYBN16itDEs8wVttk+wdNYSSS1pJ4NFVe1/UiDwwdctqpsgGbBTckdz7pkuUGRUQ6xwcvqSY9d0YSfEwQ+NxsatqsPkQIRReqzG7+ELOaaV7zPelBBTN2p5o+p93Q1YzNFWfyIVFaWUEB3VQ8KAp9WMGyqxFVA8ajD8Pch0QECi5OAHfGY8VcwF";
const DKIM_2 =
  "9+oGIdBC1ThHDXb1XMmcIXw8eIyLxYsNkaxHGrPS2t0MLFlaIEaC/dcQhkBeakx2fiHmN2IWO2R+6NJRS8mucFWpg9vvgNIUG27p/Gmw63EUAY+fRtAfYqLCTSJf+d1GOgWJAMh6bdrhXQeM2p5aQIDAQAB";

/** Reads Cloudflare's quoted TXT content back into strings, the way a zone-file parser does. */
function parseQuoted(content: string): string[] {
  expect(content).toMatch(/^"(?:[^"\\]|\\.)*"(?: "(?:[^"\\]|\\.)*")*$/);
  return [...content.matchAll(/"((?:[^"\\]|\\.)*)"/g)].map((m) => m[1].replace(/\\(.)/g, "$1"));
}

describe("cloudflareTxtContent", () => {
  it.each([
    ["no strings given", "v=spf1 include:_spf.google.com ~all", undefined],
    ["one string", "v=spf1 include:_spf.google.com ~all", ["v=spf1 include:_spf.google.com ~all"]],
    ["no strings at all", "google-site-verification=abc", []],
  ])("writes a single-string value plain: %s", (_case, value, strings) => {
    expect(cloudflareTxtContent(value, strings)).toBe(value);
  });

  it("writes a 2-string DKIM key as two quoted strings separated by a space", () => {
    expect(DKIM_1).toHaveLength(255);
    expect(cloudflareTxtContent(DKIM_1 + DKIM_2, [DKIM_1, DKIM_2])).toBe(`"${DKIM_1}" "${DKIM_2}"`);
  });

  it('escapes " and \\ inside the quoted strings', () => {
    expect(cloudflareTxtContent('say "hi"back\\slash', ['say "hi"', "back\\slash"])).toBe(
      '"say \\"hi\\"" "back\\\\slash"',
    );
  });

  it("refuses strings that do not join to the value, naming both", () => {
    expect(() => cloudflareTxtContent("v=DKIM1; p=AB", ["v=DKIM1; p=A", "C"])).toThrow(
      'TXT strings ["v=DKIM1; p=A","C"] do not join to the record\'s value "v=DKIM1; p=AB"',
    );
  });

  it("property: several strings always read back as exactly those strings", () => {
    fc.assert(
      fc.property(fc.array(fc.string({ maxLength: 255 }), { minLength: 2, maxLength: 6 }), (strings) => {
        expect(parseQuoted(cloudflareTxtContent(strings.join(""), strings))).toEqual(strings);
      }),
    );
  });
});
