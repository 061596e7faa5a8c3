import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readDmarcReports } from "../health/dmarc-reports";
import { LOCAL_DMARC_REPORTS, type LocalWorld, startLocalWorld } from "./local-world";

let world: LocalWorld;
beforeAll(async () => {
  world = await startLocalWorld({ resolverLagsMs: [0] });
});
afterAll(async () => {
  await world?.stop();
});

describe("the local world's DMARC reports", () => {
  it("are readable with the world's service-account key once up has created the reports mailbox", async () => {
    const read = () =>
      readDmarcReports({
        mailbox: LOCAL_DMARC_REPORTS.mailbox,
        serviceAccountKey: world.serviceAccountKey,
        rootUrl: world.google.url,
        onRejected: (r) => {
          throw new Error(`rejected: ${r.reason}`);
        },
      });
    // Before `up`, the mailbox does not exist: Google refuses to act as it.
    await expect(read()).rejects.toThrow(/is not an active user.*npm run pulumi -- up/);
    // What the stack's WorkspaceUser creates (components/dmarc-reports-mailbox.ts).
    world.google.state.addDomain(world.google.customerId, "acme-outreach.test", { verified: true });
    world.google.state.addUser({
      customerId: world.google.customerId,
      primaryEmail: LOCAL_DMARC_REPORTS.mailbox,
      givenName: "DMARC",
      familyName: "Reports",
      password: "not-used-by-anyone-1",
    });
    const summaries = await read();
    expect([...summaries.keys()].sort()).toEqual([...LOCAL_DMARC_REPORTS.domains].sort());
    expect(LOCAL_DMARC_REPORTS.domains.map((d) => summaries.get(d)?.reporters)).toEqual([
      ["google.com"],
      ["Yahoo"],
      ["Outlook.com"],
    ]);
    const acme = summaries.get("acme-outreach.test")!;
    expect(acme.failingSources).toEqual([{ sourceIp: "203.0.113.7", messages: 6, dmarcPass: false }]);
    // Few enough failures that the health score (at most 10 % failing, health/score.ts) costs nothing.
    expect(acme.dmarcPassRate).toBeGreaterThan(0.9);
  });
});
