import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isMisspelledNamespace, misplacedKeyIssue, unknownKeyIssue } from "./config-keys";

describe("misplacedKeyIssue", () => {
  it.each([
    ["mailinfa:defaults", "mailinfra:defaults"],
    ["mailinfra-:domains", "mailinfra:domains"],
    ["mailnfra:domains", "mailinfra:domains"],
    ["Mailinfra:domains", "mailinfra:domains"],
    ["MAILINFRA:readiness", "mailinfra:readiness"],
    ["mail-infra:smartlead", "mailinfra:smartlead"],
    ["mialinfra:google", "mailinfra:google"],
    ["mailinfa:domain", "mailinfra:domains"],
  ])("flags %s, a misspelled namespace, with the key to write (%s)", (key, fix) => {
    const issue = misplacedKeyIssue(key);
    expect(issue).toMatchObject({ severity: "error", path: key });
    expect(issue?.message).toContain("mailinfra never reads it");
    expect(issue?.fix).toContain(`\`${fix}\``);
  });

  it("flags an unknown key under a misspelled namespace, listing what mailinfra reads", () => {
    const issue = misplacedKeyIssue("mailinfa:colour");
    expect(issue?.path).toBe("mailinfa:colour");
    expect(issue?.fix).toContain("mailinfra:domains");
  });

  it.each([
    ["pulumi:domains", "mailinfra:domains"],
    ["cloudflare:domains", "mailinfra:domains"],
    ["aws:defaults", "mailinfra:defaults"],
    ["acme-outreach:domains", "mailinfra:domains"],
    ["gcp:Smartlead", "mailinfra:smartlead"],
  ])("flags %s, a mailinfra key under another namespace, with %s", (key, fix) => {
    const issue = misplacedKeyIssue(key);
    expect(issue).toMatchObject({ severity: "error", path: key });
    expect(issue?.message).toContain("under the namespace");
    expect(issue?.fix).toContain(`\`${fix}\``);
  });

  it.each([
    "cloudflare:apiToken",
    "cloudflare:apiKey",
    "pulumi:tags",
    "pulumi:template",
    "pulumi:disable-default-providers",
    "aws:region",
    "aws:defaultTags",
    "auth0:domain",
    "gcp:project",
    "mailgun:apiKey",
    "mailinfra:domains",
    "mailinfra:domain", // a typo inside the namespace: parseConfig's unknown-key error, not this one
    "domains",
  ])("leaves %s alone", (key) => {
    expect(misplacedKeyIssue(key)).toBeUndefined();
  });

  it("never flags mailinfra itself and never throws, whatever the key", () => {
    expect(isMisspelledNamespace("mailinfra")).toBe(false);
    fc.assert(
      fc.property(fc.string(), (key) => {
        const issue = misplacedKeyIssue(key);
        if (issue) expect(issue.path).toBe(key);
        expect(misplacedKeyIssue(`mailinfra:${key}`)).toBeUndefined();
      }),
    );
  });
});

describe("unknownKeyIssue", () => {
  it("names the key a typo most likely meant", () => {
    expect(unknownKeyIssue("domain").fix).toMatch(/^Rename it to `mailinfra:domains`/);
    expect(unknownKeyIssue("Domains").fix).toMatch(/^Rename it to `mailinfra:domains`/);
    expect(unknownKeyIssue("readines").fix).toMatch(/^Rename it to `mailinfra:readiness`/);
  });

  it("lists every key when nothing is close", () => {
    const issue = unknownKeyIssue("colour");
    expect(issue).toMatchObject({ path: "mailinfra:colour", message: "is not a mailinfra setting" });
    expect(issue.fix).toBe(
      "Remove it or fix its spelling; mailinfra reads mailinfra:defaults, mailinfra:domains, mailinfra:google, mailinfra:smartlead, mailinfra:readiness, mailinfra:authorizations, mailinfra:health, mailinfra:dmarcReports.",
    );
  });
});
