import { describe, expect, it } from "vitest";
import { quietDomain, summary, testConfig } from "../../test/support/config";
import { mailboxNamesRule, usernameProblem } from "./mailbox-names";

describe("usernameProblem (Google's username rules)", () => {
  it.each([
    ["jane", undefined],
    ["jane.doe", undefined],
    ["o'brien", undefined],
    ["_sales-team_", undefined],
    ["a".repeat(64), undefined],
    ["a".repeat(65), "is 65 characters long; Google allows at most 64"],
    [".jane", '".jane" starts or ends with a period, which Google rejects'],
    ["jane.", '"jane." starts or ends with a period, which Google rejects'],
    ["john..doe", '"john..doe" has two periods in a row, which Google rejects'],
    ["jane+sales", '"jane+sales" contains "+"; Google allows only letters a-z, digits, - _ \' and .'],
    ["josé", '"josé" contains "é"; Google allows only letters a-z, digits, - _ \' and .'],
    ["a b&c", '"a b&c" contains "  &"; Google allows only letters a-z, digits, - _ \' and .'],
    ["postmaster", '"postmaster" is reserved by Google Workspace for every domain'],
    ["abuse", '"abuse" is reserved by Google Workspace for every domain'],
  ])("%j", (username, problem) => {
    expect(usernameProblem(username)?.problem).toBe(problem);
  });

  it("suggests the corrected username", () => {
    expect(usernameProblem("john..doe")?.fix).toBe('Use single periods: "john.doe".');
    expect(usernameProblem(".jane.")?.fix).toBe('Remove the period: "jane".');
  });
});

describe("mailboxNamesRule", () => {
  const mailbox = (fields: Record<string, unknown>) => ({
    username: "jane",
    firstName: "Jane",
    lastName: "Doe",
    ...fields,
  });

  it("reports each bad field at its exact path", () => {
    const config = testConfig([
      quietDomain("example.com", {
        mailboxes: [
          mailbox({ username: "Jane..Doe" }),
          mailbox({ username: "ok", firstName: "<script>", lastName: "x".repeat(61) }),
          mailbox({ username: "ou", orgUnit: "Sales/" }),
          mailbox({ username: "ou2", orgUnit: "/Sales/" }),
          mailbox({ username: "fine", orgUnit: "/Sales/Outbound" }),
        ],
      }),
    ]);
    expect(summary(mailboxNamesRule(config))).toEqual([
      {
        severity: "error",
        path: "mailinfra:domains[0].mailboxes[0].username",
        message: '"jane..doe" has two periods in a row, which Google rejects',
      },
      {
        severity: "error",
        path: "mailinfra:domains[0].mailboxes[1].firstName",
        message: "contains < or >, which Google rejects in names",
      },
      {
        severity: "error",
        path: "mailinfra:domains[0].mailboxes[1].lastName",
        message: "is 61 characters long; Google allows at most 60",
      },
      {
        severity: "error",
        path: "mailinfra:domains[0].mailboxes[2].orgUnit",
        message: '"Sales/" is not an org unit path',
      },
      {
        severity: "error",
        path: "mailinfra:domains[0].mailboxes[3].orgUnit",
        message: '"/Sales/" is not an org unit path',
      },
    ]);
  });

  it("blames mailboxes inherited from mailinfra:defaults once", () => {
    const config = testConfig([quietDomain("a.com"), quietDomain("b.com")], {
      defaults: {
        dns: { host: "manual", registrar: "other" },
        mailboxes: [mailbox({ username: "postmaster" })],
      },
    });
    const issues = mailboxNamesRule(config);
    expect(new Set(issues.map((i) => i.path))).toEqual(new Set(["mailinfra:defaults.mailboxes[0].username"]));
  });
});
