import * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import { mockRuntime } from "./mock-runtime";
import { resolved } from "./resolved";

const { registered, calls } = mockRuntime({
  newResource: (args) => (args.name === "ready" ? { state: { ...args.inputs, ready: true } } : undefined),
  call: (args) => ({ answered: args.token }),
});

class Thing extends pulumi.CustomResource {
  declare readonly ready: pulumi.Output<boolean | undefined>;
  declare readonly size: pulumi.Output<number>;
  constructor(name: string, args: { size: number }, opts?: pulumi.CustomResourceOptions) {
    super("test:index:Thing", name, { ...args, ready: undefined }, opts);
  }
}

const mine = (name: string) => registered.filter((r) => r.name === name);

describe("mockRuntime", () => {
  it("gives a custom resource the id <name>-id and its inputs as state, unless the test says otherwise", async () => {
    const plain = new Thing("plain", { size: 1 });
    const ready = new Thing("ready", { size: 2 });
    expect(await resolved(plain.id)).toBe("plain-id");
    expect(await resolved(plain.size)).toBe(1);
    expect(await resolved(plain.ready)).toBeUndefined();
    expect(await resolved(ready.ready)).toBe(true);
  });

  it("records each resource with the options the mocks alone do not see: parent, retainOnDelete, protect, import", async () => {
    const parent = new pulumi.ComponentResource("test:index:Parent", "options-parent");
    const child = new Thing(
      "options-child",
      { size: 3 },
      { parent, retainOnDelete: true, protect: true, import: "existing-7" },
    );
    await resolved(child.urn);
    expect(mine("options-parent")).toMatchObject([{ op: "register", type: "test:index:Parent", parent: "" }]);
    expect(mine("options-child")).toMatchObject([
      {
        op: "register",
        type: "test:index:Thing",
        inputs: { size: 3 },
        parent: await resolved(parent.urn),
        retainOnDelete: true,
        protect: true,
        importId: "existing-7",
      },
    ]);
    const plain = new Thing("options-none", { size: 4 });
    await resolved(plain.urn);
    expect(mine("options-none")).toMatchObject([
      { retainOnDelete: undefined, protect: undefined, importId: undefined },
    ]);
  });

  it("records a read (Resource.get) as a read of that id", async () => {
    const existing = new Thing("read-thing", { size: 0 }, { id: "thing-42" });
    await resolved(existing.urn);
    expect(mine("read-thing")).toMatchObject([{ op: "read", id: "thing-42" }]);
  });

  it("records each provider function call and answers it as the test says", async () => {
    const answer = await pulumi.runtime.invoke("test:index:lookup", { name: "a.test" });
    expect(answer).toEqual({ answered: "test:index:lookup" });
    expect(calls.filter((c) => c.token === "test:index:lookup").map((c) => c.inputs)).toEqual([
      { name: "a.test" },
    ]);
  });
});
