import { authorizationKey, authorizationPath } from "../../components/config/authorizations";
import { type OAuthEndpoints, oauthEndpoints } from "../../providers/workspace/oauth-endpoints";
import {
  pulumiCli,
  type StackConfiguration,
  StackConfigurationUnreadable,
  stackConfiguration,
} from "./pulumi-cli";

/** What the authorize command needs from a stack's configuration. */
export interface StackAuthorizations {
  stack: string;
  /** Declared Google Workspace mailboxes that connect to Smartlead with OAuth, in declaration order. */
  mailboxes: { address: string; domain: string }[];
  /** mailinfra:google.oauthClient, secret included; undefined when not configured. */
  oauthClient?: { clientId: string; clientSecret: string };
  endpoints: OAuthEndpoints;
  /** Stored refresh tokens by mailbox address (lower case). */
  refreshTokens: Map<string, string>;
  /** Configuration errors found while reading (the same the program reports). */
  errors: string[];
  /**
   * False when the stack declares `mailinfra:domains` but its configuration could not be parsed: its mailboxes
   * are unknown, so `mailboxes` being empty does not mean there is nothing to authorize.
   */
  readable: boolean;
}

function parsed(text: string | undefined): unknown {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null;

/**
 * Reads the stack's configuration with the Pulumi CLI (`pulumi config --show-secrets --json`, decrypted by the
 * stack's own secrets provider) and interprets it with the program's own reader (components/config/load.ts),
 * so the mailboxes this command lists are exactly those `up` connects with OAuth. Secret values stay in this
 * process; nothing here prints them.
 */
export async function readStackAuthorizations(stack: string): Promise<StackAuthorizations> {
  let read: StackConfiguration;
  try {
    read = await stackConfiguration(stack);
  } catch (error) {
    if (error instanceof StackConfigurationUnreadable) throw new Error(error.message);
    throw error;
  }
  const { values, config, issues } = read;
  const errors = issues.filter((i) => i.severity === "error").map((i) => `${i.path}: ${i.message}. ${i.fix}`);

  const google = parsed(values["mailinfra:google"]);
  const client = isObject(google) && isObject(google.oauthClient) ? google.oauthClient : undefined;
  const oauthClient =
    typeof client?.clientId === "string" && typeof client.clientSecret === "string"
      ? { clientId: client.clientId, clientSecret: client.clientSecret }
      : undefined;
  const rootUrl = isObject(google) && typeof google.rootUrl === "string" ? google.rootUrl : undefined;
  const stored = parsed(values["mailinfra:authorizations"]);
  const refreshTokens = new Map<string, string>();
  if (isObject(stored)) {
    for (const [address, token] of Object.entries(stored)) {
      if (typeof token === "string") refreshTokens.set(authorizationKey(address), token);
    }
  }
  const mailboxes = (config?.domains ?? [])
    .filter((d) => d.platform.kind === "google-workspace")
    .flatMap((d) =>
      d.mailboxes
        .filter((m) => m.connection === "oauth" && m.smartlead.enabled)
        .map((m) => ({ address: authorizationKey(m.address), domain: d.name })),
    );
  return {
    stack,
    mailboxes,
    ...(oauthClient ? { oauthClient } : {}),
    endpoints: oauthEndpoints(rootUrl),
    refreshTokens,
    errors,
    readable: config !== undefined || values["mailinfra:domains"] === undefined,
  };
}

/**
 * Stores one refresh token as a Pulumi secret at `mailinfra:authorizations["<address>"]` (Pulumi's path syntax
 * for a key with dots, https://www.pulumi.com/docs/iac/cli/commands/pulumi_config_set/). The token goes
 * through standard input: never on a command line, never printed, never written unencrypted.
 */
export async function storeRefreshToken(stack: string, address: string, refreshToken: string): Promise<void> {
  const run = await pulumiCli(
    ["config", "set", "--secret", "--path", authorizationPath(address)],
    stack,
    refreshToken,
  );
  if (run.code !== 0) {
    throw new Error(
      `could not store the authorization of ${address} in stack ${stack}: ${run.stderr.trim()}`,
    );
  }
}
