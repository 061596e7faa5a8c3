import { describe, expect, it } from "vitest";
import { parsedConfig, quietDomain, testAccounts, testConfig } from "../../test/support/config";
import { validateConfigSync } from "./validate";

const paths = (issues: { severity: string; path: string }[]) => issues.map((i) => `${i.severity} ${i.path}`);

describe("dmarcReportsRule", () => {
  it("says once, not per domain, that reports are not collected without a reports mailbox, and how to name one", () => {
    const issues = validateConfigSync(testConfig([quietDomain("a.test"), quietDomain("b.test")]));
    expect(issues).toEqual([
      {
        severity: "warning",
        path: "mailinfra:dmarcReports",
        message:
          "is not set, so 2 domains publish no rua: receivers send no DMARC aggregate reports and npm run health cannot show who sends as your domains",
        fix: "Name a reports mailbox: pulumi config set --path 'mailinfra:dmarcReports.mailbox' dmarc-reports@<one of your domains> (on a Google Workspace domain of this stack, the stack creates it).",
      },
    ]);
  });

  it("is quiet with a reports mailbox on a Google Workspace domain of the stack, or when every domain writes its rua", () => {
    const withMailbox = testConfig([quietDomain("a.test"), quietDomain("b.test")], {
      dmarcReports: { mailbox: "dmarc-reports@a.test" },
    });
    expect(validateConfigSync(withMailbox)).toEqual([]);
    const ownRua = testConfig([quietDomain("a.test", { dmarc: { rua: "mailto:d@a.test" } })]);
    expect(validateConfigSync(ownRua)).toEqual([]);
  });

  it("refuses a reports mailbox that is also a sending mailbox (one user with two owners; warmup mail among the reports)", () => {
    const issues = validateConfigSync(
      testConfig(
        [
          quietDomain("a.test", {
            mailboxes: [
              { username: "ana", firstName: "Ana", lastName: "Lima" },
              { username: "Reports", firstName: "R", lastName: "R" },
            ],
          }),
        ],
        { dmarcReports: { mailbox: "reports@a.test" } },
      ),
    );
    expect(paths(issues).filter((p) => p.includes("dmarcReports"))).toEqual([
      "error mailinfra:dmarcReports.mailbox",
    ]);
    const issue = issues.find((i) => i.path === "mailinfra:dmarcReports.mailbox")!;
    expect(issue.message).toContain("domains[0].mailboxes[1] also declares as a sending mailbox");
    expect(issue.fix).toBe("Name an address no mailbox sends from, e.g. dmarc-reports@a.test.");
  });

  it("warns once when the mailbox is outside the stack: the authorization receivers need is not published", () => {
    const issues = validateConfigSync(
      testConfig([quietDomain("a.test"), quietDomain("b.test")], {
        dmarcReports: { mailbox: "r@agency.test" },
      }),
    );
    expect(paths(issues)).toEqual(["warning mailinfra:dmarcReports.mailbox"]);
    expect(issues[0].message).toContain(
      'unless agency.test publishes TXT "v=DMARC1" at a.test._report._dmarc.agency.test',
    );
    expect(issues[0].fix).toContain("*._report._dmarc.agency.test");
  });

  it("warns when the mailbox is on a domain whose platform is not Google Workspace: neither created nor readable", () => {
    const custom = { kind: "custom", mx: [{ host: "mx.example.net", priority: 10 }] };
    const issues = validateConfigSync(
      testConfig([quietDomain("a.test", { platform: custom, dkim: {} })], {
        dmarcReports: { mailbox: "r@a.test" },
      }),
    );
    expect(paths(issues).filter((p) => p.includes("dmarcReports"))).toEqual([
      "warning mailinfra:dmarcReports.mailbox",
    ]);
  });

  it("refuses a mailbox Google Workspace would refuse to create, with Google's username rule", () => {
    const issues = validateConfigSync(
      testConfig([quietDomain("a.test")], { dmarcReports: { mailbox: "dmarc+reports@a.test" } }),
    );
    expect(issues.map((i) => [i.severity, i.path, i.message])).toEqual([
      [
        "error",
        "mailinfra:dmarcReports.mailbox",
        expect.stringMatching(
          /^cannot be created on Google Workspace: its username "dmarc\+reports" contains/,
        ),
      ],
    ]);
  });

  it("refuses a mailbox on a Google Workspace domain without mailinfra:google: it cannot be created", () => {
    const { smartlead } = testAccounts();
    const config = parsedConfig({
      defaults: { dns: { host: "manual", registrar: "other" } },
      domains: [quietDomain("a.test")],
      smartlead,
      dmarcReports: { mailbox: "r@a.test" },
    });
    expect(paths(validateConfigSync(config))).toContain("error mailinfra:dmarcReports.mailbox");
  });
});
