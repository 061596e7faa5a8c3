import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { selectStacks, stacksWithFiles } from "./stack-files";

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "mailinfra-stacks-"));
  for (const name of ["agency-a", "agency-b", "agency-b2", "local", "example"]) {
    fs.writeFileSync(path.join(dir, `Pulumi.${name}.yaml`), "config: {}\n");
  }
  fs.writeFileSync(path.join(dir, "README.md"), "not a stack\n");
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe("selectStacks", () => {
  it("expands globs over the stack files and keeps names in the order written, each once", () => {
    expect(stacksWithFiles(dir)).toEqual(["agency-a", "agency-b", "agency-b2", "example", "local"]);
    expect(selectStacks(["agency-?"], dir)).toEqual(["agency-a", "agency-b"]);
    expect(selectStacks(["local", "agency-*", "agency-a"], dir)).toEqual([
      "local",
      "agency-a",
      "agency-b",
      "agency-b2",
    ]);
    expect(selectStacks(["org/agency-a"], dir)).toEqual(["org/agency-a"]);
  });

  it("refuses a name without a stack file and a glob that matches none, listing the stacks there", () => {
    expect(() => selectStacks(["agency-c"], dir)).toThrow(
      /"agency-c", which has no stack file[\s\S]*stack init agency-c/,
    );
    expect(() => selectStacks(["prod-*"], dir)).toThrow(
      /'prod-\*' matches no stack file .*agency-a, agency-b/,
    );
  });
});
