import * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import { parseConfig } from "./parse";

/** How out-of-range values read: numbers, exclusive bounds, texts and lists, as `preview` prints them. */
const manual = { host: "manual", registrar: "other" };
const credentials = {
  google: { adminEmail: "admin@example.com", serviceAccountKey: pulumi.secret("{}") },
  smartlead: { apiKey: pulumi.secret("key") },
};

function issues(raw: Record<string, unknown>) {
  return parseConfig({ ...credentials, ...raw }).issues.map(({ path, message, fix }) => ({
    path,
    message,
    fix,
  }));
}

describe("too small / too big", () => {
  it("a number: the bound and the value as written, and a fix that reads", () => {
    expect(issues({ domains: [{ name: "a.com", dns: manual, ttl: 30 }] })).toEqual([
      {
        path: "mailinfra:domains[0].ttl",
        message: "must be at least 60, not 30",
        fix: "Change `ttl` to 60 or more.",
      },
    ]);
    expect(issues({ domains: [{ name: "a.com", dns: manual, dmarc: { pct: 101 } }] })).toEqual([
      {
        path: "mailinfra:domains[0].dmarc.pct",
        message: "must be at most 100, not 101",
        fix: "Change `pct` to 100 or less.",
      },
    ]);
  });

  it("an exclusive bound says greater than (a campaign id of 0)", () => {
    expect(issues({ domains: [{ name: "a.com", dns: manual, smartlead: { campaignIds: [0] } }] })).toEqual([
      {
        path: "mailinfra:domains[0].smartlead.campaignIds[0]",
        message: "must be greater than 0, not 0",
        fix: "Change `campaignIds` to more than 0.",
      },
    ]);
  });

  it("a text: characters, singular for one, and how long it is", () => {
    const mailbox = { username: "ana", firstName: "", lastName: "Lima" };
    expect(issues({ domains: [{ name: "a.com", dns: manual, mailboxes: [mailbox] }] })).toEqual([
      {
        path: "mailinfra:domains[0].mailboxes[0].firstName",
        message: "must be at least 1 character long (it is empty)",
        fix: "Make `firstName` at least 1 character long.",
      },
    ]);
  });

  it("a list: how many entries it has and how many are needed, in singular or plural", () => {
    expect(issues({ domains: [{ name: "a.com", dns: manual }], readiness: { resolvers: [] } })).toEqual([
      {
        path: "mailinfra:readiness.resolvers",
        message: "has no entries; at least 1 entry is needed",
        fix: "List at least 1 entry under `resolvers`.",
      },
    ]);
    // A list's own message stays; the fix is worded for lists.
    expect(issues({ domains: [] })).toEqual([
      {
        path: "mailinfra:domains",
        message: "lists no domain",
        fix: "List at least 1 entry under `domains`.",
      },
    ]);
  });

  it("never words a fix as 'so it is be' or a value as 'number 0', nor '1 entries'", () => {
    const all = JSON.stringify(
      issues({
        domains: [
          { name: "a.com", dns: manual, ttl: 0, dmarc: { pct: -1 }, smartlead: { campaignIds: [0] } },
          { name: "b.com", dns: { host: "custom", mx: [] } },
        ],
        readiness: { resolvers: [], timeoutMinutes: 0 },
      }),
    );
    expect(all).not.toMatch(/so it is be|so it is have|not number|1 entries|1 characters/);
  });
});
