import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { countCheckpoints, stackOfStateFile, stateFileBytes, watchCheckpoints } from "./checkpoint-writes";

describe("stackOfStateFile", () => {
  it("is the stack of <stack>.json (compressed too), never of its backup, side files or temporary files", () => {
    expect(stackOfStateFile("fleet-01.json")).toBe("fleet-01");
    expect(stackOfStateFile("fleet-01.json.gz")).toBe("fleet-01");
    expect(stackOfStateFile("fleet-01.json.bak")).toBeUndefined();
    expect(stackOfStateFile("fleet-01.json.attrs")).toBeUndefined();
    expect(stackOfStateFile("fleet-01.json.bak.attrs")).toBeUndefined();
    expect(stackOfStateFile("fleet-01.json.17d9a3f2c.tmp")).toBeUndefined();
  });
});

describe("countCheckpoints", () => {
  it("counts each rename onto a state file as one checkpoint of that stack", () => {
    expect(
      countCheckpoints([
        "a.json.bak",
        "a.json",
        "a.json.attrs",
        "b.json.bak",
        "b.json",
        "a.json.bak",
        "a.json",
      ]),
    ).toEqual({ a: 2, b: 1 });
  });
});

describe("watchCheckpoints on a directory written as the file backend writes it", () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
  });

  /** What diy + fileblob do per checkpoint: back up the state file, then rename a fully written temp over it. */
  function checkpoint(stateDir: string, tmpDir: string, stack: string, state: string) {
    const file = path.join(stateDir, `${stack}.json`);
    if (fs.existsSync(file)) {
      const bak = path.join(tmpDir, `${stack}.json.bak.tmp`);
      fs.copyFileSync(file, bak);
      fs.renameSync(bak, `${file}.bak`);
    }
    const tmp = path.join(tmpDir, `${stack}.json.${process.hrtime.bigint().toString(16)}.tmp`);
    fs.writeFileSync(tmp, state);
    fs.renameSync(tmp, file);
  }

  it("counts every checkpoint of every stack, and the state file's size is its last write", async () => {
    const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), "bench-state-"));
    const tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), "bench-tmp-"));
    dirs.push(stateDir, tmpDir);
    checkpoint(stateDir, tmpDir, "a", "{}"); // stack init: before the watch
    checkpoint(stateDir, tmpDir, "b", "{}");
    const watch = watchCheckpoints(stateDir);
    try {
      for (let i = 0; i < 7; i++) checkpoint(stateDir, tmpDir, "a", `{"step":${i}}`);
      for (let i = 0; i < 3; i++) checkpoint(stateDir, tmpDir, "b", "x".repeat(100));
      await vi.waitFor(() => expect(watch.counts()).toEqual({ a: 7, b: 3 }));
    } finally {
      watch.stop();
    }
    expect(stateFileBytes(stateDir, ["a", "b", "never-created"])).toEqual({
      a: '{"step":6}'.length,
      b: 100,
      "never-created": 0,
    });
  });
});
