import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { program } from "../../components/program";
import { type LocalWorld, startLocalWorld } from "../../emulators/local-world";
import { fleet, sendingDomain } from "../support/fleet";
import { type TestStack, testStack } from "../support/stack";
import { upAuthorized } from "./support/authorized-up";
import { reportedIssues } from "./support/reported-issues";

let world: LocalWorld;
let t: TestStack | undefined;
beforeAll(async () => {
  world = await startLocalWorld({ resolverLagsMs: [0] });
});
afterAll(async () => {
  await t?.dispose();
  await world?.stop();
});

describe("campaign preflight under the real engine and index.ts's program", () => {
  it("a stack with existing campaigns previews and ups (one read per run); a campaign deleted later stops the next preview at its line", async () => {
    const smartlead = world.smartlead.state;
    const q3 = smartlead.addCampaign({ name: "Q3 founders", status: "PAUSED" });
    const q4 = smartlead.addCampaign({ name: "Q4 agencies", status: "PAUSED" });
    t = await testStack({
      program,
      config: { ...world.stackConfig(), ...fleet(sendingDomain("cp.test", { campaignIds: [q3.id, q4.id] })) },
    });
    const writes = () => smartlead.calls.filter((c) => c.method !== "GET").length;

    const preview = await t.stack.preview({ color: "never" });
    expect(preview.changeSummary.create).toBeGreaterThanOrEqual(11);
    // One campaign read, and one account listing for the campaign policy (which campaigns each account is in,
    // when its warmup started): read only, as every call of a preview.
    expect(smartlead.callsByRoute()).toEqual({ "GET /campaigns": 1, "GET /email-accounts": 1 });

    // up, both mailboxes sign in at the consent page, up again: one campaign read per run.
    const up = await upAuthorized(t.stack, world, { color: "never", onEvent: world.registrar(200) });
    expect(up.summary.result).toBe("succeeded");
    expect(smartlead.callCount("GET /campaigns")).toBe(3);
    for (const email of ["ana@cp.test", "ben@cp.test"]) {
      const account = smartlead.findByEmail(email);
      expect(account && smartlead.campaignIdsOf(account.id)).toEqual([q3.id, q4.id]);
    }

    // Someone deletes Q4 in Smartlead; the stack YAML still names it.
    smartlead.campaigns.delete(q4.id);
    const writesBefore = writes();
    const failed = await t.stack.preview({ color: "never" }).then(
      () => "",
      (error: Error) => error.message,
    );
    expect(reportedIssues(failed).map((i) => [i.path, i.message])).toEqual([
      [
        "mailinfra:domains[0].smartlead.campaignIds[1]",
        `campaign ${q4.id} does not exist in Smartlead (or this API key cannot see it)`,
      ],
    ]);
    expect(failed).toContain("nothing was created or changed");
    expect(failed).not.toContain(world.smartlead.apiKey);
    expect(writes()).toBe(writesBefore);
  });
});
