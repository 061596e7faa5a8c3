import { describe, expect, it } from "vitest";
import { validateConfigSync } from "../validation/validate";
import { parseConfig } from "./parse";
import { aboutTheDomain, asDomainConfig, type DomainEntry, parseDomain } from "./parse-domain";
import { MailinfraConfigError } from "./report";

const manual = { host: "manual", registrar: "godaddy" } as const;

/** What the stack configuration reports for the same entry (and defaults): its errors, each with path and fix. */
function stackErrors(entry: unknown, defaults?: Record<string, unknown>) {
  const { config, issues } = parseConfig({ domains: [entry], ...(defaults ? { defaults } : {}) });
  return [...issues, ...(config ? validateConfigSync(config) : [])].filter((i) => i.severity === "error");
}

/** What parseDomain throws for `entry`, as a rejection to match. */
const parsing = (entry: unknown) =>
  expect(Promise.resolve(entry as DomainEntry).then((e) => parseDomain(e))).rejects;

describe("parseDomain", () => {
  it("normalises a written domain exactly as the stack configuration does", () => {
    const entry: DomainEntry = {
      name: " Bücher.DE. ",
      dns: manual,
      mailboxes: [{ username: "Jane.Doe", firstName: "Jane", lastName: "Doe" }],
    };
    const domain = parseDomain(entry);
    expect(domain).toEqual(parseConfig({ domains: [entry] }).config?.domains[0]);
    expect(domain.name).toBe("xn--bcher-kva.de");
  });

  it("merges the given defaults as mailinfra:defaults, the domain winning", () => {
    const domain = parseDomain(
      { name: "send.example.com", dns: manual, dmarc: { p: "reject" } },
      { dmarc: { p: "quarantine", sp: "none" } },
    );
    expect(domain.dmarc).toMatchObject({ p: "reject", sp: "none" });
  });

  it("throws the stack configuration's schema errors, with their paths and fixes", async () => {
    const entry = { name: "send.example.com", dns: { host: "route53" }, ttl: 5 };
    await parsing(entry).toBeInstanceOf(MailinfraConfigError);
    await parsing(entry).toMatchObject({ issues: stackErrors(entry) });
    expect(stackErrors(entry).map((i) => i.path)).toEqual(
      expect.arrayContaining(["mailinfra:domains[0].dns.host", "mailinfra:domains[0].ttl"]),
    );
  });

  it("throws the cross-field rules' errors too (a public suffix is no sending domain)", async () => {
    const entry = { name: "co.uk", dns: manual };
    await parsing(entry).toMatchObject({ issues: stackErrors(entry) });
    await parsing(entry).toThrow("co.uk is a public suffix");
  });

  it("reports a cross-field error in an inherited default at mailinfra:defaults, as the stack configuration does", async () => {
    const defaults = { dmarc: { rua: ["https://reports.example.net"] } };
    const entry = { name: "send.example.com", dns: manual };
    expect(stackErrors(entry, defaults).map((i) => i.path)).toEqual(["mailinfra:defaults.dmarc.rua[0]"]);
    await expect(Promise.resolve().then(() => parseDomain(entry, defaults))).rejects.toMatchObject({
      issues: stackErrors(entry, defaults),
    });
  });

  it("leaves credentials to the caller: mailboxes without mailinfra:google are not an error here", () => {
    const entry: DomainEntry = {
      name: "send.example.com",
      dns: manual,
      mailboxes: [{ username: "ana", firstName: "Ana", lastName: "Lopez" }],
    };
    expect(stackErrors(entry).map((i) => i.path)).toContain("mailinfra:google");
    expect(parseDomain(entry).mailboxes.map((m) => m.address)).toEqual(["ana@send.example.com"]);
  });
});

describe("asDomainConfig", () => {
  it("passes a normalised config through as it is and parses a written one", () => {
    const parsed = parseDomain({ name: "send.example.com", dns: manual });
    expect(asDomainConfig(parsed)).toBe(parsed);
    expect(asDomainConfig({ name: "Send.Example.com", dns: manual })).toEqual(parsed);
  });
});

describe("parseDomain's checks", () => {
  it("leave out stack-level settings a program does not use (mailinfra:dmarcReports, mailinfra:health)", () => {
    const { config } = parseConfig({ domains: [{ name: "send.example.com", dns: manual }] });
    const stackIssues = validateConfigSync(config!);
    // The stack's own check speaks of the reports mailbox it leaves unset…
    expect(stackIssues.map((i) => i.path)).toContain("mailinfra:dmarcReports");
    // …which is not the domain's to report to a program that builds one MailDomain.
    expect(stackIssues.filter(aboutTheDomain).map((i) => i.path)).not.toContain("mailinfra:dmarcReports");
  });
});
