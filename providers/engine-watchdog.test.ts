import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe.skipIf(!fs.existsSync("/proc/self/stat"))("watchEngine", () => {
  it("ends a provider process whose engine was killed, as Pulumi's launcher leaves it behind", async () => {
    const watchdog = path.resolve(__dirname, "engine-watchdog.ts");
    // provider: what the launcher script runs; it watches its engine and otherwise would run forever.
    const provider = `require("tsx/cjs/api").register(); require(${JSON.stringify(watchdog)}).watchEngine(100); console.log(process.pid); setInterval(() => {}, 1000);`;
    // engine → sh (the launcher) → node (the provider), like pulumi → pulumi-resource-pulumi-nodejs → node.
    const engineScript = `const { spawn } = require("node:child_process");
      const sh = spawn("sh", ["-c", ${JSON.stringify(`"${process.execPath}" -e '${provider.replace(/'/g, "'\\''")}'`)}], { stdio: ["ignore", "inherit", "inherit"] });
      setInterval(() => {}, 1000);`;
    const engine = spawn(process.execPath, ["-e", engineScript], {
      cwd: path.resolve(__dirname, ".."),
      stdio: ["ignore", "pipe", "inherit"],
    });
    const providerPid = await new Promise<number>((resolve) =>
      engine.stdout.once("data", (chunk: Buffer) => resolve(Number(chunk.toString().trim()))),
    );
    expect(alive(providerPid)).toBe(true);

    engine.kill("SIGKILL");
    const deadline = Date.now() + 5000;
    while (alive(providerPid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(alive(providerPid)).toBe(false);
  });
});
