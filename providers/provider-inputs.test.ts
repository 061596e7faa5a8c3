import { unknownValue } from "@pulumi/pulumi/runtime/rpc";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import {
  changed,
  checkInputs,
  containsUnknown,
  isUnknown,
  parseChecked,
  validateInputs,
} from "./provider-inputs";

const schema = z.object({
  name: z.string().min(1, "must not be empty"),
  port: z.number().int().max(65535, "is at most 65535").default(25),
  login: z.object({ host: z.string().min(1, "must not be empty"), user: z.string() }),
  tags: z.array(z.string().min(1, "must not be empty")).default([]),
});

describe("Pulumi's unknown value", () => {
  it("is the SDK's own marker, found at any depth", () => {
    expect(isUnknown(unknownValue)).toBe(true);
    expect(isUnknown("04da6b54")).toBe(false);
    expect(containsUnknown({ a: [1, { b: unknownValue }] })).toBe(true);
    expect(containsUnknown({ a: [1, { b: "known" }] })).toBe(false);
  });

  it("counts as changed; known values compare by content, whatever the key order", () => {
    expect(changed("x", unknownValue)).toBe(true);
    expect(changed({ a: 1, b: 2 }, { b: 2, a: 1 })).toBe(false);
    expect(changed(undefined, null)).toBe(false);
    expect(changed(1, 2)).toBe(true);
  });
});

describe("validateInputs", () => {
  const valid = { name: "ana", login: { host: "smtp.example.com", user: "ana" } };

  it("fills in defaults and keeps only declared inputs", () => {
    const { inputs, failures } = validateInputs(schema, { ...valid, retry: { initialDelayMs: 5 } });
    expect(failures).toEqual([]);
    expect(inputs).toEqual({ ...valid, port: 25, tags: [] });
  });

  it("names the top-level input, the whole path leading the reason, and never quotes the value", () => {
    const { inputs, failures } = validateInputs(schema, {
      ...valid,
      port: 70000,
      login: { host: "", user: "s3cret" },
      tags: ["a", ""],
    });
    expect(inputs).toBeUndefined();
    expect(failures).toEqual([
      { property: "port", reason: "port: is at most 65535" },
      { property: "login", reason: "login.host: must not be empty" },
      { property: "tags", reason: "tags[1]: must not be empty" },
    ]);
    expect(JSON.stringify(failures)).not.toContain("s3cret");
  });

  it("names the whole path when asked to", () => {
    const { failures } = validateInputs(
      schema,
      { ...valid, login: { host: "", user: "ana" } },
      { property: "path" },
    );
    expect(failures).toEqual([{ property: "login.host", reason: "login.host: must not be empty" }]);
  });

  it("does not report values Pulumi does not know yet, nor anything inside them, but reports known ones", () => {
    const preview = validateInputs(schema, { name: unknownValue, port: unknownValue, login: unknownValue });
    expect(preview).toEqual({ failures: [] });
    const mixed = validateInputs(schema, {
      ...valid,
      login: { host: unknownValue, user: "ana" },
      port: 70000,
    });
    expect(mixed.failures.map((f) => f.property)).toEqual(["port"]);
  });

  it("does not report inputs whose schema was chosen by a value not known yet", () => {
    const undecided = { decidedBy: "name", inputs: ["login"] };
    expect(validateInputs(schema, { name: unknownValue }, { undecided }).failures).toEqual([]);
    expect(validateInputs(schema, { name: "ana" }, { undecided }).failures.map((f) => f.property)).toEqual([
      "login",
    ]);
  });
});

describe("checkInputs and parseChecked", () => {
  it("check returns the parsed inputs, or the inputs as given with the failures on known values", () => {
    const good = { name: "ana", login: { host: "h", user: "u" } };
    expect(checkInputs(schema, good)).toEqual({ inputs: { ...good, port: 25, tags: [] } });
    const preview = { name: "ana", login: unknownValue };
    expect(checkInputs(schema, preview)).toEqual({ inputs: preview });
    const bad = { name: "", login: unknownValue };
    expect(checkInputs(schema, bad)).toEqual({
      inputs: bad,
      failures: [{ property: "name", reason: "name: must not be empty" }],
    });
  });

  it("parseChecked throws naming the resource and every problem", () => {
    expect(() => parseChecked(schema, { name: "", login: { host: "", user: "u" } }, "Thing")).toThrow(
      "Thing: invalid inputs: name: must not be empty; login.host: must not be empty",
    );
  });
});
