import { spawn, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { guardStackFile } from "./stack-file";

let dir: string;
let file: string;
let guardDir: string;
const committed = "config:\n  mailinfra:domains: []\nencryptionsalt: v1:abc\n";

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "demo-stack-file-"));
  file = path.join(dir, "Pulumi.local.yaml");
  guardDir = path.join(dir, "guard");
  fs.writeFileSync(file, committed);
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

describe("guardStackFile", () => {
  it("puts the committed bytes back after the run wrote config into the file", () => {
    const guard = guardStackFile(file, guardDir);
    fs.writeFileSync(file, `${committed}  mailinfra:smartlead:\n    secure: AAAA\n`);
    guard.restore();
    expect(fs.readFileSync(file, "utf8")).toBe(committed);
    expect(fs.existsSync(guardDir)).toBe(false);
  });

  it("undoes a killed run's changes before reading the file", () => {
    const killed = guardStackFile(file, guardDir);
    fs.writeFileSync(file, "changed by a run that was killed\n");
    fs.writeFileSync(path.join(guardDir, "pid"), String(spawnSync("true").pid)); // a process that has exited
    const next = guardStackFile(file, guardDir);
    expect(next.recovered).toBe(true);
    expect(next.original.toString()).toBe(committed);
    expect(fs.readFileSync(file, "utf8")).toBe(committed);
    next.restore();
    expect(killed.original.toString()).toBe(committed);
  });

  it("refuses to run beside a live demo", async () => {
    guardStackFile(file, guardDir);
    const other = spawn("sleep", ["5"]);
    try {
      fs.writeFileSync(path.join(guardDir, "pid"), String(other.pid));
      expect(() => guardStackFile(file, guardDir)).toThrow(
        `another demo (pid ${other.pid}) is using ${file}`,
      );
    } finally {
      other.kill();
    }
  });
});
