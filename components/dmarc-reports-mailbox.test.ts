import * as pulumi from "@pulumi/pulumi";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parsedConfig, setStackConfig } from "../test/support/config";
import { mockRuntime } from "../test/support/mock-runtime";
import { resolved } from "../test/support/resolved";
import type { GoogleConfig, SmartleadConfig } from "./config/schema";
import { MailDomain } from "./mail-domain";
import { smartleadPlatform } from "./sending-platforms/smartlead";

const { registered } = mockRuntime({
  newResource(args) {
    if (args.type === "pulumi-nodejs:dynamic/mailinfra:WorkspaceDomain")
      return { state: { ...args.inputs, verificationToken: "google-site-verification=tok3n" } };
    if (args.type === "pulumi-nodejs:dynamic/mailinfra:WorkspaceUser")
      return { state: { ...args.inputs, email: args.inputs.primaryEmail, password: "pw" } };
    return undefined;
  },
});

beforeAll(() =>
  setStackConfig(
    {
      "mailinfra:google": { adminEmail: "admin@corp.test", serviceAccountKey: "{}" },
      "mailinfra:smartlead": { apiKey: "k" },
    },
    ["mailinfra:google", "mailinfra:smartlead"],
  ),
);
afterAll(() => setStackConfig({}));

const google = {
  adminEmail: "admin@corp.test",
  customerId: "my_customer",
  serviceAccountKey: pulumi.secret("{}"),
} as unknown as GoogleConfig;
const sendingPlatform = smartleadPlatform({
  apiKey: pulumi.secret("k"),
  baseUrl: "http://sl.test/api/v1",
} as unknown as SmartleadConfig);

/** Two domains of one stack, with the reports mailbox the stack declares. */
function stack(dmarcReports: Record<string, unknown>, prefix: string) {
  const mailboxes = [{ username: "ana", firstName: "Ana", lastName: "Lima" }];
  const config = parsedConfig({
    defaults: { dns: { host: "manual", registrar: "other" } },
    domains: [
      { name: `${prefix}-a.test`, mailboxes },
      { name: `${prefix}-b.test`, mailboxes },
    ],
    dmarcReports,
  });
  return config.domains.map(
    (domain) =>
      new MailDomain(domain.name, {
        domain,
        google,
        sendingPlatform,
        ...(config.dmarcReports ? { dmarcReports: config.dmarcReports } : {}),
      }),
  );
}

describe("the DMARC reports mailbox", () => {
  it("is created once, by the domain it is on, after that domain's verification, and never joins Smartlead", async () => {
    const [a, b] = stack({ mailbox: "dmarc-reports@create-a.test" }, "create");
    expect(b.dmarcReportsMailbox).toBeUndefined();
    expect(await resolved(a.dmarcReportsMailbox!.email)).toBe("dmarc-reports@create-a.test");
    const user = registered.find((r) => r.name === "dmarc-reports@create-a.test-dmarc-reports");
    expect(user?.type).toBe("pulumi-nodejs:dynamic/mailinfra:WorkspaceUser");
    expect(user?.inputs).toMatchObject({
      primaryEmail: "dmarc-reports@create-a.test",
      firstName: "DMARC",
      lastName: "Reports",
      orgUnit: "/",
      adopt: false,
      onDelete: "suspend",
    });
    expect(user?.inputs).not.toHaveProperty("serviceAccountKey");
    // Only the sending mailboxes have Smartlead accounts.
    const accounts = registered.filter((r) => r.name.endsWith("-smartlead") && r.name.includes("create-"));
    expect(accounts.map((r) => r.name).sort()).toEqual([
      "ana@create-a.test-smartlead",
      "ana@create-b.test-smartlead",
    ]);
    // Both domains publish it; the other domain's reports are authorized on the reports domain (RFC 7489 §7.1).
    const records = await resolved(a.records);
    expect(records.filter((r) => r.purpose.startsWith("dmarc")).map((r) => [r.name, r.content])).toEqual([
      ["_dmarc.create-a.test", "v=DMARC1; p=none; rua=mailto:dmarc-reports@create-a.test; adkim=r; aspf=r"],
      ["create-b.test._report._dmarc.create-a.test", "v=DMARC1"],
    ]);
  });

  it("keeps what the config says on removal: onDelete delete is handed to the user", async () => {
    const [a] = stack({ mailbox: "r@delete-a.test", onDelete: "delete", firstName: "Reports" }, "delete");
    await resolved(a.dmarcReportsMailbox!.email);
    const user = registered.find((r) => r.name === "r@delete-a.test-dmarc-reports");
    expect(user?.inputs).toMatchObject({ onDelete: "delete", firstName: "Reports" });
  });

  it("is not created when it is a sending mailbox, or outside the stack's domains", () => {
    const sending = stack({ mailbox: "ana@sending-a.test" }, "sending");
    expect(sending.map((d) => d.dmarcReportsMailbox)).toEqual([undefined, undefined]);
    const outside = stack({ mailbox: "r@agency.test" }, "outside");
    expect(outside.map((d) => d.dmarcReportsMailbox)).toEqual([undefined, undefined]);
    expect(
      registered.filter((r) => r.name.endsWith("-dmarc-reports") && /sending|agency/.test(r.name)),
    ).toEqual([]);
  });
});
