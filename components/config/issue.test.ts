import { describe, expect, it } from "vitest";
import { configError, configWarning, uniqueIssues } from "./issue";

describe("uniqueIssues", () => {
  it("drops an issue found twice and keeps the first-found order; severity, path and message tell issues apart", () => {
    const a = configError("mailinfra:domains[0].name", "is taken", "Rename it.");
    const b = configWarning("mailinfra:domains[0].name", "is taken", "Rename it.");
    const c = configError("mailinfra:domains[1].name", "is taken", "Rename it.");
    const again = configError("mailinfra:domains[0].name", "is taken", "Another fix.");
    expect(uniqueIssues([a, b, a, c, again, b])).toEqual([a, b, c]);
  });
});
