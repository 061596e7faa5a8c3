import { describe, expect, it } from "vitest";
import {
  duplicateDomains,
  fleetProblemReport,
  movesInOneGo,
  problemsOfRun,
  type StackDomains,
} from "./fleet-checks";

const stack = (name: string, declared?: string[], held?: string[]): StackDomains => ({
  stack: name,
  file: `stacks/Pulumi.${name}.yaml`,
  ...(declared ? { declared } : {}),
  ...(held ? { held } : {}),
});

describe("duplicateDomains", () => {
  it("names the domain and both stack files; the fix keeps it where the state holds it", () => {
    const problems = duplicateDomains([
      stack("agency-a", ["a.com", "shared.com"], ["a.com", "shared.com"]),
      stack("agency-b", ["b.com", "shared.com"], ["b.com"]),
    ]);
    expect(problems).toEqual([
      {
        domain: "shared.com",
        stacks: ["agency-a", "agency-b"],
        message:
          "shared.com is declared in 2 stacks: stacks/Pulumi.agency-a.yaml and stacks/Pulumi.agency-b.yaml",
        fix: "keep it in stacks/Pulumi.agency-a.yaml (its state holds it) and remove it from stacks/Pulumi.agency-b.yaml.",
      },
    ]);
  });

  it("without state (refresh reads none first), the fix asks to keep one", () => {
    const [problem] = duplicateDomains([stack("a", ["x.com"]), stack("b", ["x.com"]), stack("c", ["x.com"])]);
    expect(problem?.message).toContain("declared in 3 stacks");
    expect(problem?.fix).toBe(
      "keep it in one of stacks/Pulumi.a.yaml, stacks/Pulumi.b.yaml, stacks/Pulumi.c.yaml and remove it from the others.",
    );
  });

  it("a domain written twice in one stack is that stack's own error, not the fleet's; distinct fleets pass", () => {
    expect(duplicateDomains([stack("a", ["x.com", "x.com"]), stack("b", ["y.com"])])).toEqual([]);
  });
});

describe("movesInOneGo", () => {
  it("refuses a domain the old stack still holds but no longer declares while another declares it", () => {
    const problems = movesInOneGo([stack("old", [], ["m.com"]), stack("new", ["m.com"], [])]);
    expect(problems).toHaveLength(1);
    expect(problems[0]?.message).toContain("m.com moves from stack old to new in one run");
    expect(problems[0]?.fix).toContain(
      "npm run fleet -- up --stacks old --yes, then npm run fleet -- up --stacks new --yes",
    );
  });

  it("after up on the old stack (it no longer holds the domain) the move goes ahead", () => {
    expect(movesInOneGo([stack("old", [], []), stack("new", ["m.com"], [])])).toEqual([]);
  });

  it("a stack whose domains cannot be parsed may or may not still declare it: refused until its file is corrected", () => {
    const [problem] = movesInOneGo([stack("old", undefined, ["m.com"]), stack("new", ["m.com"], [])]);
    expect(problem?.message).toBe(
      "m.com is declared in stacks/Pulumi.new.yaml and still held by stack old, whose stacks/Pulumi.old.yaml cannot be parsed: whether it still declares the domain is unknown",
    );
    expect(problem?.fix).toMatch(
      /^correct stacks\/Pulumi.old.yaml first \(npm run pulumi -- preview --stack old lists each error/,
    );
  });

  it("a domain that stays where it is, or a new domain, is no move", () => {
    expect(
      movesInOneGo([stack("a", ["a.com", "n.com"], ["a.com"]), stack("b", ["b.com"], ["b.com"])]),
    ).toEqual([]);
  });
});

describe("problemsOfRun", () => {
  it("refuses up on the stack a domain moves to while a stack left out of --stacks still holds it", () => {
    const fleet = [stack("agency-a", [], ["d.com"]), stack("agency-b", ["d.com"], [])];
    const problems = problemsOfRun(fleet, ["agency-b"], true);
    expect(problems.map((p) => p.message)).toEqual([
      "d.com moves from stack agency-a to agency-b in one run: stacks/Pulumi.agency-b.yaml declares it, " +
        "stacks/Pulumi.agency-a.yaml no longer does, and agency-a's state still holds it " +
        "(stack agency-a is not among --stacks: the fleet checks every stack of the project)",
    ]);
    expect(problems[0]?.fix).toContain("npm run fleet -- up --stacks agency-a --yes, then");
  });

  it("lets up on the old stack alone go ahead (the move's first step), unless the new stack holds the domain already", () => {
    const notYet = [stack("agency-a", [], ["d.com"]), stack("agency-b", ["d.com"], [])];
    expect(problemsOfRun(notYet, ["agency-a"], true)).toEqual([]);
    const takenOver = [stack("agency-a", [], ["d.com"]), stack("agency-b", ["d.com"], ["d.com"])];
    const [problem] = problemsOfRun(takenOver, ["agency-a"], true);
    expect(problem?.message).toMatch(
      /^d.com is held by both stack agency-a .* up on agency-a would delete it there .* while agency-b uses it \(stack agency-b is not among --stacks/,
    );
    expect(problem?.fix).toMatch(/^do not run up on agency-a before .*state delete --stack agency-a/);
  });

  it("refuses a domain declared in a selected stack and in a stack left out, naming the one left out", () => {
    const fleet = [stack("agency-a", ["d.com"]), stack("agency-b", ["d.com"]), stack("agency-c", ["c.com"])];
    const [problem] = problemsOfRun(fleet, ["agency-b"], false);
    expect(problem?.message).toBe(
      "d.com is declared in 2 stacks: stacks/Pulumi.agency-a.yaml and stacks/Pulumi.agency-b.yaml " +
        "(stack agency-a is not among --stacks: the fleet checks every stack of the project)",
    );
  });

  it("problems only between stacks left out do not block a run of other stacks", () => {
    const fleet = [
      stack("agency-a", ["dup.com"], ["moved.com"]),
      stack("agency-b", ["dup.com", "moved.com"], []),
      stack("agency-c", ["c.com"], ["c.com"]),
    ];
    expect(problemsOfRun(fleet, ["agency-a", "agency-b"], true)).toHaveLength(2);
    expect(problemsOfRun(fleet, ["agency-c"], true)).toEqual([]);
  });

  it("moves are checked only for commands that read state first (preview, up)", () => {
    const fleet = [stack("agency-a", [], ["d.com"]), stack("agency-b", ["d.com"], [])];
    expect(problemsOfRun(fleet, ["agency-b"], false)).toEqual([]);
  });
});

it("fleetProblemReport says nothing ran and lists each problem with its fix", () => {
  const report = fleetProblemReport(duplicateDomains([stack("a", ["x.com"]), stack("b", ["x.com"])]));
  expect(report.split("\n")).toEqual([
    "fleet: 1 problem with the fleet's stacks; no stack was run.",
    "1. x.com is declared in 2 stacks: stacks/Pulumi.a.yaml and stacks/Pulumi.b.yaml.",
    "   Fix: keep it in one of stacks/Pulumi.a.yaml, stacks/Pulumi.b.yaml and remove it from the other.",
  ]);
});
