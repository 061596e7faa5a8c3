import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkBlocklists } from "../health/blocklists";
import { type LocalWorld, startLocalWorld } from "./local-world";

let world: LocalWorld;
const resolverLagsMs = [0, 400];
beforeAll(async () => {
  world = await startLocalWorld({ resolverLagsMs });
  // The listings are published as the world starts; a lagging resolver serves them its lag later (a query sooner
  // on a fast machine read "clean" through the second resolver).
  await new Promise((resolve) => setTimeout(resolve, Math.max(...resolverLagsMs) + 100));
});
afterAll(async () => {
  await world?.stop();
});

/** The resolvers the local stack's readiness (and so its health check) asks. */
function resolvers(): string[] {
  const readiness = world.stackConfig()["mailinfra:readiness"]!;
  return JSON.parse(readiness.value).resolvers;
}

const domains = (...names: string[]) =>
  names.map((target) => ({ target, kind: "domain" as const, role: "domain" as const }));

describe("the local world's blocklists", () => {
  it("list the demo domain getacme.test on Spamhaus DBL, seen through every resolver of the stack", async () => {
    for (const resolver of resolvers()) {
      const findings = await checkBlocklists(domains("getacme.test", "acme-outreach.test"), {
        resolvers: [resolver],
      });
      const status = Object.fromEntries(findings.map((f) => [`${f.list} ${f.target}`, f.status]));
      expect(status).toEqual({
        "Spamhaus DBL getacme.test": "listed",
        "SURBL multi getacme.test": "clean",
        "URIBL multi getacme.test": "clean",
        "Spamhaus DBL acme-outreach.test": "clean",
        "SURBL multi acme-outreach.test": "clean",
        "URIBL multi acme-outreach.test": "clean",
      });
    }
  });

  it("let a test list, refuse and unlist through world.dnsbl", async () => {
    world.dnsbl.list("SURBL multi", "acme-outreach.test", "127.0.0.32");
    world.dnsbl.answerEveryQuery("Spamhaus DBL", "127.255.255.254");
    try {
      const findings = await checkBlocklists(domains("acme-outreach.test"), { resolvers: [resolvers()[0]!] });
      expect(findings.map((f) => [f.list, f.status])).toEqual([
        ["Spamhaus DBL", "unknown"],
        ["SURBL multi", "listed"],
        ["URIBL multi", "clean"],
      ]);
    } finally {
      world.dnsbl.unlist("SURBL multi", "acme-outreach.test");
      world.dnsbl.answerEveryQuery("Spamhaus DBL", undefined);
    }
  });

  it("start with every list clean when told to", async () => {
    const clean = await startLocalWorld({ resolverLagsMs: [0], dblListed: [] });
    try {
      const address = JSON.parse(clean.stackConfig()["mailinfra:readiness"]!.value).resolvers[0];
      const findings = await checkBlocklists(domains("getacme.test"), { resolvers: [address] });
      expect(findings.every((f) => f.status === "clean")).toBe(true);
    } finally {
      await clean.stop();
    }
  });
});
