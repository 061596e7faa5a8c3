import * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import { parsedConfig, quietDomain, summary, testConfig } from "../../test/support/config";
import { credentialsRule, mailboxesRule } from "./mailboxes";

const mailbox = (username: string, extra: Record<string, unknown> = {}) => ({
  username,
  firstName: "A",
  lastName: "B",
  ...extra,
});

describe("mailboxesRule", () => {
  it.each([
    { name: "distinct usernames", domain: { mailboxes: [mailbox("a"), mailbox("b")] }, issues: [] },
    {
      name: "duplicates (usernames are case-insensitive)",
      domain: { mailboxes: [mailbox("jane"), mailbox("bob"), mailbox("Jane")] },
      issues: [
        {
          severity: "error",
          path: "mailinfra:domains[0].mailboxes[2].username",
          message: "jane@example.com is already defined as mailboxes[0] (usernames are case-insensitive)",
        },
      ],
    },
    {
      name: "mailboxes on Microsoft 365",
      domain: { platform: { kind: "microsoft-365", tenant: "contoso" }, mailboxes: [mailbox("a")], dkim: {} },
      issues: [
        {
          severity: "error",
          path: "mailinfra:domains[0].mailboxes",
          message:
            "lists 1 mailbox(es), but mailinfra creates mailboxes only in Google Workspace and this domain uses microsoft-365",
        },
      ],
    },
    {
      name: "too many mailboxes on one domain",
      domain: { mailboxes: ["a", "b", "c", "d", "e", "f"].map((u) => mailbox(u)) },
      issues: [
        {
          severity: "warning",
          path: "mailinfra:domains[0].mailboxes",
          message:
            "has 6 mailboxes; cold-email senders usually keep 2-5 per domain so one domain's reputation carries little volume",
        },
      ],
    },
  ])("$name", ({ domain, issues }) => {
    expect(summary(mailboxesRule(testConfig([quietDomain("example.com", domain)])))).toEqual(issues);
  });
});

it("tells a Microsoft 365 domain with mailboxes what mailinfra does there and where to connect them", () => {
  const [issue] = mailboxesRule(
    testConfig([
      quietDomain("example.com", {
        platform: { kind: "microsoft-365", tenant: "contoso" },
        mailboxes: [{ username: "a", firstName: "A", lastName: "B" }],
        dkim: {},
      }),
    ]),
  );
  expect(issue.fix).toMatch(
    /publishes the domain's DNS records .* neither creates users nor connects them to Smartlead/,
  );
  expect(issue.fix).toMatch(/Smartlead with Microsoft OAuth/);
});

describe("credentialsRule", () => {
  const parse = (raw: Record<string, unknown>) =>
    parsedConfig({ defaults: { dns: { host: "manual", registrar: "other" } }, ...raw });

  it("asks for Google credentials when Workspace mailboxes exist, and Smartlead's when they connect", () => {
    const config = parse({ domains: [quietDomain("a.com", { mailboxes: [mailbox("x")] })] });
    expect(credentialsRule(config).map((i) => [i.path, i.message, i.fix])).toEqual([
      [
        "mailinfra:google",
        "is required to create Google Workspace mailboxes",
        "Run: pulumi config set --path 'mailinfra:google.adminEmail' admin@yourdomain.com && pulumi config set --secret --path 'mailinfra:google.serviceAccountKey' < service-account.json",
      ],
      [
        "mailinfra:smartlead",
        "is required to connect mailboxes to Smartlead",
        "Run: pulumi config set --secret --path 'mailinfra:smartlead.apiKey' <api-key>  (or set smartlead.enabled: false on the mailboxes)",
      ],
    ]);
  });

  it("needs nothing for a DNS-only stack or mailboxes kept out of Smartlead", () => {
    expect(credentialsRule(parse({ domains: [quietDomain("a.com")] }))).toEqual([]);
    const noSmartlead = parse({
      domains: [quietDomain("a.com", { mailboxes: [mailbox("x", { smartlead: { enabled: false } })] })],
      google: { adminEmail: "admin@a.com", serviceAccountKey: pulumi.secret("{}") },
    });
    expect(credentialsRule(noSmartlead)).toEqual([]);
  });

  it("warns about a customer id that is neither my_customer nor C0…", () => {
    const config = testConfig([quietDomain("a.com")], {
      google: { adminEmail: "admin@a.com", customerId: "acme", serviceAccountKey: pulumi.secret("{}") },
    });
    expect(summary(credentialsRule(config))).toEqual([
      {
        severity: "warning",
        path: "mailinfra:google.customerId",
        message: '"acme" does not look like a Google customer id (C0xxxxxxx)',
      },
    ]);
    expect(
      credentialsRule(
        testConfig([quietDomain("a.com")], {
          google: { adminEmail: "a@a.com", customerId: "C03az79cb", serviceAccountKey: pulumi.secret("{}") },
        }),
      ),
    ).toEqual([]);
  });
});
