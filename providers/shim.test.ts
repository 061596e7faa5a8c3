import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { afterEach, describe, expect, it } from "vitest";
import { loader, shim } from "./shim";

const fixture = "test/engine/fixtures/note.provider";
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mailinfra-shim-"));
const repo = path.resolve(__dirname, "..");
/** What the engine's host passes to `configure`: the stack configuration, by full key. */
const configure = { config: { get: (_key: string) => undefined, require: () => "" } };

/** What the engine stores for `provider`. */
async function storedText(provider: pulumi.dynamic.ResourceProvider): Promise<string> {
  const { text } = await pulumi.runtime.serializeFunction(() => provider, { allowSecrets: true });
  return text;
}

/**
 * Runs stored provider text as Pulumi's dynamic-provider host does (requireFromString, `handler()`, `configure` when
 * the copy has one, then the operation), in a plain Node process started in `cwd`; prints the operation's result.
 */
function runStored(text: string, cwd: string, operation: string): unknown {
  const sdk = path.dirname(require.resolve("@pulumi/pulumi/package.json"));
  const host = `
    const requireFromString = require(${JSON.stringify(require.resolve("require-from-string", { paths: [sdk] }))});
    const provider = requireFromString(require("node:fs").readFileSync(0, "utf8")).handler();
    const config = { get: () => undefined, require: () => "" };
    Promise.resolve(provider.configure && provider.configure({ config }))
      .then(() => ${operation})
      .then((r) => console.log(JSON.stringify(r ?? null)));`;
  const out = execFileSync(process.execPath, ["-e", host], { cwd, input: text, encoding: "utf8" });
  return JSON.parse(out);
}

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
    await shim(fixture).configure!(configure as unknown as pulumi.dynamic.ConfigureRequest);
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
    // The package's own handover, as compiled: it installs the operations of the module it is given.
    write(
      "dist/providers/provider-process.js",
      `exports.host = (stored, m) => Object.assign(stored, { create: (...a) => require(require("node:path").resolve(__dirname, "..", m)).provider.create(...a) });`,
    );
    write(
      "dist/providers/probe.provider.js",
      "exports.provider = { create: async () => ({ id: __filename, outs: { cwd: process.cwd() } }) };",
    );
    // What the engine stores, run as Pulumi's dynamic-provider host runs it, in a process started in the project.
    const text = await storedText(loader("providers/probe.provider", true));
    expect(runStored(text, project, "provider.create({})")).toEqual({
      id: fs.realpathSync(path.join(pkg, "dist/providers/probe.provider.js")),
      outs: { cwd: fs.realpathSync(project) },
    });
    expect(text).not.toContain(project);
    fs.rmSync(project, { recursive: true, force: true });
  });

  it("stores a copy well under 1 KB (a resource holds it twice) that names its module and no absolute path", async () => {
    const module = "providers/workspace/workspace-domain-verification.provider";
    for (const compiled of [false, true]) {
      const text = await storedText(loader(module, compiled));
      expect(text.length).toBeLessThan(800);
      expect(text).toContain(module);
      expect(text).not.toContain(repo);
      expect(text).not.toContain(os.homedir());
    }
  });

  it("runs a copy stored by this version in the checkout: configure installs the operations of the module named", async () => {
    const note = path.join(dir, "stored-now.txt");
    const text = await storedText(loader(fixture, false));
    const created = runStored(
      text,
      repo,
      `provider.create({ path: ${JSON.stringify(note)}, content: "now" })`,
    );
    expect(created).toEqual({ id: note, outs: { path: note, content: "now" } });
    expect(fs.readFileSync(note, "utf8")).toBe("now");
  });

  it("still runs a copy stored before configure existed (every operation in the state): it loads today's modules", () => {
    // The __provider of a DnsReadiness from a converged stack of the previous version, its module renamed to the
    // fixture's. Refresh and destroy of such resources run exactly this text.
    const text = fs.readFileSync(path.join(__dirname, "shim.stored-before-configure.txt"), "utf8");
    expect(text).not.toContain("configure");
    const note = path.join(dir, "stored-before.txt");
    const created = runStored(
      text,
      repo,
      `provider.create({ path: ${JSON.stringify(note)}, content: "before" })`,
    );
    expect(created).toEqual({ id: note, outs: { path: note, content: "before" } });
    const read = runStored(
      text,
      repo,
      `provider.read(${JSON.stringify(note)}, { path: ${JSON.stringify(note)} })`,
    );
    expect(read).toEqual({ id: note, props: { path: note, content: "before" } });
  });
});
