import { describe, expect, it } from "vitest";
import { splitIntoStacks } from "./fleet-stacks";

describe("splitIntoStacks", () => {
  it("keeps every domain once, in order, in stacks of K (the last holds the rest)", () => {
    const domains = Array.from({ length: 11 }, (_, i) => `d${i}`);
    const stacks = splitIntoStacks(domains, 5);
    expect(stacks.map((s) => s.length)).toEqual([5, 5, 1]);
    expect(stacks.flat()).toEqual(domains);
    expect(splitIntoStacks(domains, 100)).toEqual([domains]);
  });

  it("refuses a stack size that holds no domain", () => {
    expect(() => splitIntoStacks(["a"], 0)).toThrow(/at least one domain/);
  });
});
