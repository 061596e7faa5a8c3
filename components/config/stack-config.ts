import * as pulumi from "@pulumi/pulumi";
import { isConfigKey } from "./config-keys";
import { isPlainObject } from "./defaults";
import { spamhausDqsKeyIssues } from "./health-settings";
import { type ConfigIssue, NAMESPACE } from "./issue";
import { serviceAccountKeyIssues } from "./service-account-key";

/** Where each credential sits: top-level key and field. */
const SECRETS = [
  { key: "google", field: "serviceAccountKey" },
  { key: "smartlead", field: "apiKey" },
  { key: "health", field: "spamhausDqsKey" },
] as const;

/**
 * Whether Pulumi marked `mailinfra:<key>` secret. The engine passes the list of secret keys to the
 * program (PULUMI_CONFIG_SECRET_KEYS); @pulumi/pulumi 3.259 reads it in the internal
 * `runtime.isConfigSecret`. A key holding any `secure:` value is secret as a whole.
 */
function isSecretKey(fullKey: string): boolean {
  const runtime = pulumi.runtime as unknown as { isConfigSecret?: (k: string) => boolean };
  if (typeof runtime.isConfigSecret !== "function") {
    throw new Error(
      "@pulumi/pulumi no longer exposes runtime.isConfigSecret; mailinfra cannot tell secrets apart",
    );
  }
  return runtime.isConfigSecret(fullKey);
}

/** Pulumi passes objects and lists as JSON; a scalar stays a string and the schema reports it. */
function readValue(config: pulumi.Config, key: string): unknown {
  const text = config.get(key);
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** `holder[field]` as a secret Output (objects as their JSON); undefined and non-objects are left alone. */
function protectField(holder: unknown, field: string): void {
  if (!isPlainObject(holder) || holder[field] === undefined) return;
  const raw = holder[field];
  holder[field] = pulumi.secret(typeof raw === "string" ? raw : JSON.stringify(raw));
}

/**
 * Secrets that sit deeper than SECRETS, protected when (and only when) their top-level key is secret, as
 * Pulumi marks a whole key secret once any value under it is (`config set --secret --path`):
 * `google.oauthClient.clientSecret`, every refresh token of `authorizations`, each mailbox's `appPassword`
 * (in `domains` and `defaults`). A plain value among secret ones under the same key cannot be told apart.
 */
function protectNestedSecrets(values: Record<string, unknown>): void {
  const google = values.google;
  if (isPlainObject(google) && isSecretKey(`${NAMESPACE}:google`))
    protectField(google.oauthClient, "clientSecret");
  const authorizations = values.authorizations;
  if (isPlainObject(authorizations) && isSecretKey(`${NAMESPACE}:authorizations`)) {
    for (const address of Object.keys(authorizations)) protectField(authorizations, address);
  }
  const mailboxLists: { key: string; lists: unknown[] }[] = [
    {
      key: "domains",
      lists: Array.isArray(values.domains)
        ? values.domains.map((d) => (isPlainObject(d) ? d.mailboxes : undefined))
        : [],
    },
    { key: "defaults", lists: isPlainObject(values.defaults) ? [values.defaults.mailboxes] : [] },
  ];
  for (const { key, lists } of mailboxLists) {
    if (!isSecretKey(`${NAMESPACE}:${key}`)) continue;
    for (const list of lists) {
      if (Array.isArray(list)) for (const mailbox of list) protectField(mailbox, "appPassword");
    }
  }
}

/** Replaces each credential that came from secret config by a secret Output; plain values stay plain. */
function protectSecrets(values: Record<string, unknown>): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  for (const { key, field } of SECRETS) {
    const holder = values[key];
    if (!isPlainObject(holder) || holder[field] === undefined) continue;
    if (!isSecretKey(`${NAMESPACE}:${key}`)) continue; // parseConfig reports the plain text value
    const raw = holder[field];
    const text = typeof raw === "string" ? raw : JSON.stringify(raw);
    if (field === "serviceAccountKey") issues.push(...serviceAccountKeyIssues(text));
    if (field === "spamhausDqsKey") issues.push(...spamhausDqsKeyIssues(text));
    values[key] = { ...holder, [field]: pulumi.secret(text) };
  }
  protectNestedSecrets(values);
  return issues;
}

/**
 * Reads the `mailinfra:` namespace through Pulumi's config API: every known key as parsed JSON,
 * credentials wrapped as secret Outputs when (and only when) they came from `--secret`. Unknown
 * `mailinfra:` keys (`mailinfra:domain`) and every key of another namespace are passed on without their
 * value, so parseConfig reports typos and keys meant for mailinfra under another namespace
 * (`mailinfa:defaults`, `pulumi:domains`) and ignores the rest (`aws:region`).
 */
export function readStackConfig(): { raw: Record<string, unknown>; issues: ConfigIssue[] } {
  const config = new pulumi.Config(NAMESPACE);
  const issues: ConfigIssue[] = [];
  const raw: Record<string, unknown> = {};
  for (const fullKey of Object.keys(pulumi.runtime.allConfig())) {
    if (!fullKey.startsWith(`${NAMESPACE}:`)) {
      raw[fullKey] = null; // never read: another program's value may be a secret
      continue;
    }
    const key = fullKey.slice(NAMESPACE.length + 1);
    if (!isConfigKey(key)) {
      raw[key] = null; // parseConfig reports unknown keys with the list of known ones
      continue;
    }
    const value = readValue(config, key);
    if (value !== undefined) raw[key] = value;
  }
  issues.push(...protectSecrets(raw));
  return { raw, issues };
}
