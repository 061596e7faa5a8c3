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

  it("passes on long flags that start like --stack and short flags other than -s and -C", () => {
    const args = [
      "--skip-preview",
      "--suppress-outputs",
      "-f",
      "-p",
      "4",
      "-m",
      "moves d.com",
      "--stack-tag=x",
    ];
    expect(readFleetCommandLine(["up", "--stacks", "a", "--yes", ...args]).pulumiArgs).toEqual([
      "--yes",
      ...args,
    ]);
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
    [["preview", "--stacks", "a", "--stack=b"], /--stack=b names one stack[\s\S]*Fix: write --stacks b/],
    [["preview", "--stacks", "a", "-s", "b"], /-s names one stack[\s\S]*Fix: write --stacks b/],
    [["preview", "--stacks", "a", "-sprod"], /-sprod names one stack[\s\S]*Fix: write --stacks prod/],
    [["preview", "--stacks", "a", "-s=prod"], /-s=prod names one stack[\s\S]*Fix: write --stacks prod/],
    [["up", "--stacks", "a", "--yes", "-ys", "prod"], /-ys names one stack[\s\S]*Fix: write --stacks prod/],
    [["preview", "--stacks", "a", "-s"], /Fix: write --stacks <name>/],
    [["preview", "--stacks", "a", "--cwd", "../other"], /--cwd would run every stack in another project/],
    [["preview", "--stacks", "a", "--cwd=../other"], /--cwd=\.\.\/other would run every stack/],
    [
      ["preview", "--stacks", "a", "-C", "../other"],
      /-C would run every stack[\s\S]*Fix: leave out --cwd\/-C/,
    ],
    [["preview", "--stacks", "a", "-C../other"], /-C\.\.\/other would run every stack/],
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
