import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { afterEach, describe, expect, it } from "vitest";
import { loader, shim } from "./shim";

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

  it("keeps every module path that stored copies of earlier versions name: moving one breaks their refresh and destroy", () => {
    const stored = [
      "providers/engine-watchdog",
      "providers/readiness/readiness.provider",
      "providers/dkim/dkim-key.provider",
      "providers/smartlead/email-account.provider",
      "providers/workspace/workspace-domain.provider",
      "providers/workspace/workspace-user.provider",
      "providers/workspace/workspace-domain-verification.provider",
    ];
    const repo = path.resolve(__dirname, "..");
    expect(stored.filter((m) => !fs.existsSync(path.join(repo, `${m}.ts`)))).toEqual([]);
  });

  it("stored for an installed package, loads the package's compiled module from the project directory, without tsx", async () => {
    // A consumer project: mailinfra installed under node_modules (its entry at the root of its compiled tree),
    // no tsx anywhere above it.
    const project = fs.mkdtempSync(path.join(os.tmpdir(), "mailinfra-consumer-"));
    const pkg = path.join(project, "node_modules", "mailinfra");
    const write = (file: string, text: string) => {
      fs.mkdirSync(path.dirname(path.join(pkg, file)), { recursive: true });
      fs.writeFileSync(path.join(pkg, file), text);
    };
    write("package.json", JSON.stringify({ name: "mailinfra", exports: { ".": "./dist/mailinfra.js" } }));
    write("dist/mailinfra.js", "");
    write("dist/providers/engine-watchdog.js", "exports.watchEngine = () => undefined;");
    write(
      "dist/providers/probe.provider.js",
      "exports.provider = { create: async () => ({ id: __filename, outs: { cwd: process.cwd() } }) };",
    );
    // What the engine stores, run as Pulumi's dynamic-provider host runs it, in a process started in the project.
    const { text } = await pulumi.runtime.serializeFunction(() => loader("providers/probe.provider", true), {
      allowSecrets: true,
    });
    const sdk = path.dirname(require.resolve("@pulumi/pulumi/package.json"));
    const host = `
      const requireFromString = require(${JSON.stringify(require.resolve("require-from-string", { paths: [sdk] }))});
      const provider = requireFromString(require("node:fs").readFileSync(0, "utf8")).handler();
      provider.create({}).then((r) => console.log(JSON.stringify(r)));`;
    const out = execFileSync(process.execPath, ["-e", host], { cwd: project, input: text, encoding: "utf8" });
    expect(JSON.parse(out)).toEqual({
      id: fs.realpathSync(path.join(pkg, "dist/providers/probe.provider.js")),
      outs: { cwd: fs.realpathSync(project) },
    });
    expect(text).not.toContain(project);
    fs.rmSync(project, { recursive: true, force: true });
  });
});
