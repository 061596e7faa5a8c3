import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../components/config/load";
import { planRecords } from "../../components/dns/record-set";
import { MailDomain } from "../../components/mail-domain";
import { type DnsWorld, startDnsWorld } from "../../emulators/dns";
import { domainConfig } from "../support/config";
import { type DomainEntry, fleet } from "../support/fleet";
import { testStack } from "../support/stack";
import { Stamp } from "./fixtures/stamp";

const lags = { near: 0, far: 1200 };
const domain: DomainEntry = { name: "gate.test", dns: { host: "manual", registrar: "porkbun" } };
let world: DnsWorld;

beforeAll(async () => {
  world = await startDnsWorld({
    resolvers: [
      { name: "near", lagMs: lags.near },
      { name: "far", lagMs: lags.far },
    ],
  });
  world.zones.addZone("gate.test");
});
afterAll(() => world?.stop());

describe("a manual-DNS domain under the real engine", () => {
  it("creates what depends on DNS only after every record is visible on the quorum, and within 2 s of it", async () => {
    const t = await testStack({
      config: {
        ...fleet(domain),
        "mailinfra:readiness": {
          value: JSON.stringify({
            resolvers: world.resolvers.map((r) => r.address),
            quorum: "all",
            timeoutMinutes: 2,
          }),
        },
      },
      program: async () => {
        const config = loadConfig();
        const mail = new MailDomain("gate.test", { domain: config.domains[0], readiness: config.readiness });
        const after = new Stamp("after-dns", { dependsOn: [mail.readiness] });
        return { createdAt: after.createdAt, ready: mail.ready };
      },
    });
    try {
      // The registrar: a person creates the records 3 s into `up`.
      let visibleOnQuorumAt = 0;
      const publish = setTimeout(() => {
        world.zones.addMail(...expectedRecords());
        visibleOnQuorumAt = Date.now() + Math.max(lags.near, lags.far);
      }, 3000);

      const up = await t.stack.up({ color: "never" });
      clearTimeout(publish);
      expect(up.summary.resourceChanges).toEqual({ create: 4 });
      expect(up.outputs.ready.value).toBe(true);
      const createdAt = up.outputs.createdAt.value as number;
      expect(visibleOnQuorumAt).toBeGreaterThan(0);
      expect(createdAt).toBeGreaterThanOrEqual(visibleOnQuorumAt);
      expect(createdAt - visibleOnQuorumAt).toBeLessThanOrEqual(2000);

      // A record deleted by hand: refresh sees it, and the next up waits again until it is back.
      world.zones.remove("_dmarc.gate.test", "TXT");
      await new Promise((r) => setTimeout(r, lags.far + 200));
      const refresh = await t.stack.refresh({ color: "never" });
      expect(refresh.summary.resourceChanges?.update).toBe(1);
      const drift = await t.stack.preview({ color: "never" });
      expect(drift.changeSummary.update).toBe(1);

      setTimeout(() => world.zones.addMail(...expectedRecords().filter((r) => r.purpose === "dmarc")), 1500);
      const restore = await t.stack.up({ color: "never" });
      expect(restore.summary.resourceChanges?.update).toBe(1);
      expect(restore.outputs.ready.value).toBe(true);
    } finally {
      await t.dispose();
    }
  });
});

/** What the registrar must serve: the same records mailinfra derives from the same configuration. */
function expectedRecords() {
  return planRecords(domainConfig(domain));
}
