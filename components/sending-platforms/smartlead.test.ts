import * as pulumi from "@pulumi/pulumi";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { quietDomain, setStackConfig, testConfig } from "../../test/support/config";
import { mockRuntime } from "../../test/support/mock-runtime";
import { resolved } from "../../test/support/resolved";
import type { MailinfraConfig } from "../config/schema";
import { Mailbox } from "../mailbox";
import { configuredSendingPlatform } from "./configured";
import { type SmartleadPlatformArgs, smartleadPlatform } from "./smartlead";

const runtime = mockRuntime({
  newResource: (args) =>
    args.type.endsWith(":WorkspaceUser")
      ? {
          state: {
            ...args.inputs,
            email: args.inputs.primaryEmail,
            password: "pw",
            smtp: {
              host: "smtp.gmail.com",
              port: 587,
              security: "STARTTLS",
              username: args.inputs.primaryEmail,
            },
            imap: { host: "imap.gmail.com", port: 993, security: "TLS", username: args.inputs.primaryEmail },
          },
        }
      : undefined,
});

/** Where the provider processes read the credentials: the stack configuration. */
const credentialsInStackConfig = () =>
  setStackConfig(
    {
      "mailinfra:google": {
        adminEmail: "admin@example.com",
        serviceAccountKey: "{}",
        oauthClient: { clientId: "1-abc.apps.googleusercontent.com", clientSecret: "s3cret" },
      },
      "mailinfra:smartlead": { apiKey: "key" },
    },
    ["mailinfra:google", "mailinfra:smartlead"],
  );
beforeAll(credentialsInStackConfig);
afterAll(() => setStackConfig({}));

const ACCOUNT_TYPE = "pulumi-nodejs:dynamic/mailinfra:SmartleadEmailAccount";
const byName = (name: string) => runtime.registered.find((r) => r.name === name);

function mailboxes(domain: string, entries: Record<string, unknown>[]) {
  const config = testConfig([quietDomain(domain, { mailboxes: entries })]);
  return { config, entries: config.domains[0].mailboxes };
}

function mailboxOf(config: MailinfraConfig, index = 0, refreshToken?: string) {
  const mailbox = config.domains[0].mailboxes[index];
  const sendingPlatform = configuredSendingPlatform(config);
  return new Mailbox(mailbox.address, {
    mailbox,
    google: config.google!,
    ...(sendingPlatform ? { sendingPlatform } : {}),
    ...(refreshToken ? { refreshToken: pulumi.secret(refreshToken) } : {}),
  });
}

const ana = { username: "ana", firstName: "Ana", lastName: "Lima" };

describe("smartleadPlatform", () => {
  it("is the platform of a stack with mailinfra:smartlead, and none without it", () => {
    const { config } = mailboxes("choose.test", [ana]);
    expect(configuredSendingPlatform(config)?.name).toBe("Smartlead");
    expect(configuredSendingPlatform({ ...config, smartlead: undefined })).toBeUndefined();
  });

  it("registers the account exactly where it always was: <mailbox>-smartlead, its type, under its Mailbox", async () => {
    const { config } = mailboxes("urn.test", [ana]);
    const mailbox = mailboxOf(config, 0, "1//ana");
    const account = mailbox.sendingAccount!;
    // Under the mock runtime a URN names the parent's own type only; the engine prefixes MailDomain's.
    expect(await resolved(account.resource.urn)).toBe(
      `urn:pulumi:test::mailinfra::mailinfra:index:Mailbox$${ACCOUNT_TYPE}::ana@urn.test-smartlead`,
    );
    const registered = byName("ana@urn.test-smartlead");
    expect(registered?.type).toBe(ACCOUNT_TYPE);
    expect(registered?.parent).toBe(await resolved(mailbox.urn));
    expect(registered?.aliases).toEqual([]);
    expect(mailbox.pendingAuthorization).toBe(false);
  });

  it("aliases a renamed mailbox's account to its old name, as the Workspace user", async () => {
    const { config } = mailboxes("rename.test", [{ ...ana, username: "ana.lima", renamedFrom: "ana" }]);
    const mailbox = mailboxOf(config, 0, "1//ana");
    await resolved(mailbox.sendingAccount!.resource.urn);
    await resolved(mailbox.user.urn);
    const aliasNames = (name: string) =>
      byName(name)?.aliases.map((alias) => (alias as { spec?: { name?: string } }).spec?.name);
    expect(aliasNames("ana.lima@rename.test-smartlead")).toEqual(["ana@rename.test-smartlead"]);
    expect(aliasNames("ana.lima@rename.test-user")).toEqual(["ana@rename.test-user"]);
  });

  it("registers an unauthorized OAuth mailbox as pending, and nothing for one with smartlead.enabled: false", async () => {
    const { config } = mailboxes("pending.test", [
      ana,
      { username: "ben", firstName: "Ben", lastName: "Li", smartlead: { enabled: false } },
    ]);
    const pending = mailboxOf(config, 0);
    const off = mailboxOf(config, 1);
    await resolved(pending.sendingAccount!.resource.id);
    await resolved(off.user.id);
    expect(pending.pendingAuthorization).toBe(true);
    expect(byName("ana@pending.test-smartlead")?.inputs.connection.value).toMatchObject({ kind: "pending" });
    expect(off.sendingAccount).toBeUndefined();
    expect(off.pendingAuthorization).toBe(false);
    expect(byName("ben@pending.test-smartlead")).toBeUndefined();
  });

  it("takes its settings as a person writes them: baseUrl from the schema's default; a plain-text key is refused at its path", async () => {
    const { config } = mailboxes("written.test", [ana]);
    const mailbox = config.domains[0].mailboxes[0];
    const written = new Mailbox(mailbox.address, {
      mailbox,
      google: config.google!,
      sendingPlatform: smartleadPlatform({ apiKey: pulumi.secret("k") }),
      refreshToken: pulumi.secret("1//ana"),
    });
    await resolved(written.sendingAccount!.resource.id);
    expect(byName("ana@written.test-smartlead")?.inputs.baseUrl).toBe("https://server.smartlead.ai/api/v1");
    const plain = { apiKey: "sk-plain" } as unknown as SmartleadPlatformArgs;
    expect(() => smartleadPlatform(plain)).toThrow(
      /mailinfra:smartlead\.apiKey: is stored in plain text[\s\S]*pulumi config set --secret --path 'mailinfra:smartlead\.apiKey'/,
    );
  });

  it("never passes the API key to the account; without it in the stack configuration, connecting names the path and the command", async () => {
    const { config } = mailboxes("keyed.test", [ana]);
    await resolved(mailboxOf(config, 0, "1//ana").sendingAccount!.resource.id);
    expect(byName("ana@keyed.test-smartlead")?.inputs).not.toHaveProperty("apiKey");

    const { config: keyless } = mailboxes("keyless.test", [ana]);
    setStackConfig({ "mailinfra:google": { adminEmail: "admin@example.com", serviceAccountKey: "{}" } }, [
      "mailinfra:google",
    ]);
    try {
      expect(() => mailboxOf(keyless, 0, "1//ana")).toThrow(
        /mailinfra:smartlead\.apiKey: is not set in the stack configuration[\s\S]*pulumi config set --secret --path 'mailinfra:smartlead\.apiKey' <api-key>/,
      );
    } finally {
      credentialsInStackConfig();
    }
  });

  it("asks Smartlead nothing at preview when no connected mailbox declares a campaign", async () => {
    const { config } = mailboxes("preflight.test", [ana]);
    // baseUrl is the default, Smartlead itself: any call would fail the lookup and return an issue.
    expect(await configuredSendingPlatform(config)!.preflight(config)).toEqual([]);
  });
});
