import * as pulumi from "@pulumi/pulumi";
import { afterEach, describe, expect, it, vi } from "vitest";
import { setStackConfig } from "../../test/support/config";
import { resolved } from "../../test/support/resolved";
import { loadConfig, MailinfraConfigError } from "./load";

const SERVICE_ACCOUNT = JSON.stringify({
  type: "service_account",
  client_email: "mailinfra@project.iam.gserviceaccount.com",
  private_key: "-----BEGIN PRIVATE KEY-----\nMIIE...\n-----END PRIVATE KEY-----\n",
});

/** The Google settings, the OAuth client included: mailboxes connect with OAuth unless they say otherwise. */
const GOOGLE = {
  adminEmail: "admin@acme.com",
  serviceAccountKey: SERVICE_ACCOUNT,
  oauthClient: { clientId: "1-abc.apps.googleusercontent.com", clientSecret: "GOCSPX-s3cret" },
};

const domains = [
  {
    name: "acme.com",
    dns: { host: "manual", registrar: "godaddy" },
    mailboxes: [{ username: "jane", firstName: "Jane", lastName: "Doe" }],
  },
];

function thrown(fn: () => unknown): MailinfraConfigError {
  try {
    fn();
  } catch (error) {
    if (error instanceof MailinfraConfigError) return error;
    throw error;
  }
  throw new Error("expected loadConfig to throw");
}

afterEach(() => {
  setStackConfig({});
  vi.restoreAllMocks();
});

describe("loadConfig", () => {
  it("reads mailinfra config through Pulumi and returns credentials as secret outputs", async () => {
    setStackConfig(
      {
        "mailinfra:domains": domains,
        "mailinfra:google": GOOGLE,
        "mailinfra:smartlead": { apiKey: "sk_test_123" },
        "other:setting": "ignored",
      },
      ["mailinfra:google", "mailinfra:smartlead"],
    );
    const warn = vi.spyOn(pulumi.log, "warn").mockResolvedValue();
    const config = loadConfig();
    expect(config.domains.map((d) => d.name)).toEqual(["acme.com"]);
    expect(config.google?.adminEmail).toBe("admin@acme.com");
    const key = config.google!.serviceAccountKey;
    expect(pulumi.Output.isInstance(key)).toBe(true);
    expect(await (key as unknown as { isSecret: Promise<boolean> }).isSecret).toBe(true);
    expect(await resolved(key)).toBe(SERVICE_ACCOUNT);
    expect(await resolved(config.smartlead!.apiKey)).toBe("sk_test_123");
    // The DKIM key is not configured yet, nor a DMARC reports mailbox: warnings, not errors.
    expect(warn).toHaveBeenCalledTimes(2);
    expect(warn.mock.calls[0][0]).toMatch(/^mailinfra:domains\[0\]\.dkim\.publicKey: is not set/);
    expect(warn.mock.calls[1][0]).toMatch(
      /^mailinfra:dmarcReports: is not set, so acme\.com publishes no rua/,
    );
  });

  it("refuses credentials that were not set with --secret, with the command to fix it", () => {
    setStackConfig({
      "mailinfra:domains": domains,
      "mailinfra:google": GOOGLE,
      "mailinfra:smartlead": { apiKey: "sk_test_123" },
    });
    const error = thrown(() => loadConfig());
    expect(error.issues.map((i) => [i.path, i.message])).toEqual([
      [
        "mailinfra:google.serviceAccountKey",
        "is stored in plain text in the stack configuration; credentials must be encrypted Pulumi secrets",
      ],
      [
        "mailinfra:google.oauthClient.clientSecret",
        "is stored in plain text in the stack configuration; credentials must be encrypted Pulumi secrets",
      ],
      [
        "mailinfra:smartlead.apiKey",
        "is stored in plain text in the stack configuration; credentials must be encrypted Pulumi secrets",
      ],
    ]);
    expect(error.message).toContain(
      "pulumi config set --secret --path 'mailinfra:google.serviceAccountKey' < service-account.json",
    );
    expect(error.message).not.toContain("GOCSPX-s3cret");
    expect(error.message).not.toContain("sk_test_123");
    expect(error.message).not.toContain("PRIVATE KEY");
  });

  it("reports secret-content and parsing errors together", () => {
    setStackConfig(
      {
        "mailinfra:domains": [
          {
            name: "acme.com",
            dns: { host: "manual", registrar: "godaddy" },
            mailboxes: [{ username: "john..doe", firstName: "J", lastName: "D" }],
          },
          { name: "ACME.com", dns: { host: "manual", registrar: "godaddy" } },
        ],
        "mailinfra:google": { adminEmail: "admin@acme.com", serviceAccountKey: '{"type":"authorized_user"}' },
        "mailinfra:smartlead": { apiKey: "k" },
        "mailinfra:readines": { timeoutMinutes: 10 },
      },
      ["mailinfra:google", "mailinfra:smartlead"],
    );
    vi.spyOn(pulumi.log, "warn").mockResolvedValue();
    const error = thrown(() => loadConfig());
    expect(error.issues.map((i) => i.path)).toEqual([
      "mailinfra:google.serviceAccountKey",
      "mailinfra:readines",
    ]);
  });

  it("runs validation when parsing succeeds and stops on its errors", () => {
    setStackConfig(
      {
        "mailinfra:domains": [
          {
            name: "acme.com",
            dns: { host: "manual", registrar: "godaddy" },
            mailboxes: [{ username: "john..doe", firstName: "J", lastName: "D" }],
          },
          { name: "ACME.com", dns: { host: "manual", registrar: "godaddy" } },
        ],
        "mailinfra:google": GOOGLE,
        "mailinfra:smartlead": { apiKey: "k" },
      },
      ["mailinfra:google", "mailinfra:smartlead"],
    );
    vi.spyOn(pulumi.log, "warn").mockResolvedValue();
    const error = thrown(() => loadConfig());
    expect(error.issues.map((i) => [i.path, i.message])).toEqual([
      ["mailinfra:domains[1].name", "acme.com is already configured as mailinfra:domains[0]"],
      [
        "mailinfra:domains[0].mailboxes[0].username",
        '"john..doe" has two periods in a row, which Google rejects',
      ],
    ]);
    expect(error.message).toMatch(
      /^mailinfra: the stack configuration has 2 errors; nothing was created or changed\./,
    );
  });

  it("reports a misspelled namespace and a mailinfra key under another namespace, never echoing their values", () => {
    setStackConfig(
      {
        "mailinfra:domains": domains,
        "mailinfra-:defaults": { ttl: 300 },
        "pulumi:domains": [{ name: "other.com" }],
        "cloudflare:apiToken": "cf-SECRET-token",
        "aws:region": "eu-west-1",
      },
      ["cloudflare:apiToken"],
    );
    vi.spyOn(pulumi.log, "warn").mockResolvedValue();
    const error = thrown(() => loadConfig());
    expect(error.issues.map((i) => i.path)).toEqual(["mailinfra-:defaults", "pulumi:domains"]);
    expect(error.message).toContain("Fix: Rename the key to `mailinfra:defaults`");
    expect(error.message).toContain("Fix: Rename the key to `mailinfra:domains`");
    expect(error.message).not.toContain("other.com");
    expect(error.message).not.toContain("cf-SECRET-token");
  });

  it("reads a stack whose other namespaces hold their own settings", () => {
    setStackConfig(
      {
        "mailinfra:domains": domains,
        "mailinfra:google": GOOGLE,
        "mailinfra:smartlead": { apiKey: "sk_test_123" },
        "cloudflare:apiToken": "cf-SECRET-token",
        "pulumi:tags": { team: "growth" },
        "aws:region": "eu-west-1",
      },
      ["mailinfra:google", "mailinfra:smartlead", "cloudflare:apiToken"],
    );
    vi.spyOn(pulumi.log, "warn").mockResolvedValue();
    expect(loadConfig().domains.map((d) => d.name)).toEqual(["acme.com"]);
  });

  it("reports a scalar where a list belongs instead of throwing Pulumi's JSON error", () => {
    setStackConfig({ "mailinfra:domains": "acme.com" });
    const error = thrown(() => loadConfig());
    expect(error.issues.map((i) => [i.path, i.message])).toEqual([
      ["mailinfra:domains", 'must be an array, not "acme.com"'],
    ]);
  });
});

describe("loadConfig: OAuth secrets", () => {
  const isSecret = (o: unknown) => (o as { isSecret: Promise<boolean> }).isSecret;

  it("reads the OAuth client secret, refresh tokens and app passwords as secret outputs when set with --secret", async () => {
    setStackConfig(
      {
        "mailinfra:domains": [
          {
            ...domains[0],
            mailboxes: [
              { username: "jane", firstName: "Jane", lastName: "Doe", connection: "oauth" },
              {
                username: "sam",
                firstName: "Sam",
                lastName: "Lee",
                connection: "app-password",
                appPassword: "abcd efgh",
              },
            ],
          },
        ],
        "mailinfra:google": {
          adminEmail: "admin@acme.com",
          serviceAccountKey: SERVICE_ACCOUNT,
          oauthClient: { clientId: "1-x.apps.googleusercontent.com", clientSecret: "GOCSPX-secret" },
        },
        "mailinfra:smartlead": { apiKey: "sk_test_123" },
        "mailinfra:authorizations": { "jane@acme.com": "1//refresh" },
      },
      ["mailinfra:google", "mailinfra:smartlead", "mailinfra:authorizations", "mailinfra:domains"],
    );
    vi.spyOn(pulumi.log, "warn").mockResolvedValue();
    const config = loadConfig();
    const clientSecret = config.google!.oauthClient!.clientSecret;
    const token = config.authorizations["jane@acme.com"];
    const appPassword = config.domains[0].mailboxes[1].appPassword!;
    for (const secret of [clientSecret, token, appPassword]) expect(await isSecret(secret)).toBe(true);
    expect([await resolved(clientSecret), await resolved(token), await resolved(appPassword)]).toEqual([
      "GOCSPX-secret",
      "1//refresh",
      "abcd efgh",
    ]);
  });

  it("a refresh token set without --secret is an error telling to re-run the authorize command", () => {
    setStackConfig(
      {
        "mailinfra:domains": domains,
        "mailinfra:google": GOOGLE,
        "mailinfra:smartlead": { apiKey: "sk_test_123" },
        "mailinfra:authorizations": { "jane@acme.com": "1//refresh" },
      },
      ["mailinfra:google", "mailinfra:smartlead"],
    );
    vi.spyOn(pulumi.log, "warn").mockResolvedValue();
    const error = thrown(() => loadConfig());
    expect(error.message).toContain('mailinfra:authorizations["jane@acme.com"]');
    expect(error.message).toContain("npm run authorize -- --stack <stack>");
    expect(error.message).not.toContain("1//refresh");
  });
});
