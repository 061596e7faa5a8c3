import { type ConfigIssue, configError, NAMESPACE } from "./issue";

/**
 * The stack config keys mailinfra reads, and the errors for keys that look meant for it but are not read.
 *
 * Keys meant for mailinfra that Pulumi hands to the program under another namespace, where
 * `new pulumi.Config("mailinfra")` never looks: a misspelled namespace (`mailinfa:defaults`,
 * `Mailinfra:domains`, `mailinfra-:domains`) or a mailinfra key under a real one (`pulumi:domains`,
 * `aws:defaults`, `acme:domains` from `pulumi config set domains` in a project not named mailinfra).
 *
 * Pulumi keys are `[<namespace>:]<key>`; a key set without a namespace gets the project's name from
 * Pulumi.yaml (https://www.pulumi.com/docs/iac/concepts/config/#configuration-keys), which here is
 * `mailinfra`, so `pulumi config set domains ...` is already right. The engine passes every key of the stack,
 * whatever its namespace, to the program as one JSON map (PULUMI_CONFIG; @pulumi/pulumi's
 * runtime/config.ts reads it into `runtime.allConfig()`).
 *
 * A key of another namespace is flagged only when its name is exactly a mailinfra key (case aside): keys
 * close to one (`auth0:domain`) belong to real providers.
 */

/** The keys mailinfra reads under `mailinfra:`. */
export const CONFIG_KEYS = [
  "defaults",
  "domains",
  "google",
  "smartlead",
  "readiness",
  "authorizations",
  "health",
  "dmarcReports",
] as const;

export function isConfigKey(name: string): name is (typeof CONFIG_KEYS)[number] {
  return (CONFIG_KEYS as readonly string[]).includes(name);
}

/** Optimal string alignment distance: insertions, deletions, substitutions and adjacent swaps. */
function editDistance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
      }
    }
  }
  return d[a.length][b.length];
}

/** Two typing mistakes at most; no provider's namespace is that close to `mailinfra`. */
const NAMESPACE_TYPO_DISTANCE = 2;

/** `Mailinfra`, `mailinfra-`, `mail-infra`, `mailinfa`, `mialinfra`; not `mailinfra` itself. */
export function isMisspelledNamespace(namespace: string): boolean {
  if (namespace === NAMESPACE) return false;
  const lower = namespace.toLowerCase();
  if (lower.replace(/[^a-z0-9]/g, "") === NAMESPACE) return true;
  return editDistance(lower, NAMESPACE) <= NAMESPACE_TYPO_DISTANCE;
}

/** The mailinfra key `name` most likely means, if any. */
function intendedKey(name: string): string | undefined {
  const lower = name.toLowerCase();
  const exact = CONFIG_KEYS.find((key) => key === lower);
  if (exact) return exact;
  const ranked = CONFIG_KEYS.map((key) => ({ key, distance: editDistance(lower, key) }))
    .filter((c) => c.distance <= 2)
    .sort((a, b) => a.distance - b.distance);
  return ranked[0]?.key;
}

const KNOWN_KEYS = CONFIG_KEYS.map((k) => `${NAMESPACE}:${k}`).join(", ");

/** An error for `mailinfra:<name>` when mailinfra has no such setting (`mailinfra:domain`). */
export function unknownKeyIssue(name: string): ConfigIssue {
  const intended = intendedKey(name);
  return configError(
    `${NAMESPACE}:${name}`,
    "is not a mailinfra setting",
    intended
      ? `Rename it to \`${NAMESPACE}:${intended}\` or remove it; mailinfra reads ${KNOWN_KEYS}.`
      : `Remove it or fix its spelling; mailinfra reads ${KNOWN_KEYS}.`,
  );
}

/**
 * Pure: an error for one stack config key (as Pulumi passes it, `namespace:key`) that was meant for
 * mailinfra but sits in another namespace; undefined for keys of `mailinfra:` and of other programs.
 */
export function misplacedKeyIssue(fullKey: string): ConfigIssue | undefined {
  const colon = fullKey.indexOf(":");
  if (colon <= 0) return undefined;
  const namespace = fullKey.slice(0, colon);
  const name = fullKey.slice(colon + 1);
  if (namespace === NAMESPACE) return undefined;
  const intended = intendedKey(name);
  if (isMisspelledNamespace(namespace)) {
    return configError(
      fullKey,
      `is in the namespace \`${namespace}\`, not \`${NAMESPACE}\`, so mailinfra never reads it`,
      intended
        ? `Rename the key to \`${NAMESPACE}:${intended}\` in stacks/Pulumi.<stack>.yaml (or remove it).`
        : `Rename the key into the \`${NAMESPACE}:\` namespace (mailinfra reads ${KNOWN_KEYS}) or remove it.`,
    );
  }
  if (intended !== undefined && intended === name.toLowerCase()) {
    return configError(
      fullKey,
      `is a mailinfra setting under the namespace \`${namespace}\`, where mailinfra never reads it`,
      `Rename the key to \`${NAMESPACE}:${intended}\` in stacks/Pulumi.<stack>.yaml; on the command line, name the namespace: \`pulumi config set --path ${NAMESPACE}:${intended} ...\`.`,
    );
  }
  return undefined;
}
