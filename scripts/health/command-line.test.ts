import { describe, expect, it } from "vitest";
import { DEFAULT_HEALTH_CONCURRENCY, HealthUsageError, readHealthFlags } from "./command-line";

describe("readHealthFlags", () => {
  it("reads the flags as README writes them", () => {
    expect(
      readHealthFlags([
        "--stack",
        "prod",
        "--json",
        "--html",
        "out.html",
        "--fail-under",
        "70",
        "--fail-on-listing",
      ]),
    ).toEqual({
      stack: "prod",
      json: true,
      html: "out.html",
      failUnder: 70,
      failOnListing: true,
      concurrency: DEFAULT_HEALTH_CONCURRENCY,
    });
    expect(readHealthFlags(["--stack=prod", "--fail-under=0"])).toMatchObject({
      stack: "prod",
      failUnder: 0,
      json: false,
    });
    expect(readHealthFlags([], { PULUMI_STACK: "dev" }).stack).toBe("dev");
  });

  it.each<[string[], RegExp]>([
    [[], /--stack is missing/],
    [["--stack", "p", "--fail-under", "abc"], /--fail-under must be a number \(got "abc"\)/],
    [["--stack", "p", "--fail-under", "101"], /--fail-under must be at most 100/],
    [["--stack", "p", "--fail-under", "7.5"], /--fail-under must be a whole number/],
    [["--stack", "p", "--fail-under"], /--fail-under/],
    [["--stack", "p", "--fail-on-listings"], /--fail-on-listings/],
    [["--stack", "p", "--concurrency", "0"], /--concurrency must be at least 1/],
    [["--stack", "p", "extra"], /extra/],
  ])("refuses %j naming the flag", (args, message) => {
    expect(() => readHealthFlags(args)).toThrow(HealthUsageError);
    expect(() => readHealthFlags(args)).toThrow(message);
  });
});
