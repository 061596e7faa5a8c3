import { describe, expect, it } from "vitest";
import { quietDomain, summary, testConfig } from "../../test/support/config";
import { mailboxRenamesRule } from "./mailbox-renames";

const mailbox = (username: string, extra: Record<string, unknown> = {}) => ({
  username,
  firstName: "A",
  lastName: "B",
  ...extra,
});

const at = (j: number) => `mailinfra:domains[0].mailboxes[${j}].renamedFrom`;

describe("mailboxRenamesRule", () => {
  it.each([
    {
      name: "a rename to a new username, written as the old username",
      mailboxes: [mailbox("ana"), mailbox("benjamin", { renamedFrom: "ben" })],
      issues: [],
    },
    {
      name: "a rename written as the old address of the same domain, in any case",
      mailboxes: [mailbox("benjamin", { renamedFrom: " Ben@Example.COM " })],
      issues: [],
    },
    {
      name: "renamedFrom that is no username at all (a lone @, two @)",
      mailboxes: [
        mailbox("benjamin", { renamedFrom: "@" }),
        mailbox("benji", { renamedFrom: "x@y@example.com" }),
      ],
      issues: [
        { path: at(0), message: "is not a username or an address of this domain" },
        { path: at(1), message: "is not a username or an address of this domain" },
      ],
    },
    {
      name: "renamedFrom equal to the username",
      mailboxes: [mailbox("ben", { renamedFrom: "BEN" })],
      issues: [{ path: at(0), message: "is the mailbox's own username (ben), so nothing is renamed" }],
    },
    {
      name: "renamedFrom naming a mailbox that is still declared",
      mailboxes: [mailbox("ben"), mailbox("benjamin", { renamedFrom: "ben" })],
      issues: [
        {
          path: at(1),
          message:
            "ben@example.com is still declared as mailboxes[0], so it cannot also be renamed to benjamin@example.com",
        },
      ],
    },
    {
      name: "two mailboxes renamed from the same name",
      mailboxes: [mailbox("benjamin", { renamedFrom: "ben" }), mailbox("benji", { renamedFrom: "ben" })],
      issues: [
        {
          path: at(1),
          message:
            "ben@example.com is already renamed to benjamin@example.com (mailboxes[0]); one mailbox can be renamed to one new name only",
        },
      ],
    },
    {
      name: "two mailboxes swapping names",
      mailboxes: [mailbox("ana", { renamedFrom: "ben" }), mailbox("ben", { renamedFrom: "ana" })],
      issues: [
        {
          path: at(0),
          message:
            "ben@example.com is still declared as mailboxes[1], so it cannot also be renamed to ana@example.com",
        },
        {
          path: at(1),
          message:
            "ana@example.com is still declared as mailboxes[0], so it cannot also be renamed to ben@example.com",
        },
      ],
    },
    {
      name: "renamedFrom under a different domain",
      mailboxes: [mailbox("benjamin", { renamedFrom: "ben@other.example" })],
      issues: [
        {
          path: at(0),
          message:
            "ben@other.example is in another domain; renamedFrom renames a mailbox within example.com only",
        },
      ],
    },
    {
      name: "renamedFrom that no Google username could be",
      mailboxes: [mailbox("benjamin", { renamedFrom: "ben..old" })],
      issues: [
        {
          path: at(0),
          message: `"ben..old" has two periods in a row, which Google rejects, so it cannot have been a mailbox`,
        },
      ],
    },
  ])("$name", ({ mailboxes, issues }) => {
    const found = mailboxRenamesRule(testConfig([quietDomain("example.com", { mailboxes })]));
    expect(summary(found)).toEqual(issues.map((issue) => ({ severity: "error", ...issue })));
  });

  it("tells how to fix each error: the old username alone, or which renamedFrom to remove", () => {
    const found = mailboxRenamesRule(
      testConfig([
        quietDomain("example.com", {
          mailboxes: [
            mailbox("ben"),
            mailbox("benjamin", { renamedFrom: "ben" }),
            mailbox("cleo", { renamedFrom: "cl@other.example" }),
          ],
        }),
      ]),
    );
    expect(found.map((issue) => issue.fix)).toEqual([
      "To rename it, remove mailboxes[0]; to keep both mailboxes, remove renamedFrom (benjamin@example.com is then created as a new mailbox).",
      "Write the old username alone (renamedFrom: cl) if it was cl@example.com. To move a mailbox to example.com from another domain, remove renamedFrom and declare it here (adopt: true takes over an existing user).",
    ]);
  });

  it("blames mailinfra:defaults when the renamed mailbox is declared there", () => {
    const config = testConfig([quietDomain("example.com")], {
      defaults: {
        dns: { host: "manual", registrar: "other" },
        mailboxes: [mailbox("ben", { renamedFrom: "ben" })],
      },
    });
    expect(mailboxRenamesRule(config).map((issue) => issue.path)).toEqual([
      "mailinfra:defaults.mailboxes[0].renamedFrom",
    ]);
  });

  it("normalises the previous address like the domain name: punycode, lower case", () => {
    const config = testConfig([
      quietDomain("bücher.example", {
        mailboxes: [mailbox("benjamin", { renamedFrom: "Ben@Bücher.example" })],
      }),
    ]);
    expect(config.domains[0]?.mailboxes[0]?.renamedFrom).toBe("ben@xn--bcher-kva.example");
    expect(mailboxRenamesRule(config)).toEqual([]);
  });
});
