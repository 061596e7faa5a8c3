import * as fs from "node:fs";
import * as path from "node:path";
import { alive, lockHolder } from "../process-liveness";
import { buildFromGoModules } from "./build";
import { cacheDir, type Engine, fromCache, fromPath, sdkVersion } from "./locate";

export { type Engine, repoRoot, sdkVersion } from "./locate";

/**
 * A Pulumi CLI whose version equals the installed @pulumi/pulumi: a matching `pulumi` on PATH, else a cached
 * build, else one built now from Pulumi's Go modules (or, with no Go but internet access, Pulumi's official
 * installer). Concurrent callers share one build through a lock directory.
 */
export async function ensureEngine(log: (line: string) => void = (l) => console.error(l)): Promise<Engine> {
  const version = sdkVersion();
  const found = fromPath(version) ?? fromCache(version);
  if (found) return found;

  const lock = `${cacheDir(version)}.lock`;
  fs.mkdirSync(path.dirname(lock), { recursive: true });
  await acquire(lock, log);
  try {
    const cached = fromCache(version);
    if (cached) return cached;
    try {
      return await buildFromGoModules(version, log);
    } catch (err) {
      if (!/No Go toolchain/.test(String(err))) throw err;
      return await officialInstaller(version, log);
    }
  } finally {
    fs.rmSync(lock, { recursive: true, force: true });
  }
}

/** For machines with internet and no Go: Pulumi's own installer, through the Automation API. */
async function officialInstaller(version: string, log: (line: string) => void): Promise<Engine> {
  const { PulumiCommand } = await import("@pulumi/pulumi/automation");
  const root = cacheDir(version);
  log(
    `[engine] no Go toolchain: installing Pulumi v${version} with Pulumi's official installer into ${root}`,
  );
  const { SemVer } = await import("semver");
  await PulumiCommand.install({ root, version: new SemVer(version) });
  const binDir = path.join(root, "bin");
  return {
    binDir,
    version,
    source: "installer",
    languageHost: fs.existsSync(path.join(binDir, "pulumi-language-nodejs")),
  };
}

async function acquire(lock: string, log: (line: string) => void): Promise<void> {
  let announced = false;
  for (;;) {
    try {
      fs.mkdirSync(lock);
      fs.writeFileSync(path.join(lock, "pid"), String(process.pid));
      return;
    } catch {
      const holder = lockHolder(path.join(lock, "pid"));
      if (holder && !alive(holder)) {
        fs.rmSync(lock, { recursive: true, force: true });
        continue;
      }
      if (!announced) log(`[engine] another process (pid ${holder}) is building the engine; waiting`);
      announced = true;
      await new Promise((r) => setTimeout(r, 2000));
    }
  }
}
