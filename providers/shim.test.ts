import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { shim } from "./shim";

const fixture = "test/engine/fixtures/note.provider";
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mailinfra-shim-"));

afterEach(() => {
  delete process.env.MAILINFRA_TRACE;
});

describe("shim", () => {
  it("hands out one provider object per module, so Pulumi serializes it once, not once per resource", () => {
    expect(shim(fixture)).toBe(shim(fixture));
    expect(shim(fixture)).not.toBe(shim("test/engine/fixtures/stamp.provider"));
  });

  it("writes one trace line per operation only when MAILINFRA_TRACE names a file", async () => {
    const note = path.join(dir, "note.txt");
    const trace = path.join(dir, "trace.jsonl");
    await shim(fixture).create({ path: note, content: "untraced" });
    expect(fs.existsSync(trace)).toBe(false);

    process.env.MAILINFRA_TRACE = trace;
    const before = Date.now();
    await shim(fixture).create({ path: note, content: "traced" });
    await expect(
      shim(fixture).update!("x", {}, { path: "/nonexistent-dir/x", content: "" }),
    ).rejects.toThrow();
    const lines = fs
      .readFileSync(trace, "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(lines).toEqual([
      expect.objectContaining({ op: "create", type: fixture, ok: true }),
      expect.objectContaining({ op: "update", type: fixture, ok: false }),
    ]);
    expect(lines[0].start).toBeGreaterThanOrEqual(before);
    expect(lines[0].end).toBeGreaterThanOrEqual(lines[0].start);
  });
});
