import * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import { quietDomain, summary, testConfig } from "../../test/support/config";
import { DEFAULT_WORKSPACE_CONNECTION } from "../config/mailbox-connection";
import { mailboxConnectionsRule } from "./mailbox-connections";

const mailbox = (username: string, extra: Record<string, unknown> = {}) => ({
  username,
  firstName: "Ana",
  lastName: "Lima",
  ...extra,
});
const google = (extra: Record<string, unknown> = {}) => ({
  adminEmail: "admin@example.com",
  serviceAccountKey: pulumi.secret("{}"),
  ...extra,
});
const oauthClient = { clientId: "1-abc.apps.googleusercontent.com", clientSecret: pulumi.secret("s3cret") };

function check(domains: Record<string, unknown>[], extra: Record<string, unknown> = {}) {
  return mailboxConnectionsRule(testConfig(domains, extra));
}

describe("mailboxConnectionsRule", () => {
  it.each([
    {
      name: "OAuth mailboxes without the stack's OAuth client: one error at google.oauthClient",
      domains: [
        quietDomain("a.test", {
          mailboxes: [mailbox("ana", { connection: "oauth" }), mailbox("ben", { connection: "oauth" })],
        }),
      ],
      extra: { google: google() },
      issues: [
        {
          severity: "error",
          path: "mailinfra:google.oauthClient",
          message:
            "is missing: mailinfra:domains[0].mailboxes[0] and 1 more connect to Smartlead with OAuth, which needs your Google OAuth client",
        },
      ],
    },
    {
      name: "OAuth mailboxes with the OAuth client",
      domains: [quietDomain("a.test", { mailboxes: [mailbox("ana", { connection: "oauth" })] })],
      extra: { google: google({ oauthClient }) },
      issues: [],
    },
    {
      name: "an OAuth mailbox kept out of Smartlead needs no OAuth client",
      domains: [
        quietDomain("a.test", {
          mailboxes: [mailbox("ana", { connection: "oauth", smartlead: { enabled: false } })],
        }),
      ],
      extra: {},
      issues: [],
    },
    {
      name: "the Workspace password written by hand",
      domains: [
        quietDomain("a.test", { mailboxes: [mailbox("ana"), mailbox("ben", { connection: "password" })] }),
      ],
      extra: { google: google({ oauthClient }) },
      issues: [
        {
          severity: "error",
          path: "mailinfra:domains[0].mailboxes[1].connection",
          message:
            "is password, but Google turned off password sign-in for IMAP and SMTP on every Workspace account in autumn 2024 (https://support.google.com/a/answer/14114704): Smartlead could not sign in to ben@a.test",
        },
      ],
    },
    {
      name: "app-password without the app password",
      domains: [quietDomain("a.test", { mailboxes: [mailbox("ana", { connection: "app-password" })] })],
      extra: {},
      issues: [
        {
          severity: "error",
          path: "mailinfra:domains[0].mailboxes[0].appPassword",
          message: "is missing: connection: app-password needs the app password ana@a.test created",
        },
      ],
    },
    {
      name: "app-password with its secret",
      domains: [
        quietDomain("a.test", {
          mailboxes: [
            mailbox("ana", { connection: "app-password", appPassword: pulumi.secret("abcdabcdabcdabcd") }),
          ],
        }),
      ],
      extra: {},
      issues: [],
    },
    {
      name: "an app password beside an OAuth connection is unused",
      domains: [
        quietDomain("a.test", {
          mailboxes: [
            mailbox("ana", { connection: "oauth", appPassword: pulumi.secret("abcdabcdabcdabcd") }),
          ],
        }),
      ],
      extra: { google: google({ oauthClient }) },
      issues: [
        {
          severity: "warning",
          path: "mailinfra:domains[0].mailboxes[0].appPassword",
          message: "is set, but the mailbox connects with oauth, so it is not used",
        },
      ],
    },
    {
      name: "an authorization for a mailbox the stack does not declare, and one for an app-password mailbox",
      domains: [
        quietDomain("a.test", {
          mailboxes: [
            mailbox("ana", { connection: "oauth" }),
            mailbox("ben", { connection: "app-password", appPassword: pulumi.secret("x") }),
          ],
        }),
      ],
      extra: {
        google: google({ oauthClient }),
        authorizations: {
          "ANA@a.test": pulumi.secret("1//a"),
          "ben@a.test": pulumi.secret("1//b"),
          "zoe@a.test": pulumi.secret("1//z"),
        },
      },
      issues: [
        {
          severity: "warning",
          path: 'mailinfra:authorizations["ben@a.test"]',
          message:
            "is an authorization for a mailbox that does not connect to Smartlead with OAuth; it is not used",
        },
        {
          severity: "warning",
          path: 'mailinfra:authorizations["zoe@a.test"]',
          message: "is an authorization for a mailbox no domain of this stack declares; it is not used",
        },
      ],
    },
  ])("$name", ({ domains, extra, issues }) => {
    expect(summary(check(domains, extra))).toEqual(issues);
  });

  it("fixes name the commands to run, with the exact path", () => {
    const [password] = check([
      quietDomain("a.test", { mailboxes: [mailbox("ana", { connection: "password" })] }),
    ]);
    expect(password.fix).toMatch(
      /Set connection: oauth .*npm run authorize -- --stack <stack>.*connection: app-password/,
    );
    const [client] = check(
      [quietDomain("a.test", { mailboxes: [mailbox("ana", { connection: "oauth" })] })],
      {
        google: google(),
      },
    );
    expect(client.fix).toMatch(/Create an OAuth client .*see README/);
    expect(client.fix).toContain(
      "pulumi config set --secret --path 'mailinfra:google.oauthClient.clientSecret'",
    );
    const [app] = check([
      quietDomain("a.test", { mailboxes: [mailbox("ana", { connection: "app-password" })] }),
    ]);
    expect(app.fix).toContain(
      "pulumi config set --secret --path 'mailinfra:domains[0].mailboxes[0].appPassword'",
    );
  });

  it("a mailbox that writes no connection uses OAuth, the default, and so needs the stack's OAuth client", () => {
    const config = testConfig([quietDomain("a.test", { mailboxes: [mailbox("ana")] })], { google: google() });
    expect(config.domains[0].mailboxes[0].connection).toBe("oauth");
    expect(DEFAULT_WORKSPACE_CONNECTION).toBe("oauth");
    expect(mailboxConnectionsRule(config).map((i) => i.path)).toEqual(["mailinfra:google.oauthClient"]);
    const withClient = testConfig([quietDomain("a.test", { mailboxes: [mailbox("ana")] })], {
      google: google({ oauthClient }),
    });
    expect(mailboxConnectionsRule(withClient)).toEqual([]);
  });

  it("says nothing of the OAuth client when mailinfra:google is missing altogether (that has its own error)", () => {
    const config = testConfig([quietDomain("a.test", { mailboxes: [mailbox("ana")] })], {
      google: undefined,
    });
    expect(config.google).toBeUndefined();
    expect(mailboxConnectionsRule(config)).toEqual([]);
  });
});
