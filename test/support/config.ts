import * as pulumi from "@pulumi/pulumi";
import { parseConfig } from "../../components/config/parse";
import type { DomainConfig, MailinfraConfig } from "../../components/config/schema";

/** A configuration as a person writes it, through the real parser; throws with the issues when it does not parse. */
export function parsedConfig(raw: Record<string, unknown>): MailinfraConfig {
  const { config, issues } = parseConfig(raw);
  if (config === undefined) throw new Error(`test configuration does not parse: ${JSON.stringify(issues)}`);
  return config;
}

/**
 * Sets the stack configuration a program reads, the way the Pulumi engine passes it: each value a JSON string (a
 * string value as it is), plus the names of the secret keys. `setStackConfig({})` empties it again.
 * @example setStackConfig({ "mailinfra:domains": [{ name: "acme.com" }] }, ["mailinfra:google"])
 */
export function setStackConfig(values: Record<string, unknown>, secretKeys: string[] = []): void {
  const config: Record<string, string> = {};
  for (const [key, value] of Object.entries(values))
    config[key] = typeof value === "string" ? value : JSON.stringify(value);
  pulumi.runtime.setAllConfig(config, secretKeys);
}

/** The Google Workspace and Smartlead settings of a test configuration, credentials as secrets. */
export function testAccounts() {
  return {
    google: {
      adminEmail: "admin@example.com",
      serviceAccountKey: pulumi.secret("{}"),
      // OAuth is the default connection: the client it needs, so only the rule under test reports anything.
      oauthClient: { clientId: "1-abc.apps.googleusercontent.com", clientSecret: pulumi.secret("s3cret") },
    },
    smartlead: { apiKey: pulumi.secret("key") },
  };
}

/** A parsed configuration with manual DNS unless a domain says otherwise, and every account a rule needs. */
export function testConfig(
  domains: Record<string, unknown>[],
  extra: Record<string, unknown> = {},
): MailinfraConfig {
  return parsedConfig({
    defaults: { dns: { host: "manual", registrar: "other" } },
    domains,
    ...testAccounts(),
    ...extra,
  });
}

/** One domain entry as a person writes it, parsed with nothing else configured. */
export function domainConfig(raw: Record<string, unknown>): DomainConfig {
  return parsedConfig({ domains: [raw] }).domains[0];
}

/** A valid 2048-bit RSA public key (base64 SPKI), so DKIM warnings stay out of rule tests. */
export const DKIM_2048 =
  "MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA0UIhPiZiRSShv2kzdYhf1L+8EKOOWY9Tobr7eBBLIqirZmbn4dHJ278h7ukJoa0g5GOl0qdRlkwEuS4zwJYsoibb3Yg/fbd53aCVTOHKL+Od3L6W5zy1LpqyQePgW+y5QWhlFZE2z4bFmIpklXc2ZxHUGUeAe+k7prWJNsS2RFwa7Zvywk7mHXhHCZJAD+di1LHGLZpmxCt3fE2Ak0dQWHMEH+2LVJSIsofR44dzK4v1Z7J+V1TGACXLitpVMO7jctIN6h3mj64fmKODdriV+IuuMhcA3QXRAIFx74wXrSG9EX+I3MRJ9biI21y0N+xjFsNpwSwsyLM4JGHl941LQQIDAQAB";

/** A domain entry with a DKIM key, so only the rule under test reports anything. */
export function quietDomain(name: string, settings: Record<string, unknown> = {}): Record<string, unknown> {
  return { name, dkim: { publicKey: DKIM_2048 }, ...settings };
}

export function summary(issues: { severity: string; path: string; message: string }[]) {
  return issues.map(({ severity, path, message }) => ({ severity, path, message }));
}
