import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, expect, it } from "vitest";
import { FleetRefusedError, fleetSummary, projectStacks, runFleet } from "./run-fleet";

const root = fs.mkdtempSync(path.join(os.tmpdir(), "mailinfra-fleet-"));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));
const stacksDir = path.join(root, "stacks");
fs.mkdirSync(stacksDir);
const declare = (stack: string, ...domains: string[]) =>
  fs.writeFileSync(
    path.join(stacksDir, `Pulumi.${stack}.yaml`),
    `config:\n  mailinfra:domains:\n${domains.map((d) => `    - { name: ${d}, dns: { host: manual, registrar: namecheap } }\n`).join("")}`,
  );
declare("agency-a", "d.com", "x.com");
declare("agency-b", "d.com");
declare("agency-c", "c.com");
declare("agency-d", "x.com");

it("the checks read every stack file of the project, the selected ones first", () => {
  expect(projectStacks(["agency-b"], stacksDir)).toEqual(["agency-b", "agency-a", "agency-c", "agency-d"]);
  expect(projectStacks(["org/agency-c", "agency-a"], stacksDir)).toEqual([
    "org/agency-c",
    "agency-a",
    "agency-b",
    "agency-d",
  ]);
});

it("a domain also declared in a stack left out of --stacks refuses the run; problems among the others do not", async () => {
  const line = { command: "refresh" as const, maxParallel: 1, pulumiArgs: ["--yes"] };
  const refused = await runFleet({ ...line, stacks: ["agency-b"] }, { repoRoot: root, log: () => {} }).catch(
    (error: unknown) => error,
  );
  expect(refused).toBeInstanceOf(FleetRefusedError);
  expect((refused as FleetRefusedError).problems.map((p) => p.domain)).toEqual(["d.com"]);
  expect((refused as Error).message).toContain(
    "1. d.com is declared in 2 stacks: stacks/Pulumi.agency-b.yaml and stacks/Pulumi.agency-a.yaml (stack agency-a is not among --stacks",
  );
  // agency-c shares nothing; it would run (here: fail, this directory is no project), not be refused.
  const result = await runFleet(
    { ...line, stacks: ["agency-c"] },
    { repoRoot: root, log: () => {}, write: { out: () => {}, err: () => {} } },
  );
  expect(result.stacks.map((r) => r.stack)).toEqual(["agency-c"]);
});

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

it("the stacks of one fleet command share a run id (their Smartlead account listing), removed when the fleet ends", async () => {
  const budgetDir = fs.mkdtempSync(path.join(os.tmpdir(), "mailinfra-fleet-budget-"));
  const saved = process.env.MAILINFRA_RATE_BUDGET_DIR;
  process.env.MAILINFRA_RATE_BUDGET_DIR = budgetDir;
  // Each stack's run, standing in for `npm run pulumi`: prints its run id and leaves a listing as a stack's would.
  fs.mkdirSync(path.join(root, "scripts"), { recursive: true });
  fs.writeFileSync(
    path.join(root, "scripts", "pulumi.ts"),
    `import * as fs from "node:fs";
const run: string = process.env.MAILINFRA_FLEET_RUN ?? "none";
console.log("run " + run);
fs.writeFileSync(process.env.MAILINFRA_RATE_BUDGET_DIR + "/smartlead-accounts-" + run + "-" + process.argv[4] + ".json", "{}");
`,
  );
  fs.writeFileSync(path.join(budgetDir, "smartlead-accounts-0123456789abcdef-other.json"), "{}");
  // A listing a killed fleet command left two hours ago.
  const abandoned = path.join(budgetDir, "smartlead-accounts-fedcba9876543210-other.json");
  fs.writeFileSync(abandoned, "{}");
  const twoHoursAgo = new Date(Date.now() - 2 * 60 * 60_000);
  fs.utimesSync(abandoned, twoHoursAgo, twoHoursAgo);
  declare("agency-e", "e.com");
  try {
    const lines: string[] = [];
    const result = await runFleet(
      { command: "refresh", maxParallel: 2, pulumiArgs: ["--yes"], stacks: ["agency-c", "agency-e"] },
      { repoRoot: root, log: () => {}, write: { out: (l) => lines.push(l), err: (l) => lines.push(l) } },
    );
    expect(result.ok, lines.join("\n")).toBe(true);
    const runs = new Set(lines.map((l) => l.match(/run (\w+)/)?.[1]).filter(Boolean));
    expect(runs.size, lines.join("\n")).toBe(1);
    expect([...runs][0]).toMatch(/^[0-9a-f]{16}$/);
    // Only another run's recent listing is left.
    expect(fs.readdirSync(budgetDir)).toEqual(["smartlead-accounts-0123456789abcdef-other.json"]);
  } finally {
    if (saved === undefined) delete process.env.MAILINFRA_RATE_BUDGET_DIR;
    else process.env.MAILINFRA_RATE_BUDGET_DIR = saved;
    fs.rmSync(budgetDir, { recursive: true, force: true });
    fs.rmSync(path.join(root, "scripts"), { recursive: true, force: true });
    fs.rmSync(path.join(stacksDir, "Pulumi.agency-e.yaml"));
  }
});
