import type * as pulumi from "@pulumi/pulumi";

/**
 * The part of a dynamic provider that Pulumi serializes into the state: a loader, nothing else.
 *
 * Pulumi stores a dynamic provider's code with every resource and runs that stored copy on `refresh` and
 * `destroy` (pulumi/pulumi#6490, #9085). So the stored copy only names the module that implements the provider,
 * relative to the project directory (where the engine starts provider processes), and loads it at call time:
 * a fix to the module reaches resources created before it, and the state stays a few hundred bytes per resource.
 *
 * @param modulePath module exporting `provider: pulumi.dynamic.ResourceProvider`, relative to the project root,
 *   without extension, e.g. `"providers/readiness/readiness.provider"`.
 */
export function shim(modulePath: string): pulumi.dynamic.ResourceProvider {
  const load = (): pulumi.dynamic.ResourceProvider => {
    // Provider processes are plain Node: teach them TypeScript before loading project modules.
    const g = globalThis as { mailinfraTypeScript?: unknown };
    g.mailinfraTypeScript ??= require("tsx/cjs/api").register();
    return require(require("node:path").resolve(process.cwd(), modulePath)).provider;
  };
  return {
    check: async (olds, news) => {
      const p = load();
      return p.check ? p.check(olds, news) : { inputs: news };
    },
    diff: async (id, olds, news) => {
      const p = load();
      return p.diff ? p.diff(id, olds, news) : {};
    },
    create: async (inputs) => load().create(inputs),
    read: async (id, props) => {
      const p = load();
      return p.read ? p.read(id, props) : { id, props };
    },
    update: async (id, olds, news) => {
      const p = load();
      return p.update ? p.update(id, olds, news) : { outs: news };
    },
    delete: async (id, props) => {
      const p = load();
      if (p.delete) await p.delete(id, props);
    },
  };
}
