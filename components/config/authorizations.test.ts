import * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import { authorizationPath, refreshTokenFor } from "./authorizations";
import { parseConfig } from "./parse";

const base = {
  domains: [
    {
      name: "a.test",
      dns: { host: "manual", registrar: "other" },
      mailboxes: [{ username: "ana", firstName: "Ana", lastName: "Lima", connection: "oauth" }],
    },
  ],
  google: { adminEmail: "admin@a.test", serviceAccountKey: pulumi.secret("{}") },
};

function errors(raw: Record<string, unknown>) {
  return parseConfig(raw).issues.filter((i) => i.severity === "error");
}

describe("mailinfra:authorizations and the OAuth secrets", () => {
  it("names an address key the way pulumi config set --path reads it", () => {
    expect(authorizationPath("ana@a.test")).toBe('mailinfra:authorizations["ana@a.test"]');
  });

  it("a refresh token in plain text is an error at its exact path telling to re-run authorize, never quoting it", () => {
    const issues = errors({ ...base, authorizations: { "ana@a.test": "1//plain-refresh-token" } });
    expect(issues.map((i) => i.path)).toEqual(['mailinfra:authorizations["ana@a.test"]']);
    expect(issues[0].message).toMatch(/plain text/);
    expect(issues[0].fix).toMatch(/npm run authorize -- --stack <stack>/);
    expect(JSON.stringify(issues)).not.toContain("1//plain-refresh-token");
  });

  it("the OAuth client secret and an app password in plain text are errors at their paths", () => {
    const issues = errors({
      ...base,
      google: { ...base.google, oauthClient: { clientId: "id", clientSecret: "plain-client-secret" } },
      domains: [
        {
          ...base.domains[0],
          mailboxes: [
            {
              username: "ana",
              firstName: "A",
              lastName: "L",
              connection: "app-password",
              appPassword: "plain-app",
            },
          ],
        },
      ],
    });
    expect(issues.map((i) => i.path).sort()).toEqual([
      "mailinfra:domains[0].mailboxes[0].appPassword",
      "mailinfra:google.oauthClient.clientSecret",
    ]);
    expect(issues.find((i) => i.path.endsWith("clientSecret"))?.fix).toContain(
      "pulumi config set --secret --path 'mailinfra:google.oauthClient.clientSecret'",
    );
    expect(JSON.stringify(issues)).not.toMatch(/plain-client-secret|plain-app/);
  });

  it("finds a mailbox's secret refresh token whatever the case of the key", () => {
    const token = pulumi.secret("1//t");
    const { config } = parseConfig({ ...base, authorizations: { "Ana@A.test": token } });
    expect(config && refreshTokenFor(config.authorizations, "ana@a.test")).toBe(token);
    expect(config && refreshTokenFor(config.authorizations, "ben@a.test")).toBeUndefined();
  });
});
