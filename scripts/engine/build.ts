import { execFileSync, spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { cacheDir, type Engine } from "./locate";

/**
 * Builds the real Pulumi engine for `version` from Pulumi's own Go modules, fetched through the Go module proxy:
 * the CLI (github.com/pulumi/pulumi/pkg/v3, package cmd/pulumi), the Node.js language host
 * (github.com/pulumi/pulumi/sdk/nodejs/cmd/pulumi-language-nodejs/v3) when the proxy serves it, and the
 * Node.js dynamic-provider host script shipped in github.com/pulumi/pulumi/sdk/v3 (nodejs/dist).
 *
 * Their go.mod files carry relative `replace` directives (`../sdk`, `../../../../pkg`), which `go install m@v`
 * refuses; so the module trees are copied, unmodified, side by side (`src/pkg`, `src/sdk`) where those relative
 * paths resolve, and built there.
 */
export async function buildFromGoModules(version: string, log: (line: string) => void): Promise<Engine> {
  const root = cacheDir(version);
  const src = path.join(root, "src");
  const staging = path.join(root, "bin.partial");
  const binDir = path.join(root, "bin");
  const started = Date.now();
  const step = (what: string) => log(`[engine ${elapsed(started)}] ${what}`);

  const go = goBinary();
  step(`building Pulumi v${version} from Go modules with ${go} (${goVersion(go)}) into ${root}`);
  fs.rmSync(src, { recursive: true, force: true });
  fs.rmSync(staging, { recursive: true, force: true });
  fs.mkdirSync(src, { recursive: true });
  fs.mkdirSync(staging, { recursive: true });

  step("downloading github.com/pulumi/pulumi/pkg/v3 and sdk/v3 through the Go module proxy");
  const pkgDir = downloadModule(go, `github.com/pulumi/pulumi/pkg/v3@v${version}`, root);
  const sdkDir = downloadModule(go, `github.com/pulumi/pulumi/sdk/v3@v${version}`, root);
  copyTree(pkgDir, path.join(src, "pkg"));
  copyTree(sdkDir, path.join(src, "sdk"));

  // The language host is its own module; its replace directives point at ../../../../pkg and ../../.. (sdk).
  let languageHostDir: string | undefined;
  try {
    const hostModule = downloadModule(
      go,
      `github.com/pulumi/pulumi/sdk/nodejs/cmd/pulumi-language-nodejs/v3@v${version}`,
      root,
    );
    languageHostDir = path.join(src, "sdk", "nodejs", "cmd", "pulumi-language-nodejs");
    copyTree(hostModule, languageHostDir);
  } catch (err) {
    step(
      `the Node.js language host module is not available (${firstLine(err)}); ` +
        "programs will run through the Automation API's in-process language runtime instead",
    );
  }

  const ldflags = `-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=v${version}`;
  step("compiling the Pulumi CLI (cmd/pulumi); the first build takes several minutes");
  await goBuild(go, path.join(src, "pkg"), "./cmd/pulumi", path.join(staging, "pulumi"), ldflags, step);
  if (languageHostDir) {
    step("compiling pulumi-language-nodejs");
    await goBuild(go, languageHostDir, ".", path.join(staging, "pulumi-language-nodejs"), ldflags, step);
  }

  // The dynamic-provider host: a small launcher script Pulumi ships next to its CLI.
  const dynamicHost = path.join(src, "sdk", "nodejs", "dist", "pulumi-resource-pulumi-nodejs");
  fs.copyFileSync(dynamicHost, path.join(staging, "pulumi-resource-pulumi-nodejs"));
  fs.chmodSync(path.join(staging, "pulumi-resource-pulumi-nodejs"), 0o755);

  fs.rmSync(binDir, { recursive: true, force: true });
  fs.renameSync(staging, binDir);
  fs.rmSync(src, { recursive: true, force: true });
  const size = (f: string) => `${(fs.statSync(path.join(binDir, f)).size / 1e6).toFixed(1)} MB`;
  step(
    `done: ${fs
      .readdirSync(binDir)
      .map((f) => `${f} ${size(f)}`)
      .join(", ")}`,
  );
  return { binDir, version, source: "built", languageHost: !!languageHostDir };
}

function goBinary(): string {
  try {
    execFileSync("go", ["version"], { stdio: "ignore" });
    return "go";
  } catch {
    throw new Error(
      "No Go toolchain found. Install Go (https://go.dev/dl) to build the Pulumi engine from its Go modules, " +
        "or put a `pulumi` of the matching version on PATH.",
    );
  }
}

function goVersion(go: string): string {
  return execFileSync(go, ["env", "GOVERSION"], { encoding: "utf8" }).trim();
}

function downloadModule(go: string, moduleAtVersion: string, cwd: string): string {
  let out: string;
  try {
    out = execFileSync(go, ["mod", "download", "-json", moduleAtVersion], {
      cwd,
      encoding: "utf8",
      env: { ...process.env, GOFLAGS: "-mod=mod" },
      stdio: ["ignore", "pipe", "pipe"],
    });
  } catch (err) {
    const stdout = (err as { stdout?: string }).stdout ?? "";
    out = stdout;
  }
  const info = JSON.parse(out || "{}") as { Dir?: string; Error?: string };
  if (!info.Dir)
    throw new Error(`go mod download ${moduleAtVersion}: ${info.Error ?? "no directory returned"}`);
  return info.Dir;
}

/** Copies a read-only module tree from the module cache; the files themselves are not changed. */
function copyTree(from: string, to: string): void {
  fs.cpSync(from, to, { recursive: true });
  const makeWritable = (dir: string) => {
    fs.chmodSync(dir, 0o755);
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, entry.name);
      if (entry.isDirectory()) makeWritable(p);
      else fs.chmodSync(p, 0o644);
    }
  };
  makeWritable(to);
}

/** `go build -v`, reporting packages compiled against the total so a person sees progress. */
async function goBuild(
  go: string,
  dir: string,
  target: string,
  output: string,
  ldflags: string,
  step: (line: string) => void,
): Promise<void> {
  // `go list` also downloads every module the build needs: the long, quiet part of a first build.
  step("resolving and downloading the build's Go modules");
  const total = execFileSync(go, ["list", "-deps", target], {
    cwd: dir,
    encoding: "utf8",
    maxBuffer: 64 << 20,
    stdio: ["ignore", "pipe", "pipe"],
  })
    .trim()
    .split("\n").length;
  await new Promise<void>((resolve, reject) => {
    const child = spawn(go, ["build", "-v", "-trimpath", "-ldflags", ldflags, "-o", output, target], {
      cwd: dir,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let compiled = 0;
    let lastShown = 0;
    const tail: string[] = [];
    child.stderr.setEncoding("utf8");
    child.stderr.on("data", (chunk: string) => {
      for (const line of chunk.split("\n")) {
        if (!line) continue;
        tail.push(line);
        if (tail.length > 30) tail.shift();
        if (/^[\w.\-/]+$/.test(line)) compiled++;
      }
      if (Date.now() - lastShown > 10_000) {
        lastShown = Date.now();
        step(`compiled ${compiled} of ~${total} packages`);
      }
    });
    child.on("error", reject);
    child.on("close", (code) =>
      code === 0 ? resolve() : reject(new Error(`go build ${target} failed (${code}):\n${tail.join("\n")}`)),
    );
  });
}

function elapsed(since: number): string {
  const s = Math.round((Date.now() - since) / 1000);
  return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, "0")}s`;
}

function firstLine(err: unknown): string {
  return String(err instanceof Error ? err.message : err)
    .split("\n")
    .slice(0, 2)
    .join(" ");
}
