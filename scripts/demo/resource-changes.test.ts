import type { EngineEvent } from "@pulumi/pulumi/automation";
import { describe, expect, it } from "vitest";
import { resourceChanges, valueChanges } from "./resource-changes";

describe("valueChanges", () => {
  it("names each changed leaf with its path, skips secrets and volatile timestamps", () => {
    expect(
      valueChanges(
        { suspended: false, warmup: { enabled: true, perDay: 40 }, smtp: "[secret]", checkedAt: "t1" },
        { suspended: true, warmup: { enabled: false, perDay: 40 }, smtp: "[secret]", checkedAt: "t2" },
      ),
    ).toEqual(["suspended: false → true", "warmup.enabled: true → false"]);
  });

  it("lists unready records by their label", () => {
    expect(
      valueChanges({ missing: [] }, { missing: [{ record: "TXT _dmarc.a.test", resolvers: [] }] }),
    ).toEqual(["missing: [] → [TXT _dmarc.a.test]"]);
  });
});

describe("resourceChanges", () => {
  const outputs = (op: string, urn: string, before: object, after: object): EngineEvent =>
    ({
      sequence: 1,
      timestamp: 1,
      resOutputsEvent: {
        metadata: {
          op,
          urn,
          type: urn.split("::")[2],
          provider: "",
          old: { outputs: before },
          new: { outputs: after },
        },
      },
    }) as unknown as EngineEvent;

  it("keeps changed resources only, with short types, sorted", () => {
    const changes = resourceChanges(
      [
        outputs(
          "same",
          "urn:pulumi:local::mailinfra::pulumi-nodejs:dynamic/mailinfra:WorkspaceUser::b-user",
          {},
          {},
        ),
        outputs(
          "update",
          "urn:pulumi:local::mailinfra::pulumi-nodejs:dynamic/mailinfra:WorkspaceUser::a-user",
          { suspended: false },
          { suspended: true },
        ),
        outputs("update", "urn:pulumi:local::mailinfra::pulumi:pulumi:Stack::mailinfra-local", {}, { x: 1 }),
      ],
      "finished",
    );
    expect(changes).toEqual([
      { op: "update", type: "WorkspaceUser", name: "a-user", changes: ["suspended: false → true"] },
    ]);
  });
});
