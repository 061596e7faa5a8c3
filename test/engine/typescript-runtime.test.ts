import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { repoRoot } from "../../scripts/engine/index";

/**
 * Where the Node.js language host is installed, Pulumi compiles `index.ts` with the ts-node it vendors and the
 * project's own TypeScript, type-checking as it goes. This does what Pulumi's runtime (cmd/run) does, on the
 * program's modules, so a TypeScript version Pulumi cannot compile with fails here.
 */
describe("Pulumi's TypeScript runtime", () => {
  it("compiles the program's modules with the pinned TypeScript, type-checked", () => {
    const script = `
      const { typeScriptRequireStrings } = require("@pulumi/pulumi/tsutils");
      const { tsnodeRequire, typescriptRequire } = typeScriptRequireStrings();
      require(tsnodeRequire).register({ compiler: typescriptRequire, project: "tsconfig.json", compilerOptions: {} });
      const { MailDomain } = require("./components/mail-domain.ts");
      const { loadConfig } = require("./components/config/load.ts");
      console.log(JSON.stringify({
        typescript: require(typescriptRequire).version,
        tsnode: tsnodeRequire,
        loaded: typeof MailDomain === "function" && typeof loadConfig === "function",
      }));`;
    const out = execFileSync(process.execPath, ["-e", script], { cwd: repoRoot, encoding: "utf8" });
    const result = JSON.parse(out.trim().split("\n").pop() as string);
    const pinned = require("../../package.json").devDependencies.typescript;
    expect(result).toMatchObject({ typescript: pinned, loaded: true });
    expect(result.tsnode).toContain("ts-node");
  });
});
