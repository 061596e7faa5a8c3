import { describe, expect, it } from "vitest";
import { quietDomain, summary, testConfig } from "../../test/support/config";
import { readinessRule } from "./readiness";

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

  it.each([
    {
      name: "three copies of one resolver with quorum 3",
      readiness: { resolvers: ["1.1.1.1", "1.1.1.1", "1.1.1.1"], quorum: 3 },
      issues: [
        {
          severity: "error",
          path: "mailinfra:readiness.resolvers[1]",
          message:
            '"1.1.1.1" is the same resolver as mailinfra:readiness.resolvers[0]; a quorum counts resolvers that agree, and copies of one resolver always agree',
        },
        {
          severity: "error",
          path: "mailinfra:readiness.resolvers[2]",
          message:
            '"1.1.1.1" is the same resolver as mailinfra:readiness.resolvers[0]; a quorum counts resolvers that agree, and copies of one resolver always agree',
        },
        {
          severity: "error",
          path: "mailinfra:readiness.quorum",
          message: "is 3, but the resolvers listed are only 1 distinct server(s), so it is a quorum of 1",
        },
      ],
    },
    {
      name: "the same resolvers written differently (default port 53, IPv6 forms)",
      readiness: {
        resolvers: ["9.9.9.9", "9.9.9.9:53", "2606:4700:4700::1111", "[2606:4700:4700:0:0:0:0:1111]:53"],
        quorum: "majority",
      },
      issues: [
        {
          severity: "error",
          path: "mailinfra:readiness.resolvers[1]",
          message:
            '"9.9.9.9:53" is the same resolver as mailinfra:readiness.resolvers[0]; a quorum counts resolvers that agree, and copies of one resolver always agree',
        },
        {
          severity: "error",
          path: "mailinfra:readiness.resolvers[3]",
          message:
            '"[2606:4700:4700:0:0:0:0:1111]:53" is the same resolver as mailinfra:readiness.resolvers[2]; a quorum counts resolvers that agree, and copies of one resolver always agree',
        },
      ],
    },
    {
      name: "one address on different ports (local emulators) is not a copy",
      readiness: { resolvers: ["127.0.0.1:5353", "127.0.0.1:5354", "127.0.0.1:5355"], quorum: 3 },
      issues: [],
    },
  ])("$name", ({ readiness, issues }) => {
    expect(summary(readinessRule(testConfig([quietDomain("a.com")], { readiness })))).toEqual(issues);
  });

  it("tells how to make the quorum real", () => {
    const config = testConfig([quietDomain("a.com")], {
      readiness: { resolvers: ["1.1.1.1", "1.1.1.1", "1.1.1.1"], quorum: 3 },
    });
    expect(readinessRule(config).map((i) => i.fix)).toEqual([
      "Remove the copy, or replace it with a resolver of another operator (e.g. 1.1.1.1, 8.8.8.8, 9.9.9.9).",
      "Remove the copy, or replace it with a resolver of another operator (e.g. 1.1.1.1, 8.8.8.8, 9.9.9.9).",
      "List 3 different resolvers, or use a quorum of at most 1.",
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
