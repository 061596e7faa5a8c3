import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

/** Where a Pulumi CLI for this project was found. */
export interface Engine {
  /** Directory holding `pulumi` and the plugins shipped with it; put it first on PATH for the engine. */
  binDir: string;
  /** Version without the leading `v`, equal to the installed @pulumi/pulumi. */
  version: string;
  /** How it was obtained. */
  source: "path" | "cache" | "built" | "installer";
  /**
   * Whether the Node.js language host (`pulumi-language-nodejs`) is present. When it is not, programs run
   * through the Automation API's in-process language runtime (`--client`), see scripts/pulumi.ts.
   */
  languageHost: boolean;
}

export const repoRoot = path.resolve(__dirname, "..", "..");

/** The @pulumi/pulumi version this checkout installed: the CLI must match it. */
export function sdkVersion(): string {
  const pkg = require.resolve("@pulumi/pulumi/package.json", { paths: [repoRoot] });
  return JSON.parse(fs.readFileSync(pkg, "utf8")).version as string;
}

/** Per-user cache, keyed by version, so a second run starts at once. */
export function cacheDir(version: string): string {
  const base =
    process.env.MAILINFRA_ENGINE_CACHE ??
    path.join(process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), ".cache"), "mailinfra", "pulumi");
  return path.join(base, version);
}

/**
 * `pulumi version` of a binary in the engine cache, remembered per binary (its path, inode, size, modification
 * and change times) in the cache's `engine-versions.json`: every `npm run pulumi` asks, and a fleet's stacks each
 * paid a `pulumi version` process for it (~0.45 CPU s per command on the bench machine). A rebuilt or replaced
 * binary is asked again. A `pulumi` on PATH is always asked: a version manager's shim (asdf, mise) answers by the
 * directory or environment it runs in, not by its own file.
 */
function cachedVersionOf(pulumiBinary: string): string | undefined {
  let identity: string;
  try {
    const stat = fs.statSync(pulumiBinary);
    identity = [path.resolve(pulumiBinary), stat.ino, stat.size, stat.mtimeMs, stat.ctimeMs].join(" ");
  } catch {
    return undefined;
  }
  const remembered = path.join(path.dirname(cacheDir("any")), "engine-versions.json");
  const known = readVersions(remembered);
  if (known[identity]) return known[identity];
  const version = versionOf(pulumiBinary);
  if (version) {
    // Written whole and renamed into place: concurrent commands each leave a complete file.
    const partial = `${remembered}.${process.pid}.${randomBytes(4).toString("hex")}`;
    try {
      fs.mkdirSync(path.dirname(remembered), { recursive: true });
      fs.writeFileSync(partial, JSON.stringify({ ...readVersions(remembered), [identity]: version }));
      fs.renameSync(partial, remembered);
    } catch {
      // Remembering is an optimisation: a cache it cannot write only means asking again next time.
      fs.rmSync(partial, { force: true });
    }
  }
  return version;
}

function readVersions(file: string): Record<string, string> {
  try {
    const parsed = JSON.parse(fs.readFileSync(file, "utf8"));
    return parsed && typeof parsed === "object" ? parsed : {};
  } catch {
    return {};
  }
}

function versionOf(pulumiBinary: string): string | undefined {
  try {
    return execFileSync(pulumiBinary, ["version"], {
      encoding: "utf8",
      env: { ...process.env, PULUMI_SKIP_UPDATE_CHECK: "true" },
      stdio: ["ignore", "pipe", "ignore"],
      timeout: 30_000,
    })
      .trim()
      .replace(/^v/, "");
  } catch {
    return undefined;
  }
}

function onPath(binary: string): string | undefined {
  for (const dir of (process.env.PATH ?? "").split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, binary);
    if (fs.existsSync(candidate)) return candidate;
  }
  return undefined;
}

/** A `pulumi` on PATH whose version equals `version`, if any. */
export function fromPath(version: string): Engine | undefined {
  const found = onPath("pulumi");
  if (!found || versionOf(found) !== version) return undefined;
  const binDir = path.dirname(found);
  return {
    binDir,
    version,
    source: "path",
    languageHost: !!onPath("pulumi-language-nodejs"),
  };
}

/** A complete build in the per-user cache, if any. */
export function fromCache(version: string): Engine | undefined {
  const binDir = path.join(cacheDir(version), "bin");
  const pulumi = path.join(binDir, "pulumi");
  if (!fs.existsSync(path.join(binDir, "pulumi-resource-pulumi-nodejs"))) return undefined;
  if (!fs.existsSync(pulumi) || cachedVersionOf(pulumi) !== version) return undefined;
  return {
    binDir,
    version,
    source: "cache",
    languageHost: fs.existsSync(path.join(binDir, "pulumi-language-nodejs")),
  };
}
