import { expect, it } from "vitest";
import { describeChanges, lastResourceChanges } from "./resource-changes";

const up = `Previewing update (prod):
Resources:
    + 8 to create
    1 unchanged

Updating (prod):
 +  mailinfra:index:MailDomain a.com created
Resources:
    + 7 created
    ~ 1 updated
    +-2 replaced
    3 unchanged

Duration: 12s
`;

it("reads the last summary (the update's, not its preview's)", () => {
  expect(lastResourceChanges(up)).toEqual({
    changed: ["+7 created", "~1 updated", "+-2 replaced"],
    unchanged: 3,
  });
  expect(describeChanges(lastResourceChanges(up))).toBe("+7 created, ~1 updated, +-2 replaced");
});

it("a converged stack: no changes; a run with no summary (cancel, an early error): -", () => {
  expect(describeChanges(lastResourceChanges("Resources:\n    12 unchanged\n\nDuration: 3s\n"))).toBe(
    "no changes (12 unchanged)",
  );
  expect(describeChanges(lastResourceChanges("error: no stack named 'x' found\n"))).toBe("-");
});
