import { describe, expect, it } from "vitest";
import { testAccounts } from "../../test/support/config";
import { parseConfig } from "../config/parse";
import { MAILBOXES_PER_DOMAIN_WARNING, MAX_MAILBOXES_PER_DOMAIN } from "./mailboxes-per-domain";
import { validateConfigSync } from "./validate";

const mailboxes = (n: number) =>
  Array.from({ length: n }, (_, i) => ({ username: `sender${i}`, firstName: "Ana", lastName: "Lima" }));

function parse(domain: Record<string, unknown>, defaults: Record<string, unknown> = {}) {
  return parseConfig({
    defaults: { dns: { host: "manual", registrar: "other" }, ...defaults },
    domains: [{ name: "example.com", ...domain }],
    ...testAccounts(),
  });
}

const FIX = `Spread the mailboxes over more sending domains: at most ${MAX_MAILBOXES_PER_DOMAIN} per domain (cold-email senders usually keep 2-5).`;

describe("mailboxes per domain", () => {
  it("is a generous cap above the usual number", () => {
    expect(MAX_MAILBOXES_PER_DOMAIN).toBe(100);
    expect(MAX_MAILBOXES_PER_DOMAIN).toBeGreaterThanOrEqual(10 * MAILBOXES_PER_DOMAIN_WARNING);
  });

  it("accepts exactly the cap, with the usual-number warning only", () => {
    const { config, issues } = parse({ mailboxes: mailboxes(MAX_MAILBOXES_PER_DOMAIN) });
    expect(issues).toEqual([]);
    expect(config?.domains[0].mailboxes).toHaveLength(MAX_MAILBOXES_PER_DOMAIN);
    expect(validateConfigSync(config!).map((i) => [i.severity, i.path])).toContainEqual([
      "warning",
      "mailinfra:domains[0].mailboxes",
    ]);
    expect(validateConfigSync(config!).filter((i) => i.severity === "error")).toEqual([]);
  });

  it("rejects one more than the cap at the domain's mailboxes, with the fix", () => {
    const { config, issues } = parse({ mailboxes: mailboxes(MAX_MAILBOXES_PER_DOMAIN + 1) });
    expect(config).toBeUndefined();
    expect(issues).toEqual([
      {
        severity: "error",
        path: "mailinfra:domains[0].mailboxes",
        message: "lists 101 mailboxes; mailinfra allows at most 100 per domain",
        fix: FIX,
      },
    ]);
  });

  it("blames mailinfra:defaults when the mailboxes come from there", () => {
    const { issues } = parse({}, { mailboxes: mailboxes(MAX_MAILBOXES_PER_DOMAIN + 1) });
    expect(issues.map((i) => [i.path, i.message])).toEqual([
      ["mailinfra:defaults.mailboxes", "lists 101 mailboxes; mailinfra allows at most 100 per domain"],
    ]);
  });

  it("rejects 10,000 mailboxes with one error, before looking at any entry", () => {
    // Entry 7 is broken too: the count is reported alone, not one problem per entry of a list that is refused.
    const list: Record<string, unknown>[] = mailboxes(10_000);
    list[7] = { username: "" };
    const { config, issues } = parse({ mailboxes: list });
    expect(config).toBeUndefined();
    expect(issues).toEqual([
      {
        severity: "error",
        path: "mailinfra:domains[0].mailboxes",
        message: "lists 10000 mailboxes; mailinfra allows at most 100 per domain",
        fix: FIX,
      },
    ]);
  });
});
