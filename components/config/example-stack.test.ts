import { readFileSync } from "node:fs";
import { join } from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { planRecords } from "../dns/record-set";
import { validateConfigSync } from "../validation/validate";
import { parseConfig } from "./parse";

const EXAMPLE = join(__dirname, "../../stacks/Pulumi.example.yaml");

/** The example's `config:` map, keys as Pulumi passes them (`mailinfra:domains`, ...). */
function exampleConfig(): Record<string, Record<string, unknown>> {
  return parse(readFileSync(EXAMPLE, "utf8")).config;
}

/** The example leaves credentials to `pulumi config set --secret`; the engine would pass them as secrets. */
function withSecretsSet(config: Record<string, Record<string, unknown>>) {
  return {
    ...config,
    "mailinfra:google": {
      ...config["mailinfra:google"],
      serviceAccountKey: pulumi.secret("{}"),
      // The two `pulumi config set` lines of the example's comment: mailboxes connect with OAuth by default.
      oauthClient: { clientId: "1234-abc.apps.googleusercontent.com", clientSecret: pulumi.secret("s") },
    },
    "mailinfra:smartlead": { ...config["mailinfra:smartlead"], apiKey: pulumi.secret("key") },
  };
}

const DKIM_KEY =
  "MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA0UIhPiZiRSShv2kzdYhf1L+8EKOOWY9Tobr7eBBLIqirZmbn4dHJ278h7ukJoa0g5GOl0qdRlkwEuS4zwJYsoibb3Yg/fbd53aCVTOHKL+Od3L6W5zy1LpqyQePgW+y5QWhlFZE2z4bFmIpklXc2ZxHUGUeAe+k7prWJNsS2RFwa7Zvywk7mHXhHCZJAD+di1LHGLZpmxCt3fE2Ak0dQWHMEH+2LVJSIsofR44dzK4v1Z7J+V1TGACXLitpVMO7jctIN6h3mj64fmKODdriV+IuuMhcA3QXRAIFx74wXrSG9EX+I3MRJ9biI21y0N+xjFsNpwSwsyLM4JGHl941LQQIDAQAB";

describe("stacks/Pulumi.example.yaml", () => {
  it("has no credential in it", () => {
    const text = readFileSync(EXAMPLE, "utf8");
    expect(text).not.toMatch(/^\s*(serviceAccountKey|apiKey|spamhausDqsKey)\s*:/m);
    expect(text).not.toMatch(/secure:\s*v1:/);
  });

  it("asks for the secrets it leaves out, by path, before anything else", () => {
    expect(parseConfig(exampleConfig()).issues.map((i) => [i.path, i.message])).toEqual([
      ["mailinfra:google.serviceAccountKey", "is missing"],
      ["mailinfra:smartlead.apiKey", "is missing"],
    ]);
  });

  it("parses and validates cleanly once the secrets are set, with one warning for the missing DKIM key", () => {
    const { config, issues } = parseConfig(withSecretsSet(exampleConfig()));
    expect(issues).toEqual([]);
    expect(validateConfigSync(config!).map((i) => [i.severity, i.path])).toEqual([
      ["warning", "mailinfra:domains[1].dkim.publicKey"],
    ]);
    expect(config!.readiness).toEqual({
      resolvers: ["1.1.1.1", "8.8.8.8", "9.9.9.9"],
      quorum: "majority",
      timeoutMinutes: 30,
    });
    expect(config!.health).toEqual({ blocklistResolvers: ["192.0.2.53"] });
    expect(
      config!.domains.flatMap((d) =>
        d.mailboxes.map((m) => [m.address, m.smartlead.campaignIds, m.smartlead.warmup.perDay]),
      ),
    ).toEqual([
      ["jane.doe@acme-outreach.com", [1234567], 40],
      ["john.smith@acme-outreach.com", [1234567, 7654321], 30],
      ["jane@tryacme.io", [], 40],
    ]);
  });

  it("yields exactly these record sets", () => {
    const { config } = parseConfig(withSecretsSet(exampleConfig()));
    const [acme, tryacme] = config!.domains;
    const dkim = `v=DKIM1; k=rsa; p=${DKIM_KEY}`;
    expect(planRecords(acme, { googleVerificationToken: "google-site-verification=acme-token" })).toEqual([
      {
        name: "acme-outreach.com",
        type: "MX",
        content: "smtp.google.com",
        priority: 1,
        ttl: 3600,
        purpose: "mx",
      },
      {
        name: "acme-outreach.com",
        type: "TXT",
        content: "v=spf1 include:_spf.google.com ~all",
        strings: ["v=spf1 include:_spf.google.com ~all"],
        ttl: 3600,
        purpose: "spf",
      },
      {
        name: "acme-outreach.com",
        type: "TXT",
        content: "google-site-verification=acme-token",
        strings: ["google-site-verification=acme-token"],
        ttl: 3600,
        purpose: "verification",
      },
      {
        name: "google._domainkey.acme-outreach.com",
        type: "TXT",
        content: dkim,
        strings: [
          "v=DKIM1; k=rsa; p=MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA0UIhPiZiRSShv2kzdYhf1L+8EKOOWY9Tobr7eBBLIqirZmbn4dHJ278h7ukJoa0g5GOl0qdRlkwEuS4zwJYsoibb3Yg/fbd53aCVTOHKL+Od3L6W5zy1LpqyQePgW+y5QWhlFZE2z4bFmIpklXc2ZxHUGUeAe+k7prWJNsS2RFwa7Zvywk7mHXhHCZJAD+di1",
          "LHGLZpmxCt3fE2Ak0dQWHMEH+2LVJSIsofR44dzK4v1Z7J+V1TGACXLitpVMO7jctIN6h3mj64fmKODdriV+IuuMhcA3QXRAIFx74wXrSG9EX+I3MRJ9biI21y0N+xjFsNpwSwsyLM4JGHl941LQQIDAQAB",
        ],
        ttl: 3600,
        purpose: "dkim",
      },
      {
        name: "_dmarc.acme-outreach.com",
        type: "TXT",
        content: "v=DMARC1; p=none; rua=mailto:dmarc-reports@acme-outreach.com; adkim=r; aspf=r",
        strings: ["v=DMARC1; p=none; rua=mailto:dmarc-reports@acme-outreach.com; adkim=r; aspf=r"],
        ttl: 3600,
        purpose: "dmarc",
      },
      {
        name: "tryacme.io._report._dmarc.acme-outreach.com",
        type: "TXT",
        content: "v=DMARC1",
        strings: ["v=DMARC1"],
        ttl: 3600,
        purpose: "dmarc-report-auth",
      },
      {
        name: "emailtracking.acme-outreach.com",
        type: "CNAME",
        content: "open.sleadtrack.com",
        ttl: 3600,
        purpose: "tracking",
      },
    ]);
    expect(planRecords(tryacme)).toEqual([
      { name: "tryacme.io", type: "MX", content: "smtp.google.com", priority: 1, ttl: 3600, purpose: "mx" },
      {
        name: "tryacme.io",
        type: "TXT",
        content: "v=spf1 include:_spf.google.com ~all",
        strings: ["v=spf1 include:_spf.google.com ~all"],
        ttl: 3600,
        purpose: "spf",
      },
      {
        name: "_dmarc.tryacme.io",
        type: "TXT",
        content: "v=DMARC1; p=none; rua=mailto:dmarc-reports@acme-outreach.com; adkim=r; aspf=r",
        strings: ["v=DMARC1; p=none; rua=mailto:dmarc-reports@acme-outreach.com; adkim=r; aspf=r"],
        ttl: 3600,
        purpose: "dmarc",
      },
      {
        name: "track.tryacme.io",
        type: "CNAME",
        content: "open.sleadtrack.com",
        ttl: 3600,
        purpose: "tracking",
      },
    ]);
  });
});
