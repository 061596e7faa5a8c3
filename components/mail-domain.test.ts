import { generateKeyPairSync } from "node:crypto";
import * as pulumi from "@pulumi/pulumi";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DnsWorld, startDnsWorld } from "../emulators/dns";
import { domainConfig, setStackConfig } from "../test/support/config";
import { mockRuntime } from "../test/support/mock-runtime";
import { resolved } from "../test/support/resolved";
import type { GoogleConfig, SmartleadConfig } from "./config/schema";
import { MailDomain } from "./mail-domain";
import { smartleadPlatform } from "./sending-platforms/smartlead";

const PUBLIC_KEY = generateKeyPairSync("rsa", { modulusLength: 1024 })
  .publicKey.export({ type: "spki", format: "der" })
  .toString("base64");

// The mock runtime is process-global; this file sets up its own.
const { registered } = mockRuntime({
  newResource(args) {
    const email = args.inputs.primaryEmail;
    if (args.type === "pulumi-nodejs:dynamic/mailinfra:WorkspaceDomain")
      return { state: { ...args.inputs, verificationToken: "google-site-verification=tok3n" } };
    if (args.type === "pulumi-nodejs:dynamic/mailinfra:DkimKey")
      return { state: { ...args.inputs, publicKey: PUBLIC_KEY } };
    if (args.type === "pulumi-nodejs:dynamic/mailinfra:WorkspaceUser")
      return {
        state: {
          ...args.inputs,
          email,
          password: "pw",
          smtp: { host: "smtp.gmail.com", port: 587, security: "STARTTLS", username: email },
          imap: { host: "imap.gmail.com", port: 993, security: "TLS", username: email },
        },
      };
    return undefined;
  },
});

/** The stack configuration the engine would hand the provider processes: where they read the credentials. */
const credentialsInStackConfig = () =>
  setStackConfig(
    {
      "mailinfra:google": {
        adminEmail: "admin@corp.test",
        serviceAccountKey: "{}",
        oauthClient: { clientId: "1-x.apps.googleusercontent.com", clientSecret: "GOCSPX-s" },
      },
      "mailinfra:smartlead": { apiKey: "k" },
    },
    ["mailinfra:google", "mailinfra:smartlead"],
  );

let world: DnsWorld;
beforeAll(async () => {
  credentialsInStackConfig();
  world = await startDnsWorld({ resolvers: [{ name: "r", lagMs: 0 }] });
  world.zones.addZone("google.test");
  world.zones.add({
    name: "_spf.google.test",
    type: "TXT",
    strings: ["v=spf1 ip4:192.0.2.0/24 ip6:2001:db8::/32 ~all"],
  });
});
afterAll(() => {
  setStackConfig({});
  return world?.stop();
});

const google = {
  adminEmail: "admin@corp.test",
  customerId: "my_customer",
  serviceAccountKey: pulumi.secret("{}"),
} as unknown as GoogleConfig;
const sendingPlatform = smartleadPlatform({
  apiKey: pulumi.secret("k"),
  baseUrl: "http://sl.test/api/v1",
} as unknown as SmartleadConfig);

describe("MailDomain", () => {
  it("publishes the Workspace token as a record and hands each mailbox to Workspace and Smartlead with its settings", async () => {
    const domain = domainConfig({
      name: "order.test",
      dns: { host: "manual", registrar: "godaddy" },
      mailboxes: [{ username: "ana", firstName: "Ana", lastName: "Lima" }],
    });
    const mail = new MailDomain("order.test", { domain, google, sendingPlatform });
    const records = await resolved(mail.records);
    expect(records.find((r) => r.purpose === "verification")?.content).toBe("google-site-verification=tok3n");
    await resolved(mail.mailboxes[0].email);
    await resolved(mail.mailboxes[0].sendingAccount!.resource.id);

    const byName = (name: string) => registered.find((r) => r.name === name);
    const readiness = byName("order.test-readiness");
    expect(readiness?.type).toBe("pulumi-nodejs:dynamic/mailinfra:DnsReadiness");
    expect(readiness?.inputs.records).toEqual(records);
    expect(readiness?.inputs.domain).toBe("order.test");
    expect(readiness?.inputs.timeoutSeconds).toBe(1800);

    const verification = byName("order.test-verification");
    expect(verification?.inputs.verificationToken).toBe("google-site-verification=tok3n");
    const user = byName("ana@order.test-user");
    expect(user?.inputs).toMatchObject({ primaryEmail: "ana@order.test", firstName: "Ana", orgUnit: "/" });
    const account = byName("ana@order.test-smartlead");
    expect(account?.inputs).toMatchObject({
      fromName: "Ana Lima",
      maxEmailsPerDay: 50,
      warmup: { enabled: true, perDay: 40, dailyRampup: 5 },
      customTrackingUrl: "emailtracking.order.test",
      onDelete: "disconnect",
    });
    expect(await resolved(mail.registrarInstructions)).toContain("GoDaddy");

    // The credentials are the provider process's (from the stack configuration), never a resource's input.
    for (const resource of [byName("order.test-workspace"), verification, user, account]) {
      expect(resource).toBeDefined();
      expect(resource?.inputs).not.toHaveProperty("serviceAccountKey");
      expect(resource?.inputs).not.toHaveProperty("apiKey");
    }
  });

  it("refuses a Google account whose key is not in the stack configuration, naming the path and the command, before registering the domain", () => {
    setStackConfig({ "mailinfra:smartlead": { apiKey: "k" } }, ["mailinfra:smartlead"]);
    try {
      const domain = domainConfig({
        name: "keyless.test",
        dns: { host: "manual", registrar: "godaddy" },
        mailboxes: [{ username: "ana", firstName: "Ana", lastName: "Lima" }],
      });
      expect(() => new MailDomain("keyless.test", { domain, google, sendingPlatform })).toThrow(
        /mailinfra:google\.serviceAccountKey: is not set in the stack configuration[\s\S]*pulumi config set --secret --path 'mailinfra:google\.serviceAccountKey' < service-account\.json/,
      );
      expect(registered.filter((r) => r.name.startsWith("keyless.test"))).toEqual([]);
    } finally {
      credentialsInStackConfig();
    }
  });

  it("connects an authorized OAuth mailbox with the OAuth client and its token, leaves an unauthorized one pending, signs an app-password one in with its app password", async () => {
    const domain = domainConfig({
      name: "oauth.test",
      dns: { host: "manual", registrar: "other" },
      mailboxes: [
        { username: "ana", firstName: "Ana", lastName: "Lima", connection: "oauth" },
        { username: "ben", firstName: "Ben", lastName: "Li", connection: "oauth" },
        {
          username: "cy",
          firstName: "Cy",
          lastName: "Ng",
          connection: "app-password",
          appPassword: pulumi.secret("abcd efgh ijkl mnop"),
        },
      ],
    });
    const withClient = {
      ...google,
      rootUrl: "http://127.0.0.1:4010",
      oauthClient: { clientId: "1-x.apps.googleusercontent.com", clientSecret: pulumi.secret("GOCSPX-s") },
    } as unknown as GoogleConfig;
    const mail = new MailDomain("oauth.test", {
      domain,
      google: withClient,
      sendingPlatform,
      authorizations: { "Ana@oauth.test": pulumi.secret("1//ana") },
    });
    const [ana, ben, cy] = mail.mailboxes;
    await resolved(ana.sendingAccount!.resource.id);
    await resolved(cy.sendingAccount!.resource.id);
    expect([ana.pendingAuthorization, ben.pendingAuthorization, cy.pendingAuthorization]).toEqual([
      false,
      true,
      false,
    ]);
    await resolved(ben.sendingAccount!.resource.id);
    const byName = (name: string) => registered.find((r) => r.name === name);
    // Registered as pending, so an account connected before for the address is never deleted; no credentials.
    expect(byName("ben@oauth.test-smartlead")?.inputs.connection.value).toMatchObject({ kind: "pending" });
    expect(JSON.stringify(byName("ben@oauth.test-smartlead")?.inputs)).not.toMatch(
      /refreshToken|clientSecret/,
    );
    expect(byName("ben@oauth.test-user")).toBeDefined();
    const anaAccount = byName("ana@oauth.test-smartlead");
    // A secret as a whole (Pulumi's secret signature), the refresh token inside; the client secret is the
    // provider process's (mailinfra:google.oauthClient.clientSecret), not the account's.
    expect(anaAccount?.inputs.connection["4dabf18193072939515e22adb298388d"]).toBe(
      "1b47061264138c4ac30d75fd1eb44270",
    );
    expect(anaAccount?.inputs.connection.value).toMatchObject({
      kind: "oauth",
      clientId: "1-x.apps.googleusercontent.com",
      refreshToken: "1//ana",
      tokenUri: "http://127.0.0.1:4010/token",
      authorizeCommand: "npm run authorize -- --stack test",
    });
    expect(anaAccount?.inputs.connection.value).not.toHaveProperty("clientSecret");
    expect(anaAccount?.inputs.smtp).toBeUndefined();
    const cyAccount = byName("cy@oauth.test-smartlead");
    expect(cyAccount?.inputs.smtp.value).toMatchObject({
      username: "cy@oauth.test",
      password: "abcd efgh ijkl mnop",
    });
    expect(cyAccount?.inputs.imap.value).toMatchObject({ password: "abcd efgh ijkl mnop" });
    expect(cyAccount?.inputs.connection).toBeUndefined();
  });

  it("gives Smartlead the same tracking host as the CNAME when tracking.subdomain is written in full", async () => {
    const domain = domainConfig({
      name: "full.test",
      dns: { host: "manual", registrar: "other" },
      tracking: { subdomain: "track.full.test" },
      mailboxes: [{ username: "ana", firstName: "Ana", lastName: "Lima" }],
    });
    const mail = new MailDomain("full.test", { domain, google, sendingPlatform });
    const records = await resolved(mail.records);
    await resolved(mail.mailboxes[0].sendingAccount!.resource.id);
    // Before: track.full.test.full.test, for both.
    expect(records.filter((r) => r.purpose === "tracking").map((r) => r.name)).toEqual(["track.full.test"]);
    const account = registered.find((r) => r.name === "ana@full.test-smartlead");
    expect(account?.inputs.customTrackingUrl).toBe("track.full.test");
  });

  it("creates no Workspace resources without a Google account, and none for Microsoft 365", async () => {
    const before = registered.length;
    const dnsOnly = new MailDomain("dns-only.test", {
      domain: domainConfig({ name: "dns-only.test", dns: { host: "manual", registrar: "other" } }),
    });
    const m365 = new MailDomain("m365.test", {
      domain: domainConfig({
        name: "m365.test",
        dns: { host: "manual", registrar: "other" },
        platform: { kind: "microsoft-365", tenant: "contoso" },
      }),
      google,
    });
    await resolved(dnsOnly.readiness.id);
    await resolved(m365.readiness.id);
    const types = registered.slice(before).map((r) => r.type);
    expect(types.filter((t) => t.includes("Workspace"))).toEqual([]);
    expect(types.filter((t) => t.endsWith(":DnsReadiness"))).toHaveLength(2);
  });

  it("flattens SPF through the configured resolvers when spf.flatten is on", async () => {
    const domain = domainConfig({
      name: "flat.test",
      dns: { host: "manual", registrar: "other" },
      platform: {
        kind: "custom",
        mx: [{ host: "mx.flat.test", priority: 10 }],
        spfIncludes: ["_spf.google.test"],
      },
      spf: { flatten: true },
    });
    const mail = new MailDomain("flat.test", {
      domain,
      readiness: { resolvers: [world.resolvers[0].address], timeoutMinutes: 30 },
    });
    const all = await resolved(mail.records);
    const spf = all.filter((r) => r.purpose === "spf");
    expect(spf).toHaveLength(1);
    // A custom platform without a configured key gets one generated, published under the default selector.
    expect(mail.dkimKey).toBeDefined();
    expect(all.find((r) => r.purpose === "dkim")?.name).toBe("mailinfra._domainkey.flat.test");
    expect(spf[0].content).toBe("v=spf1 ip4:192.0.2.0/24 ip6:2001:db8::/32 ~all");
  });
});

describe("MailDomain: the accounts and the readiness gate as a person writes them", () => {
  it("fills in the schema's defaults: Workspace customer my_customer, a 30-minute gate", async () => {
    const mail = new MailDomain("written.test", {
      domain: { name: "written.test", dns: { host: "manual", registrar: "other" } },
      google: { adminEmail: "admin@corp.test", serviceAccountKey: pulumi.secret("{}") },
      readiness: { resolvers: ["192.0.2.53"] },
    });
    await resolved(mail.readiness.id);
    await resolved(mail.workspaceDomain!.id);
    const byName = (name: string) => registered.find((r) => r.name === name);
    expect(byName("written.test-workspace")?.inputs.customerId).toBe("my_customer");
    expect(byName("written.test-readiness")?.inputs).toMatchObject({
      resolvers: ["192.0.2.53"],
      timeoutSeconds: 1800,
    });
  });

  it("throws a setting that does not parse at its mailinfra: path, with its fix", () => {
    const build = () =>
      new MailDomain("plain-key.test", {
        domain: { name: "plain-key.test", dns: { host: "manual", registrar: "other" } },
        readiness: { timeoutMinutes: 0 },
      });
    expect(build).toThrow(/mailinfra:readiness\.timeoutMinutes/);
    const google = () =>
      new MailDomain("plain-key-2.test", {
        domain: { name: "plain-key-2.test", dns: { host: "manual", registrar: "other" } },
        google: { adminEmail: "admin@corp.test", serviceAccountKey: "{}" } as never,
      });
    expect(google).toThrow(/mailinfra:google\.serviceAccountKey: is stored in plain text[\s\S]*Fix: /);
  });
});
