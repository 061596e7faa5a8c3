import { expect, it } from "vitest";
import { fleetSummary } from "./run-fleet";

it("the summary says per stack ok or failed, how long, what changed, and how to rerun a failed one alone", () => {
  const summary = fleetSummary("up", {
    ok: false,
    notStarted: ["agency-c"],
    stacks: [
      {
        stack: "agency-a",
        commandLine: "npm run pulumi -- up --stack agency-a --yes",
        ok: true,
        code: 0,
        seconds: 41.25,
        changes: { changed: ["+7 created"], unchanged: 1 },
      },
      {
        stack: "agency-b",
        commandLine: "npm run pulumi -- up --stack agency-b --yes",
        ok: false,
        code: 255,
        seconds: 3,
      },
    ],
  });
  expect(summary.split("\n")).toEqual([
    "fleet up: 1 of 3 stacks ok, 1 failed (agency-b)",
    "  agency-a  ok        41.3 s  +7 created",
    "  agency-b  failed     3.0 s  -  (exit 255; alone: npm run pulumi -- up --stack agency-b --yes)",
    "  agency-c  not started (the fleet was stopped)",
  ]);
});
