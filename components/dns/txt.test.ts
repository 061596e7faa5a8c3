import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { splitTxt, TXT_STRING_MAX_BYTES, txtRecord } from "./txt";

describe("splitTxt", () => {
  it.each([
    { name: "empty value", value: "", strings: [""] },
    { name: "short value", value: "v=spf1 -all", strings: ["v=spf1 -all"] },
    { name: "exactly 255 bytes", value: "a".repeat(255), strings: ["a".repeat(255)] },
    { name: "256 bytes", value: "a".repeat(256), strings: ["a".repeat(255), "a"] },
    { name: "511 bytes", value: "b".repeat(511), strings: ["b".repeat(255), "b".repeat(255), "b"] },
    // é is 2 bytes: 254 ASCII + é would be 256 bytes, so é starts the second string.
    {
      name: "multi-byte char at the boundary",
      value: `${"a".repeat(254)}é`,
      strings: ["a".repeat(254), "é"],
    },
    // 😀 is 4 bytes (a surrogate pair in JS): never cut between its halves.
    {
      name: "4-byte char at the boundary",
      value: `${"a".repeat(253)}😀z`,
      strings: ["a".repeat(253), "😀z"],
    },
  ])("$name", ({ value, strings }) => {
    expect(splitTxt(value)).toEqual(strings);
  });

  it("every string fits 255 bytes, is valid UTF-8 on its own, and the strings join to the value", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme", maxLength: 1200 }), (value) => {
        const strings = splitTxt(value);
        expect(strings.join("")).toBe(value);
        for (const s of strings) {
          expect(Buffer.byteLength(s, "utf8")).toBeLessThanOrEqual(TXT_STRING_MAX_BYTES);
          expect(Buffer.from(s, "utf8").toString("utf8")).toBe(s);
          expect(s).not.toMatch(/^[\uDC00-\uDFFF]|[\uD800-\uDBFF]$/);
        }
      }),
    );
  });
});

describe("txtRecord", () => {
  it("keeps content whole and adds the split strings", () => {
    const content = `v=DKIM1; k=rsa; p=${"A".repeat(300)}`;
    const record = txtRecord("google._domainkey.example.com", content, 300, "dkim");
    expect(record).toEqual({
      name: "google._domainkey.example.com",
      type: "TXT",
      content,
      strings: [content.slice(0, 255), content.slice(255)],
      ttl: 300,
      purpose: "dkim",
    });
  });
});
