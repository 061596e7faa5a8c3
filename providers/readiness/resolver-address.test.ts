import { describe, expect, it } from "vitest";
import { readinessRule } from "../../components/validation/readiness";
import { quietDomain, testConfig } from "../../test/support/config";
import { resolverAddressProblem, resolverAddressSchema } from "./resolver-address";

describe("resolverAddressProblem", () => {
  it.each([
    ["1.1.1.1", undefined],
    ["127.0.0.1:5353", undefined],
    ["2606:4700:4700::1111", undefined],
    ["[::1]:5353", undefined],
    ["dns.google", "is not an IP address (resolvers are given by address, e.g. 1.1.1.1 or 127.0.0.1:5353)"],
    ["1.1.1.1:0", "has the port 0, outside 1-65535"],
    ["[1.1.1.1]:53", "is not an IP address (resolvers are given by address, e.g. 1.1.1.1 or 127.0.0.1:5353)"],
  ])("%s", (value, problem) => {
    expect(resolverAddressProblem(value)).toBe(problem);
  });
});

describe("one format for the config rule and the readiness provider", () => {
  const values = [
    "1.1.1.1",
    "9.9.9.9:53",
    "[2606:4700::1111]:53",
    "::1",
    "dns.google",
    "1.1.1.1:70000",
    "[8.8.8.8]",
  ];

  it.each(values)("%s: preview and the provider's input check agree", (value) => {
    const config = testConfig([quietDomain("a.com")], { readiness: { resolvers: [value], quorum: 1 } });
    const preview = readinessRule(config).filter((i) => i.severity === "error");
    const provider = resolverAddressSchema.safeParse(value);
    expect(preview.length === 0).toBe(provider.success);
    if (!provider.success) {
      expect(provider.error.issues[0]?.message).toBe(`resolver ${preview[0]?.message}`);
    }
  });
});
