import { describe, expect, it } from "vitest";
import type { FoundValue, Observation } from "../providers/readiness/observation";
import { agreedObservation, NoQuorumAnswer } from "./quorum-resolver";

const txt = (value: string): Observation => ({
  kind: "records",
  values: [{ type: "TXT", strings: [value] }],
});
const failure: Observation = { kind: "failure", code: "ETIMEOUT" };

describe("agreedObservation", () => {
  it("takes the answer enough resolvers agree on, whatever order they list records in", () => {
    const values: FoundValue[] = [
      { type: "MX", priority: 1, exchange: "a" },
      { type: "MX", priority: 5, exchange: "b" },
    ];
    const two: Observation = { kind: "records", values };
    const reversed: Observation = { kind: "records", values: [...values].reverse() };
    expect(agreedObservation([two, reversed, failure], 2)).toEqual(two);
    expect(agreedObservation([{ kind: "nxdomain" }, { kind: "nxdomain" }, txt("x")], 2)).toEqual({
      kind: "nxdomain",
    });
  });

  it("gives no answer when resolvers disagree (a change still propagating) or too few answered", () => {
    const disagree = agreedObservation([txt("old"), txt("new")], 2);
    expect(disagree).toBeInstanceOf(NoQuorumAnswer);
    expect((disagree as Error).message).toMatch(/disagree/);
    const silent = agreedObservation([txt("x"), failure, failure], 2);
    expect(silent).toBeInstanceOf(NoQuorumAnswer);
    expect((silent as Error).message).toBe("only 1 of 3 resolvers answered (2 must): ETIMEOUT");
  });
});
