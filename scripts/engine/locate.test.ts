import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { fromCache } from "./locate";

/**
 * Every `npm run pulumi` looks for an engine matching @pulumi/pulumi. Asking the binary its version is a
 * process of its own, so the answer is remembered per binary, and asked again when the binary changes.
 */
let cache: string;
let asked: string;
const saved = process.env.MAILINFRA_ENGINE_CACHE;

/** A stand-in `pulumi` in the cache that answers `version` and counts how often it was asked. */
function cachedEngine(version: string): string {
  const bin = path.join(cache, version, "bin");
  fs.mkdirSync(bin, { recursive: true });
  fs.writeFileSync(path.join(bin, "pulumi-resource-pulumi-nodejs"), "#!/bin/sh\n", { mode: 0o755 });
  const binary = path.join(bin, "pulumi");
  fs.writeFileSync(binary, `#!/bin/sh\necho asked >> "${asked}"\necho v${version}\n`, { mode: 0o755 });
  return binary;
}

const timesAsked = () => (fs.existsSync(asked) ? fs.readFileSync(asked, "utf8").split("\n").length - 1 : 0);

beforeEach(() => {
  cache = fs.mkdtempSync(path.join(os.tmpdir(), "mailinfra-engine-cache-"));
  asked = path.join(cache, "asked.log");
  process.env.MAILINFRA_ENGINE_CACHE = cache;
});
afterEach(() => {
  if (saved === undefined) delete process.env.MAILINFRA_ENGINE_CACHE;
  else process.env.MAILINFRA_ENGINE_CACHE = saved;
  fs.rmSync(cache, { recursive: true, force: true });
});

describe("finding the cached engine", () => {
  it("asks a binary its version once, and again after the binary is replaced", () => {
    const binary = cachedEngine("3.259.0");
    expect(fromCache("3.259.0")?.binDir).toBe(path.dirname(binary));
    expect(fromCache("3.259.0")?.source).toBe("cache");
    expect(timesAsked()).toBe(1);

    // A rebuild writes a new binary: a different size and time, so it is asked.
    fs.writeFileSync(binary, `#!/bin/sh\necho asked >> "${asked}"\necho v3.258.0 # rebuilt\n`, {
      mode: 0o755,
    });
    expect(fromCache("3.259.0")).toBeUndefined();
    expect(timesAsked()).toBe(2);
    expect(fromCache("3.259.0")).toBeUndefined();
    expect(timesAsked()).toBe(2);
  });

  it("a cache it cannot write to only means asking every time", () => {
    cachedEngine("3.259.0");
    fs.mkdirSync(path.join(cache, "engine-versions.json"));
    expect(fromCache("3.259.0")?.version).toBe("3.259.0");
    expect(fromCache("3.259.0")?.version).toBe("3.259.0");
    expect(timesAsked()).toBe(2);
    expect(fs.readdirSync(cache).sort()).toEqual(["3.259.0", "asked.log", "engine-versions.json"]);
  });
});
