import { describe, expect, it } from "vitest";
import { defaultMaxParallel, readFleetCommandLine } from "./command-line";

describe("readFleetCommandLine", () => {
  it("takes the command, --stacks (list and globs), --max-parallel, and passes every other flag on as typed", () => {
    expect(
      readFleetCommandLine([
        "up",
        "--stacks",
        "prod-a, prod-b,'x'",
        "--yes",
        "--max-parallel",
        "3",
        "--skip-preview",
        "--continue-on-error",
      ]),
    ).toEqual({
      command: "up",
      stacks: ["prod-a", "prod-b", "'x'"],
      maxParallel: 3,
      pulumiArgs: ["--yes", "--skip-preview", "--continue-on-error"],
    });
    expect(
      readFleetCommandLine(["--stacks=agency-*", "refresh", "--yes", "--expect-no-changes"]),
    ).toMatchObject({
      command: "refresh",
      stacks: ["agency-*"],
      pulumiArgs: ["--yes", "--expect-no-changes"],
    });
  });

  it("runs as many stacks at once as there are CPUs unless told", () => {
    expect(readFleetCommandLine(["preview", "--stacks", "a"]).maxParallel).toBe(defaultMaxParallel());
    expect(defaultMaxParallel()).toBeGreaterThanOrEqual(1);
  });

  it.each([
    [["up", "--stacks", "a"], /up asks for confirmation[\s\S]*Fix: add --yes/],
    [["cancel", "--stacks", "a"], /Fix: add --yes/],
    [["destroy", "--stacks", "a", "--yes"], /"destroy" is not a fleet command/],
    [["preview"], /--stacks is missing/],
    [["preview", "--stacks"], /--stacks needs a value/],
    [["preview", "--stack", "a"], /Fix: write --stacks a/],
    [
      ["preview", "--stacks", "a", "--max-parallel", "0"],
      /--max-parallel 0 is not a whole number of at least 1/,
    ],
    [[], /no command given/],
  ])("refuses %j with the fix and the usage", (args, message) => {
    expect(() => readFleetCommandLine(args)).toThrow(message);
    expect(() => readFleetCommandLine(args)).toThrow(/Usage: npm run fleet -- /);
  });
});
