import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { aggregateReportMail } from "../../emulators/google/dmarc-report-mail";
import { type LocalWorld, startLocalWorld } from "../../emulators/local-world";
import { readDmarcReports } from "../../health/dmarc-reports";
import { fleet, sendingDomain } from "../support/fleet";
import { testStack } from "../support/stack";
import { changeLog } from "./support/changes";
import { mailinfraProgram } from "./support/program";

let world: LocalWorld;
beforeAll(async () => {
  world = await startLocalWorld({ resolverLagsMs: [0, 300], dmarcReports: false });
});
afterAll(() => world?.stop());

const MAILBOX = "dmarc-reports@reports-a.test";
const served = (name: string) =>
  world.dns.zones
    .current()
    .filter((r) => r.name === name && r.type === "TXT")
    .map((r) => (r.type === "TXT" ? r.strings.join("") : ""));

describe("the DMARC reports mailbox under the real engine", () => {
  it("is created and published by up, read by the health reader, and suspended with its mail when the setting goes", async () => {
    const domains = [
      sendingDomain("reports-a.test", { mailboxes: 1 }),
      sendingDomain("reports-b.test", { mailboxes: 1 }),
    ];
    const t = await testStack({
      program: mailinfraProgram(),
      config: {
        ...world.stackConfig(),
        ...fleet(...domains),
        "mailinfra:dmarcReports": { value: JSON.stringify({ mailbox: MAILBOX }) },
      },
    });
    const registrar = world.registrar(300);
    // Each up as a person runs it with manual DNS: the registrar publishes what the gates wait for.
    const up = async () => {
      const log = changeLog();
      const result = await t.stack.up({
        color: "never",
        onEvent: (event) => {
          log.onEvent(event);
          registrar(event);
        },
      });
      return { result, changes: log.changes() };
    };
    try {
      const created = await up();
      expect(created.changes).toContain(`create WorkspaceUser ${MAILBOX}-dmarc-reports`);
      expect(world.google.state.getUser(MAILBOX)?.suspended).toBe(false);
      // A Workspace user only: the sending mailboxes wait to join Smartlead (OAuth), the reports mailbox never does.
      expect(world.smartlead.state.findByEmail(MAILBOX)).toBeUndefined();
      const pending = created.result.outputs.pendingAuthorizations.value as { address: string }[];
      expect(pending.map((p) => p.address).sort()).toEqual(["ana@reports-a.test", "ana@reports-b.test"]);
      // Both domains send their reports there; reports-a.test authorizes reports-b.test's (RFC 7489 §7.1).
      for (const domain of ["reports-a.test", "reports-b.test"]) {
        expect(served(`_dmarc.${domain}`)).toEqual([
          `v=DMARC1; p=none; rua=mailto:${MAILBOX}; adkim=r; aspf=r`,
        ]);
      }
      expect(served("reports-b.test._report._dmarc.reports-a.test")).toEqual(["v=DMARC1"]);

      // A receiver's report arrives; the health reader reads it with the world's key (README's delegation list).
      const yesterday = new Date(Date.now() - 86_400_000);
      world.google.state.gmail.deliver(
        MAILBOX,
        aggregateReportMail("google", MAILBOX, {
          domain: "reports-b.test",
          reportId: "e2e-1",
          begin: yesterday,
          end: new Date(),
          rows: [{ sourceIp: "209.85.220.41", count: 25, dkim: "pass", spf: "pass" }],
        }),
      );
      const summaries = await readDmarcReports({
        mailbox: MAILBOX,
        serviceAccountKey: world.serviceAccountKey,
        rootUrl: world.google.url,
      });
      expect(summaries.get("reports-b.test")).toMatchObject({ reports: 1, messages: 25, dmarcPassRate: 1 });

      // The setting is removed: the user is suspended (onDelete: suspend, the default), its reports kept.
      await t.stack.removeConfig("mailinfra:dmarcReports");
      // With manual DNS the person replaces each _dmarc record at the registrar as up prints it: the old ones go.
      for (const domain of ["reports-a.test", "reports-b.test"])
        world.dns.zones.remove(`_dmarc.${domain}`, "TXT");
      const removed = await up();
      expect(removed.changes).toContain(`delete WorkspaceUser ${MAILBOX}-dmarc-reports`);
      expect(world.google.state.getUser(MAILBOX)?.suspended).toBe(true);
      expect(world.google.state.gmail.messages(MAILBOX)).toHaveLength(1);
      // And the domains no longer publish an address nobody reads.
      const records = removed.result.outputs.domains.value["reports-b.test"].records as {
        purpose: string;
        content: string;
      }[];
      expect(records.filter((r) => r.purpose.startsWith("dmarc")).map((r) => r.content)).toEqual([
        "v=DMARC1; p=none; adkim=r; aspf=r",
      ]);
    } finally {
      await t.dispose();
    }
  });
});
