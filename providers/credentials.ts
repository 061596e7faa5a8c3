import * as pulumi from "@pulumi/pulumi";
import { type ConfigIssue, configError } from "../components/config/issue";
import { providerSettings } from "./provider-settings";

/**
 * The stack's credentials, held once per provider process instead of stored with every resource.
 *
 * Pulumi's default provider of dynamic resources (`pulumi:providers:pulumi-nodejs`) already stores the whole stack
 * configuration once, secrets encrypted, and the engine hands it to the provider process; the process passes it to
 * the `configure` of each stored loader (providers/shim.ts → providers/provider-process.ts), which hands it here.
 * Dynamic providers receive every key with its namespace (pulumi/pulumi#17229,
 * https://github.com/pulumi/pulumi/pull/17229) through `configure` (pulumi/pulumi#17697,
 * https://github.com/pulumi/pulumi/pull/17697); a secret arrives as its plain value.
 *
 * So the Workspace and Smartlead resources no longer carry the service-account key or the API key in their inputs
 * and outputs: rotating a key in the stack configuration reaches every resource at the next run without an update,
 * and the state holds each key's ciphertext once. Resources created before still hold their key in their stored
 * outputs; their refresh and destroy may run a stored loader of that time, which never configures: they fall back
 * to that key when the process holds none.
 *
 * Tests set what the engine would: `stackCredentials.use({ serviceAccountKey })` (see ./provider-settings.ts).
 */
export interface StackCredentials {
  /** `mailinfra:google.serviceAccountKey`: the service account's JSON key, as text. */
  serviceAccountKey?: string;
  /** `mailinfra:smartlead.apiKey`. */
  smartleadApiKey?: string;
  /** `mailinfra:google.oauthClient.clientSecret`: the secret of the OAuth client OAuth mailboxes authorized. */
  oauthClientSecret?: string;
}

export const stackCredentials = providerSettings<StackCredentials>({});

/** Where each credential sits in the stack configuration, and the command that puts it there. */
export const CREDENTIAL_SOURCES = {
  serviceAccountKey: {
    key: "mailinfra:google",
    field: ["serviceAccountKey"],
    path: "mailinfra:google.serviceAccountKey",
    command: "pulumi config set --secret --path 'mailinfra:google.serviceAccountKey' < service-account.json",
    what: "the Google service account's JSON key",
  },
  smartleadApiKey: {
    key: "mailinfra:smartlead",
    field: ["apiKey"],
    path: "mailinfra:smartlead.apiKey",
    command: "pulumi config set --secret --path 'mailinfra:smartlead.apiKey' <api-key>",
    what: "the Smartlead API key",
  },
  oauthClientSecret: {
    key: "mailinfra:google",
    field: ["oauthClient", "clientSecret"],
    path: "mailinfra:google.oauthClient.clientSecret",
    command:
      "pulumi config set --secret --path 'mailinfra:google.oauthClient.clientSecret' (it asks for the secret)",
    what: "the OAuth client's secret",
  },
} as const satisfies Record<keyof StackCredentials, unknown>;

export type CredentialName = keyof typeof CREDENTIAL_SOURCES;

/** What reads one stack configuration key: the `config` of Pulumi's ConfigureRequest, or the program's own. */
export interface StackConfigReader {
  get(key: string): string | undefined;
}

/**
 * The credential's text in the stack configuration, if it is there. Structured config values arrive as JSON text;
 * a key pasted as an object (YAML) counts as its JSON.
 */
export function credentialInConfig(config: StackConfigReader, name: CredentialName): string | undefined {
  const source = CREDENTIAL_SOURCES[name];
  const text = config.get(source.key);
  if (text === undefined) return undefined;
  let section: unknown;
  try {
    section = JSON.parse(text);
  } catch {
    return undefined;
  }
  let value: unknown = section;
  for (const step of source.field) value = (value as Record<string, unknown> | null | undefined)?.[step];
  if (value === undefined || value === null || value === "") return undefined;
  return typeof value === "string" ? value : JSON.stringify(value);
}

/** Takes the credentials from the configuration the engine handed to `configure`; called once per stored loader. */
export function receiveStackConfig(config: StackConfigReader): void {
  stackCredentials.use({
    serviceAccountKey: credentialInConfig(config, "serviceAccountKey"),
    smartleadApiKey: credentialInConfig(config, "smartleadApiKey"),
    oauthClientSecret: credentialInConfig(config, "oauthClientSecret"),
  });
}

/** The message when a credential is nowhere: which configuration path, and the command that sets it. */
export function missingCredentialMessage(name: CredentialName): string {
  const source = CREDENTIAL_SOURCES[name];
  return `${source.path} is not set in the stack configuration: mailinfra's resources read ${source.what} from there, once per stack. Run: ${source.command}`;
}

/** Where a resource created before credentials were held once stored each in its own props. */
const STORED_AT: Record<CredentialName, readonly string[]> = {
  serviceAccountKey: ["serviceAccountKey"],
  smartleadApiKey: ["apiKey"],
  oauthClientSecret: ["connection", "clientSecret"],
};

/**
 * The credential for one operation: the stack's, else the one a resource created before stored in its own props
 * (its refresh or destroy may run a loader that never configures). Throws saying where to set it.
 */
export function credential(name: CredentialName, stored?: Record<string, unknown>): string {
  const held = stackCredentials.current()[name];
  if (held) return held;
  let legacy: unknown = stored;
  for (const step of STORED_AT[name]) legacy = (legacy as Record<string, unknown> | undefined)?.[step];
  if (typeof legacy === "string" && legacy !== "") return legacy;
  throw new Error(missingCredentialMessage(name));
}

/** `check`'s failure when the process holds no such credential: shown at preview, nothing is created. */
export function missingCredentialFailures(name: CredentialName): pulumi.dynamic.CheckFailure[] {
  if (stackCredentials.current()[name]) return [];
  // No property: the engine would print the input's value, and the credential is no input.
  return [{ property: "", reason: missingCredentialMessage(name) }];
}

/**
 * The program's own stack configuration, by full key (what the engine also hands to the provider process).
 * `pulumi.runtime.getConfig` parses the whole configuration on every call (runtime/config.js `parseConfig`), so a
 * check per mailbox cost the whole fleet's configuration each time: quadratic in domains. One parse serves every
 * check while the configuration text the SDK holds is the same.
 */
const programConfig: StackConfigReader = { get: (key) => programConfigSnapshot()[key] };

let snapshot: { text: string; config: Record<string, string> } | undefined;

function programConfigSnapshot(): Record<string, string> {
  const text = sdkConfigText();
  // An SDK that keeps its configuration elsewhere: parse per call, correct if slower.
  if (text === undefined) return pulumi.runtime.allConfig();
  if (snapshot?.text !== text) snapshot = { text, config: pulumi.runtime.allConfig() };
  return snapshot.config;
}

/** The configuration as the SDK holds it (`PULUMI_CONFIG` in its store: one JSON text per program run). */
function sdkConfigText(): string | undefined {
  try {
    const { getStore } = require("@pulumi/pulumi/runtime/state") as {
      getStore(): { config?: Record<string, string | undefined> };
    };
    const text = getStore().config?.PULUMI_CONFIG;
    return typeof text === "string" ? text : undefined;
  } catch {
    return undefined;
  }
}

/**
 * For a program, before it registers resources that need the credential: an error naming the configuration path and
 * the command when the stack configuration lacks it. mailinfra's own program reads its settings from there, so it
 * only fails for a program that passes the credential from somewhere else (`google.serviceAccountKey` of its own
 * config key): the provider process would not have it.
 */
export function credentialConfigIssues(
  names: readonly CredentialName[],
  config: StackConfigReader = programConfig,
): ConfigIssue[] {
  return names
    .filter((name) => credentialInConfig(config, name) === undefined)
    .map((name) =>
      configError(
        CREDENTIAL_SOURCES[name].path,
        `is not set in the stack configuration, where mailinfra's resources read ${CREDENTIAL_SOURCES[name].what} (once per stack; a key passed to a component only serves the program's own checks)`,
        `Run: ${CREDENTIAL_SOURCES[name].command}`,
      ),
    );
}
