import type { ConfigMap } from "@pulumi/pulumi/automation";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { program } from "../../components/program";
import { type LocalWorld, startLocalWorld } from "../../emulators/local-world";
import { type TestStack, testStack } from "../support/stack";
import { campaignCases } from "./bad-config/campaigns";
import { firstCases } from "./bad-config/first-cases";
import { healthCases, PLAIN_DQS_KEY } from "./bad-config/health";
import { limitCases } from "./bad-config/limits";
import { nameCases } from "./bad-config/names";
import { namespaceCases } from "./bad-config/namespaces";
import { oauthCases } from "./bad-config/oauth";
import { renameCases } from "./bad-config/renames";
import { type BadConfig, ctx, domain, withDomains } from "./bad-config/support";
import { reportedIssues } from "./support/reported-issues";

/**
 * Bad stack configuration, run through the real engine and the real program against a live local world:
 * `preview` (and `up`, for some) must fail naming the exact config path and a fix, create nothing, and
 * never write to Google or Smartlead (the campaign preflight only reads Smartlead). One stack and one world
 * serve every case; only the config changes.
 * Cases live in test/e2e/bad-config/, one module per topic.
 */

let world: LocalWorld;
let t: TestStack;
/** What the stack's config holds right now, to change only what a case changes. */
let current: ConfigMap = {};

const cases: BadConfig[] = [
  ...firstCases,
  ...limitCases,
  ...nameCases,
  ...namespaceCases,
  ...renameCases,
  ...campaignCases,
  ...oauthCases,
  ...healthCases,
];

/** Brings the stack's config to exactly `next`, touching only keys that change. */
async function useConfig(next: ConfigMap): Promise<void> {
  const stale = Object.keys(current).filter((key) => !(key in next));
  if (stale.length > 0) await t.stack.removeAllConfig(stale);
  const changed = Object.fromEntries(
    Object.entries(next).filter(([key, v]) => JSON.stringify(current[key]) !== JSON.stringify(v)),
  );
  if (Object.keys(changed).length > 0) await t.stack.setAllConfig(changed);
  current = next;
}

async function failure(run: Promise<unknown>): Promise<string> {
  const outcome = await run.then(
    () => undefined,
    (error: unknown) => (error instanceof Error ? error.message : String(error)),
  );
  if (outcome === undefined) throw new Error("the engine accepted a bad configuration");
  return outcome;
}

/** Calls that could change something: any call to Google, a non-GET one to Smartlead. */
function writeCalls() {
  return [...world.google.state.calls, ...world.smartlead.state.calls.filter((c) => c.method !== "GET")];
}

async function mailinfraResources(): Promise<string[]> {
  const state = await t.stack.exportStack();
  const resources: { type: string }[] = state.deployment.resources ?? [];
  return resources.map((r) => r.type).filter((type) => type !== "pulumi:pulumi:Stack");
}

beforeAll(async () => {
  world = await startLocalWorld({ resolverLagsMs: [0] });
  ctx.world = world;
  t = await testStack({ program });
});
afterAll(async () => {
  await t?.dispose();
  await world?.stop();
});

describe("bad stack configuration under the real engine", () => {
  it("the same stack and world accept the valid base configuration: preview plans the whole fleet", async () => {
    await useConfig(withDomains([domain()]));
    const preview = await t.stack.preview({ color: "never" });
    // Stack, MailDomain, WorkspaceDomain, readiness, verification, 2 × (Mailbox, user, Smartlead account), provider.
    expect(preview.changeSummary.create).toBeGreaterThanOrEqual(11);
    expect(await mailinfraResources()).toEqual([]);
  });

  it.each(cases)("rejects it when the user $name", async (bad) => {
    const writesBefore = writeCalls().length;
    await useConfig(bad.config());
    const runs: (() => Promise<unknown>)[] = [() => t.stack.preview({ color: "never" })];
    if (bad.up) runs.push(() => t.stack.up({ color: "never" }));
    for (const run of runs) {
      const text = await failure(run());
      const reported = reportedIssues(text);
      expect(reported.map((i) => i.path).sort()).toEqual(bad.errors.map((e) => e.path).sort());
      for (const expected of bad.errors) {
        expect(
          reported.some((i) => i.path === expected.path && expected.fix.test(i.fix)),
          `a fix for ${expected.path} matching ${expected.fix} in:\n${text}`,
        ).toBe(true);
      }
      expect(text).toContain("nothing was created or changed");
      // Credentials are never echoed, not even when misplaced.
      expect(text).not.toContain(world.smartlead.apiKey);
      expect(text).not.toContain("PRIVATE KEY");
      expect(text).not.toContain(PLAIN_DQS_KEY);
    }
    // A preview never writes resources; an up would have, had the program registered any.
    if (bad.up) expect(await mailinfraResources()).toEqual([]);
    expect(writeCalls()).toHaveLength(writesBefore);
  });

  it("no case left anything in the state, reached Google or wrote to Smartlead", async () => {
    expect(await mailinfraResources()).toEqual([]);
    expect(world.google.state.calls).toEqual([]);
    expect(world.smartlead.state.calls.filter((c) => c.method !== "GET")).toEqual([]);
    expect(cases.length).toBeGreaterThanOrEqual(20);
  });
});
