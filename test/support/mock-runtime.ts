import * as pulumi from "@pulumi/pulumi";
import { beforeAll } from "vitest";

/**
 * One resource the program registered (or read, `Zone.get`), as the mock resource monitor received it: what
 * Pulumi's mocks see (type, name, inputs, custom, provider, the id read or imported) and the resource options
 * they do not (parent, retainOnDelete, protect, import).
 */
export interface MockedResource extends pulumi.runtime.MockResourceArgs {
  /** `read` for `Resource.get`, `register` for everything constructed. */
  op: "register" | "read";
  /** The parent's URN ("" for none). */
  parent: string;
  /** The `retainOnDelete` option, when set. */
  retainOnDelete?: boolean;
  /** The `protect` option, when set. */
  protect?: boolean;
  /** The `import` option (the id of an existing resource to adopt), when set. */
  importId?: string;
  /** The `aliases` option as the monitor receives it (`{ spec: { name, … } }` each); empty when none. */
  aliases: unknown[];
}

/** What a program did under the mock runtime, in the order it did it. */
export interface MockRuntime {
  /** Every resource registered or read. */
  registered: MockedResource[];
  /** Every provider function invoked (`cloudflare.getZone`, …). */
  calls: pulumi.runtime.MockCallArgs[];
}

export interface MockRuntimeOptions {
  /**
   * The id and state a resource gets, merged over the default.
   * @default `{ id: "<name>-id" }` for custom resources (none for components), state = inputs
   * @example `(args) => args.type.endsWith(":DnsReadiness") ? { state: { ...args.inputs, ready: true } } : undefined`
   */
  newResource?(args: pulumi.runtime.MockResourceArgs): Partial<pulumi.runtime.MockResourceResult> | undefined;
  /**
   * The result of a provider function (a promise, to hold the call in flight).
   * @default `{}`
   */
  call?(args: pulumi.runtime.MockCallArgs): Record<string, unknown> | Promise<Record<string, unknown>>;
}

/** The request half of the resource monitor, which carries the resource options the mocks do not see. */
interface MonitorRequest {
  getParent(): string;
  hasRetainondelete?(): boolean;
  getRetainondelete?(): boolean;
  hasProtect?(): boolean;
  getProtect?(): boolean;
  getImportid?(): string;
  getAliasesList?(): { toObject(): unknown }[];
}
type MonitorCall = (req: MonitorRequest, callback: unknown) => unknown;

/**
 * Pulumi's mock runtime for this test file (project `mailinfra`, stack `test`, not a preview), installed before
 * its tests run, recording every resource and call. The runtime is process-global, so a file uses it once and
 * each test looks at the resources it named (https://www.pulumi.com/docs/iac/concepts/testing/unit/).
 */
export function mockRuntime(options: MockRuntimeOptions = {}): MockRuntime {
  const runtime: MockRuntime = { registered: [], calls: [] };
  // The options of the request being served: the mock monitor calls newResource synchronously with it.
  let request: Omit<MockedResource, keyof pulumi.runtime.MockResourceArgs> | undefined;
  beforeAll(async () => {
    await pulumi.runtime.setMocks(
      {
        newResource(args) {
          runtime.registered.push({ ...args, op: "register", parent: "", aliases: [], ...request });
          request = undefined;
          return {
            id: args.custom ? `${args.name}-id` : undefined,
            state: args.inputs,
            ...options.newResource?.(args),
          };
        },
        call(args) {
          runtime.calls.push(args);
          return options.call?.(args) ?? {};
        },
      },
      "mailinfra",
      "test",
      false,
    );
    // https://www.pulumi.com/docs/reference/pkg/nodejs/pulumi/pulumi/functions/runtime.setMocks.html: the
    // mocks see type, name and inputs only; the monitor's requests carry parent and options too.
    const monitor = pulumi.runtime.getMonitor() as unknown as Record<
      "registerResource" | "readResource",
      MonitorCall
    >;
    for (const method of ["registerResource", "readResource"] as const) {
      const original = monitor[method].bind(monitor);
      monitor[method] = (req, callback) => {
        request = {
          op: method === "readResource" ? "read" : "register",
          parent: req.getParent(),
          retainOnDelete: req.hasRetainondelete?.() ? req.getRetainondelete?.() : undefined,
          protect: req.hasProtect?.() ? req.getProtect?.() : undefined,
          importId: method === "registerResource" ? req.getImportid?.() || undefined : undefined,
          aliases: req.getAliasesList?.().map((alias) => alias.toObject()) ?? [],
        };
        return original(req, callback);
      };
    }
  });
  return runtime;
}
