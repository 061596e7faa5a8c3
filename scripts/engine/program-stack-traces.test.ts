import { afterEach, describe, expect, it } from "vitest";
import { withoutPerResourceStackTraces, withRegisteringFrameOnly } from "./program-stack-traces";

/** A stand-in for @pulumi/pulumi's runtime/debuggable module: keeps the stack it formats, as the SDK does. */
function sdkModule(debugPromiseLeaks = false) {
  const stacks: string[] = [];
  return {
    stacks,
    debugPromiseLeaks,
    debuggablePromise(p: Promise<unknown>, _ctx: unknown) {
      stacks.push(new Error().stack ?? "");
      return p;
    },
  };
}

const wasEnabled = process.sourceMapsEnabled;
afterEach(() => process.setSourceMapsEnabled(wasEnabled));

describe("withoutPerResourceStackTraces", () => {
  it("turns source maps off and takes no stack for the promises the SDK tracks, keeping what they resolve to", async () => {
    process.setSourceMapsEnabled(true);
    const sdk = sdkModule();
    withoutPerResourceStackTraces(sdk);
    expect(process.sourceMapsEnabled).toBe(false);
    await expect(sdk.debuggablePromise(Promise.resolve(42), "ctx")).resolves.toBe(42);
    // The message line alone: no frame was formatted.
    expect(sdk.stacks.map((stack) => stack.split("\n").length)).toEqual([1]);
    // Stack traces elsewhere are whole.
    expect(new Error().stack?.split("\n").length).toBeGreaterThan(1);
  });

  it("keeps the stacks when PULUMI_DEBUG_PROMISE_LEAKS asked for them (the SDK prints them then)", () => {
    const sdk = sdkModule(true);
    withoutPerResourceStackTraces(sdk);
    void sdk.debuggablePromise(Promise.resolve(), "ctx");
    expect(sdk.stacks[0]?.split("\n").length).toBeGreaterThan(1);
  });

  it("wraps once however often it is called", () => {
    const sdk = sdkModule();
    withoutPerResourceStackTraces(sdk);
    const once = sdk.debuggablePromise;
    withoutPerResourceStackTraces(sdk);
    expect(sdk.debuggablePromise).toBe(once);
  });

  it("the SDK that runs the program has the function it wraps (@pulumi/pulumi runtime/debuggable)", () => {
    const debuggable = require("@pulumi/pulumi/runtime/debuggable");
    expect(typeof debuggable.debuggablePromise).toBe("function");
  });
});

describe("withRegisteringFrameOnly", () => {
  /** A stand-in for @pulumi/pulumi's Resource class: the frames above the registering one, as the SDK gives them. */
  function sdkResourceModule() {
    return {
      Resource: {
        stackTrace: (skip: number) =>
          // The SDK counts frames from its own call: the wrapper that calls it is one of them.
          ["the wrapper", "mailbox.ts", "mail-domain.ts", "program.ts", "index.ts"]
            .slice(skip)
            .map((uri) => ({ uri })),
      },
    };
  }

  it("sends the registering frame alone, and nothing when there is none", () => {
    const sdk = sdkResourceModule();
    withRegisteringFrameOnly(sdk);
    expect(sdk.Resource.stackTrace(0)).toEqual([{ uri: "mailbox.ts" }]);
    expect(sdk.Resource.stackTrace(1)).toEqual([{ uri: "mail-domain.ts" }]);
    expect(sdk.Resource.stackTrace(4)).toEqual([]);
    const once = sdk.Resource.stackTrace;
    withRegisteringFrameOnly(sdk);
    expect(sdk.Resource.stackTrace).toBe(once);
  });

  it("with the real SDK, the one frame sent is the source position the SDK would have sent", () => {
    // As in @pulumi/pulumi resource.js: `new Resource` takes `Resource.stackTrace(4)` under `new CustomResource`,
    // under the resource's own class, under the line that creates the resource.
    const { Resource } = require("@pulumi/pulumi/resource");
    const original = Resource.stackTrace;
    const resourceConstructor = () => Resource.stackTrace(4);
    const customResourceConstructor = () => resourceConstructor();
    const resourceClass = () => customResourceConstructor();
    const createdHere = () => resourceClass();
    try {
      const full = createdHere();
      expect(full.length).toBeGreaterThan(1);
      withRegisteringFrameOnly({ Resource });
      const one = createdHere();
      expect(one).toEqual([full[0]]);
      expect(one[0].uri).toContain("program-stack-traces.test.ts");
    } finally {
      Resource.stackTrace = original;
    }
  });

  it("the SDK that runs the program takes a resource's frames with Resource.stackTrace (@pulumi/pulumi resource.js)", () => {
    const { Resource } = require("@pulumi/pulumi/resource");
    expect(typeof Resource.stackTrace).toBe("function");
    // Called from the constructor as `Resource.stackTrace(4)`: the class's own property, which the host replaces.
    expect(Object.hasOwn(Resource, "stackTrace")).toBe(true);
    expect(require("node:fs").readFileSync(require.resolve("@pulumi/pulumi/resource"), "utf8")).toContain(
      "const stackTrace = Resource.stackTrace(4);",
    );
  });
});
