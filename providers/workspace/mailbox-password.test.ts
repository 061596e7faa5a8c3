import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { generateMailboxPassword, googlePassword } from "./mailbox-password";

describe("generateMailboxPassword", () => {
  it("meets Google's rules and a strong-password policy every time, and does not repeat", () => {
    const seen = new Set<string>();
    for (let i = 0; i < 2_000; i++) {
      const password = generateMailboxPassword();
      expect(password).toHaveLength(24);
      expect(password).toMatch(/^[\x21-\x7e]+$/); // printable ASCII, no space
      expect(password).toMatch(/[a-z]/);
      expect(password).toMatch(/[A-Z]/);
      expect(password).toMatch(/[0-9]/);
      expect(password).toMatch(/[-_.!@#%+=]/);
      expect(password).not.toMatch(/["'\\`$ ]/);
      seen.add(password);
    }
    expect(seen.size).toBe(2_000);
    expect(() => generateMailboxPassword(7)).toThrow();
    expect(generateMailboxPassword(100)).toHaveLength(100);
  });

  it("spreads characters over the alphabet (no position stuck to one class)", () => {
    const firstChars = new Set(Array.from({ length: 500 }, () => generateMailboxPassword()[0]));
    expect(firstChars.size).toBeGreaterThan(30);
  });
});

describe("googlePassword", () => {
  it("is the SHA-1 hex digest with hashFunction SHA-1, as the Directory API accepts", () => {
    expect(googlePassword("abc")).toEqual({
      hash: createHash("sha1").update("abc").digest("hex"),
      hashFunction: "SHA-1",
    });
  });
});
