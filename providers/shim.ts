import type * as pulumi from "@pulumi/pulumi";
import { runsAsInstalledPackage } from "./installed-package";

/**
 * The part of a dynamic provider that Pulumi serializes into the state: a loader, nothing else.
 *
 * Pulumi stores a dynamic provider's code with every resource and runs that stored copy on `refresh` and
 * `destroy` (pulumi/pulumi#6490, #9085). So the stored copy only names the module that implements the provider
 * and loads it at call time: a fix to the module reaches resources created before it, and the state stays a few
 * hundred bytes per resource.
 *
 * Where the module is found is decided in the provider process, which the engine starts in the program's project
 * directory: in mailinfra's own checkout (the program runs from its `.ts` sources) the path is relative to that
 * directory, as it always was, so resources created by earlier versions load the same files; where mailinfra is
 * an installed package (compiled `.js`), it is relative to the package's compiled tree, found by the package's
 * name from the project directory — wherever the consumer's package manager put it, and no absolute path in state.
 *
 * @param modulePath module exporting `provider: pulumi.dynamic.ResourceProvider`, relative to mailinfra's root,
 *   without extension, e.g. `"providers/readiness/readiness.provider"`.
 */
export function shim(modulePath: string): pulumi.dynamic.ResourceProvider {
  // One object per module: @pulumi/pulumi caches a provider's serialization by object identity, and
  // serializing a closure costs ~30 ms of the program's CPU (1,800 dynamic resources at 200 domains).
  let provider = shims.get(modulePath);
  if (!provider) {
    provider = loader(modulePath, runsAsInstalledPackage);
    shims.set(modulePath, provider);
  }
  return provider;
}

const shims = new Map<string, pulumi.dynamic.ResourceProvider>();

/**
 * The stored copy for one module. Exported for tests only.
 * @param compiled whether the program runs mailinfra's compiled package (see `shim`).
 */
export function loader(modulePath: string, compiled: boolean): pulumi.dynamic.ResourceProvider {
  // Everything the stored copy holds is below, per resource and twice (inputs and outputs): keep it short.
  // MAILINFRA_TRACE=<file> (benchmarks only) appends one JSON line per operation, to tell time spent in
  // mailinfra's providers from time spent in the engine.
  const call = async (op: string, args: unknown[]) => {
    const g = globalThis as { mailinfraTypeScript?: unknown; mailinfraWatchdog?: unknown };
    const path = require("node:path");
    const cwd = process.cwd();
    // The package's entry (its `exports`) sits at the root of its compiled tree.
    const root = compiled ? path.dirname(require.resolve("mailinfra", { paths: [cwd] })) : cwd;
    // Provider processes are plain Node: teach them TypeScript before loading the checkout's modules.
    if (!compiled) g.mailinfraTypeScript ??= require("tsx/cjs/api").register();
    const load = (m: string) => require(path.resolve(root, m));
    // Exit if the engine dies: Pulumi's provider process would otherwise outlive it (kill -9, CI timeout).
    g.mailinfraWatchdog ??= load("providers/engine-watchdog").watchEngine() ?? true;
    const p = load(modulePath).provider;
    const [a, b, c] = args;
    // What Pulumi does when a provider lacks the method.
    const absent: Record<string, unknown> = {
      check: { inputs: b },
      read: { id: a, props: b },
      update: { outs: c },
    };
    const start = Date.now();
    let ok = false;
    try {
      const result = p[op] ? await p[op](...args) : (absent[op] ?? {});
      ok = true;
      return result;
    } finally {
      const file = process.env.MAILINFRA_TRACE;
      const line = { op, type: modulePath, start, end: Date.now(), ok };
      if (file) require("node:fs").appendFileSync(file, `${JSON.stringify(line)}\n`);
    }
  };
  return {
    check: (...args) => call("check", args),
    diff: (...args) => call("diff", args),
    create: (...args) => call("create", args),
    read: (...args) => call("read", args),
    update: (...args) => call("update", args),
    delete: (...args) => call("delete", args),
  };
}
