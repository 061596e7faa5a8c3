import { describe, expect, it } from "vitest";
import { domainNamesRule } from "../../components/validation/domain-names";
import { quietDomain, testConfig } from "../../test/support/config";
import { domainNameSchema } from "./workspace-domain-inputs";

describe("domainNameSchema", () => {
  it.each(["example.com", "send.example.co.uk", "xn--bcher-kva.de", "a-b.example.io", "example.c0m"])(
    "%s: a domain preview accepts is one WorkspaceDomain accepts",
    (name) => {
      const preview = domainNamesRule(testConfig([quietDomain(name)])).filter((i) => i.severity === "error");
      expect(preview).toEqual([]);
      expect(domainNameSchema.safeParse(name).success).toBe(true);
    },
  );

  it.each([
    [
      "-bad.com",
      'domain "-bad.com" is not a domain name: it has the label "-bad"; labels may contain only letters, digits and inner hyphens',
    ],
    [
      "a..com",
      'domain "a..com" is not a domain name: it contains an empty label (two dots in a row, or a leading dot)',
    ],
    [
      "localhost",
      'domain "localhost" is not a domain name: it has no top-level domain (expected something like example.com)',
    ],
    ["10.0.0.1", 'domain "10.0.0.1" is not a domain name: it looks like an IP address, not a domain name'],
  ])("%s: refused with the config rule's words", (name, message) => {
    const parsed = domainNameSchema.safeParse(name);
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((i) => i.message)).toEqual([message]);
  });
});
