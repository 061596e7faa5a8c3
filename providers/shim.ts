import type * as pulumi from "@pulumi/pulumi";
import { runsAsInstalledPackage } from "./installed-package";

/**
 * The part of a dynamic provider that Pulumi serializes into the state: a loader, nothing else.
 *
 * Pulumi stores a dynamic provider's code with every resource and runs that stored copy on `refresh` and
 * `destroy` (pulumi/pulumi#6490, #9085). So the stored copy only names the module that implements the provider
 * and loads it at call time: a fix to the module reaches resources created before it, and the state stays a few
 * hundred bytes per resource. Since it also takes the stack's credentials (providers/credentials.ts), it is a
 * `configure` that hands over to providers/provider-process.ts; copies stored before that (all six operations, each
 * loading the module itself) still work, as long as the modules they name stay where they are.
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
 * The stored copy for one module: `configure` alone, which finds mailinfra and hands over to
 * providers/provider-process.ts, which installs the operations. Pulumi's host calls `configure` before any
 * operation (see there). Exported for tests only.
 * @param compiled whether the program runs mailinfra's compiled package (see `shim`).
 */
export function loader(modulePath: string, compiled: boolean): pulumi.dynamic.ResourceProvider {
  // The body of `configure` is stored per resource and twice (inputs and outputs), comments included: each kind of
  // program gets only its own branch, and the comments stay here. A checkout's provider process is plain Node, so it
  // learns TypeScript (tsx) before loading the checkout's modules; a package's entry (its `exports`) sits at the
  // root of its compiled tree.
  const stored = compiled
    ? {
        async configure(this: object, request: pulumi.dynamic.ConfigureRequest) {
          const main = require.resolve("mailinfra", { paths: [process.cwd()] });
          require(`${require("node:path").dirname(main)}/providers/provider-process`).host(
            this,
            modulePath,
            request,
          );
        },
      }
    : {
        async configure(this: object, request: pulumi.dynamic.ConfigureRequest) {
          const g = globalThis as { mailinfraTypeScript?: unknown };
          g.mailinfraTypeScript ??= require("tsx/cjs/api").register();
          require(`${process.cwd()}/providers/provider-process`).host(this, modulePath, request);
        },
      };
  // The operations exist once `configure` has run, which is how Pulumi's host uses every provider.
  return stored as unknown as pulumi.dynamic.ResourceProvider;
}
