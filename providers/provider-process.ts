import * as fs from "node:fs";
import * as path from "node:path";
import type * as pulumi from "@pulumi/pulumi";
import { receiveStackConfig } from "./credentials";
import { watchEngine } from "./engine-watchdog";

/**
 * What a stored loader (./shim.ts) hands over to, in the engine's dynamic-provider process: everything of a
 * dynamic provider that is not stored in the state. A fix here reaches every resource, created before or after.
 *
 * Pulumi's dynamic-provider host calls a stored provider's `configure` once per stored copy and process, before
 * any other operation, and only then looks the operations up on the object (@pulumi/pulumi
 * cmd/dynamic-provider/index.js, `getProvider`): so the stored copy holds `configure` alone, and `configure`
 * installs the operations below on it.
 */

/** mailinfra's root: the checkout (run through tsx) or the installed package's compiled tree. */
const root = path.resolve(__dirname, "..");

/** The operations Pulumi's host looks up on a dynamic provider. */
const OPERATIONS = ["check", "diff", "create", "read", "update", "delete"] as const;
type Operation = (typeof OPERATIONS)[number];

/**
 * Called by a stored loader's `configure`: takes the credentials from the stack configuration the engine passed,
 * starts the engine watchdog once per process, and installs the operations of `modulePath` on `stored`.
 * @param modulePath module exporting `provider`, relative to mailinfra's root, without extension.
 */
export function host(stored: object, modulePath: string, request: pulumi.dynamic.ConfigureRequest): void {
  // Exit if the engine dies: Pulumi's provider process would otherwise outlive it (kill -9, CI timeout). The global
  // is shared with loaders stored by earlier versions, which start the same watchdog.
  const g = globalThis as { mailinfraWatchdog?: unknown };
  g.mailinfraWatchdog ??= watchEngine() ?? true;
  receiveStackConfig(request.config);
  Object.assign(stored, operations(modulePath));
}

/**
 * The provider of `modulePath`, loaded at call time (a module's own cache makes that a lookup), each operation
 * traced when MAILINFRA_TRACE names a file (benchmarks: one JSON line per operation, to tell time spent in
 * mailinfra's providers from time spent in the engine; bench/provider-trace.ts reads it).
 */
export function operations(modulePath: string): Record<Operation, (...args: unknown[]) => Promise<unknown>> {
  const call = async (op: Operation, args: unknown[]) => {
    const p = require(path.resolve(root, modulePath)).provider as Record<string, unknown>;
    const method = p[op] as ((...a: unknown[]) => Promise<unknown>) | undefined;
    const start = Date.now();
    let ok = false;
    try {
      const result = method ? await method(...args) : absent(op, args);
      ok = true;
      return result;
    } finally {
      const file = process.env.MAILINFRA_TRACE;
      const line = { op, type: modulePath, start, end: Date.now(), ok };
      if (file) fs.appendFileSync(file, `${JSON.stringify(line)}\n`);
    }
  };
  return Object.fromEntries(OPERATIONS.map((op) => [op, (...args: unknown[]) => call(op, args)])) as Record<
    Operation,
    (...args: unknown[]) => Promise<unknown>
  >;
}

/** What Pulumi's host does when a provider lacks the method. */
function absent(op: Operation, [a, b, c]: unknown[]): unknown {
  if (op === "check") return { inputs: b };
  if (op === "read") return { id: a, props: b };
  if (op === "update") return { outs: c };
  return {};
}
