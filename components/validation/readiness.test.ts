import { describe, expect, it } from "vitest";
import { readinessRule, resolverAddressProblem } from "./readiness";
import { quietDomain, summary, testConfig } from "./test-config";

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

describe("readinessRule", () => {
  it("reports bad resolvers and an unreachable quorum", () => {
    const config = testConfig([quietDomain("a.com")], {
      readiness: { resolvers: ["8.8.8.8", "resolver.local"], quorum: 3 },
    });
    expect(summary(readinessRule(config))).toEqual([
      {
        severity: "error",
        path: "mailinfra:readiness.resolvers[1]",
        message:
          '"resolver.local" is not an IP address (resolvers are given by address, e.g. 1.1.1.1 or 127.0.0.1:5353)',
      },
      {
        severity: "error",
        path: "mailinfra:readiness.quorum",
        message: "is 3 but only 2 resolver(s) are listed, so records would never count as propagated",
      },
    ]);
  });

  it("accepts defaults and named quorums", () => {
    expect(readinessRule(testConfig([quietDomain("a.com")]))).toEqual([]);
    expect(
      readinessRule(
        testConfig([quietDomain("a.com")], { readiness: { resolvers: ["1.1.1.1"], quorum: "majority" } }),
      ),
    ).toEqual([]);
  });
});
