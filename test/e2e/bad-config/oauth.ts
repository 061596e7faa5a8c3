import type { ConfigMap } from "@pulumi/pulumi/automation";
import { type BadConfig, domain, mailbox, withDomains, world } from "./support";

/**
 * Bad config: how Google Workspace mailboxes connect to Smartlead (components/validation/mailbox-connections.ts).
 * The base world config has the world's OAuth client (mailboxes connect with OAuth by default); cases that
 * need another client, or none, say so.
 */
function withOAuthClient(domains: unknown[], authorizations?: Record<string, string>) {
  const google = JSON.parse(world().stackConfig()["mailinfra:google"].value);
  return withDomains(domains, {
    "mailinfra:google": {
      value: JSON.stringify({
        ...google,
        oauthClient: { clientId: "1-e2e.apps.googleusercontent.com", clientSecret: "s" },
      }),
      secret: true,
    },
    ...(authorizations ? { "mailinfra:authorizations": { value: JSON.stringify(authorizations) } } : {}),
  });
}

/** The same stack without mailinfra:google.oauthClient, as before the client was created. */
function withoutOAuthClient(config: ConfigMap): ConfigMap {
  const { oauthClient: _none, ...google } = JSON.parse(config["mailinfra:google"].value);
  return { ...config, "mailinfra:google": { value: JSON.stringify(google), secret: true } };
}

export const oauthCases: BadConfig[] = [
  {
    name: "connects Workspace mailboxes with OAuth but configured no OAuth client",
    config: () =>
      withoutOAuthClient(
        withDomains([domain({ mailboxes: [mailbox("ana", { connection: "oauth" }), mailbox("ben")] })]),
      ),
    errors: [{ path: "mailinfra:google.oauthClient", fix: /Create an OAuth client .*see README/ }],
  },
  {
    name: "connects a Workspace mailbox with its plain password",
    config: () =>
      withDomains([domain({ mailboxes: [mailbox("ana"), mailbox("ben", { connection: "password" })] })]),
    errors: [{ path: "mailinfra:domains[0].mailboxes[1].connection", fix: /Set connection: oauth/ }],
  },
  {
    name: "chose app-password without giving the app password",
    config: () =>
      withDomains([domain({ mailboxes: [mailbox("ana", { connection: "app-password" }), mailbox("ben")] })]),
    errors: [{ path: "mailinfra:domains[0].mailboxes[0].appPassword", fix: /create an app password/ }],
  },
  {
    name: "wrote an app password in plain text",
    config: () =>
      withDomains([
        domain({
          mailboxes: [
            mailbox("ana", { connection: "app-password", appPassword: "abcdabcdabcdabcd" }),
            mailbox("ben"),
          ],
        }),
      ]),
    errors: [{ path: "mailinfra:domains[0].mailboxes[0].appPassword", fix: /pulumi config set --secret/ }],
  },
  {
    name: "stored a refresh token without --secret",
    config: () =>
      withOAuthClient([domain({ mailboxes: [mailbox("ana", { connection: "oauth" }), mailbox("ben")] })], {
        "ana@send-a.test": "1//plain-refresh-token",
      }),
    errors: [{ path: 'mailinfra:authorizations["ana@send-a.test"]', fix: /npm run authorize -- --stack/ }],
  },
];
