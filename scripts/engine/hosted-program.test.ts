import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { registeredDomains } from "../../components/fleet-registration";
import { hostedProgram } from "./hosted-program";

/**
 * How `npm run pulumi` hosts index.ts in-process: `up` runs the program twice in one process (preview, then
 * the update). A module Node serves from its cache the second time registers nothing, and the engine plans
 * to delete the fleet. Each run must register every declared domain, or fail.
 */

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mailinfra-hosted-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** A CommonJS entry module; `register(name)` stands for MailDomain noting itself in the shared ledger. */
function entry(file: string, body: string): string {
  const target = path.join(dir, file);
  fs.writeFileSync(
    target,
    `const register = (name) => globalThis[Symbol.for("mailinfra.fleetRegistration")].domains.add(name);\n${body}\n`,
  );
  return target;
}

beforeEach(() => {
  pulumi.runtime.setAllConfig({
    "mailinfra:domains": JSON.stringify([{ name: "a.test" }, { name: "Bücher.de." }]),
  });
});

describe("hostedProgram", () => {
  it("calls an exported program function on every run: both runs of an `up` register the fleet", async () => {
    const program = hostedProgram(
      entry(
        "function.js",
        `let runs = 0; module.exports = () => { runs++; register("a.test"); register("xn--bcher-kva.de"); return { runs }; };`,
      ),
    );
    expect(await program()).toEqual({ runs: 1 });
    expect(await program()).toEqual({ runs: 2 });
    expect([...registeredDomains()].sort()).toEqual(["a.test", "xn--bcher-kva.de"]);
  });

  it("evaluates a module that exports values afresh on every run instead of serving it from the cache", async () => {
    const program = hostedProgram(
      entry(
        "values.js",
        `register("a.test"); register("xn--bcher-kva.de"); exports.evaluatedAt = Math.random();`,
      ),
    );
    const first = (await program()) as { evaluatedAt: number };
    const second = (await program()) as { evaluatedAt: number };
    expect(second.evaluatedAt).not.toBe(first.evaluatedAt);
  });

  it("fails a run that registered none of the declared domains, naming them, instead of letting the engine plan deletes", async () => {
    const program = hostedProgram(entry("nothing.js", "module.exports = () => ({});"));
    await expect(program()).rejects.toThrow(
      /registered 0 of the 2 domains the stack declares in mailinfra:domains \(missing: a\.test, Bücher\.de\.\)\. It stopped before the engine could plan to delete them; nothing was created, changed or deleted/,
    );
  });

  it("fails a run that registered only part of the fleet", async () => {
    const program = hostedProgram(
      entry("half.js", `module.exports = () => { register("a.test"); return {}; };`),
    );
    await expect(program()).rejects.toThrow(/registered 1 of the 2 domains .*missing: Bücher\.de\./);
  });

  it("accepts a stack that declares no domains (the program reports that configuration error itself)", async () => {
    pulumi.runtime.setAllConfig({});
    const program = hostedProgram(entry("empty.js", "module.exports = () => ({ ok: true });"));
    expect(await program()).toEqual({ ok: true });
  });
});
