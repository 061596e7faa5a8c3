/**
 * The sending domains a stack declares, read from its stack file with mailinfra's own config parser
 * (components/config/parse.ts), so names compare as the program compares them (lower case, punycode).
 */
import * as fs from "node:fs";
import * as pulumi from "@pulumi/pulumi";
import { parse } from "yaml";
import { isPlainObject } from "../../components/config/defaults";
import { NAMESPACE } from "../../components/config/issue";
import { parseConfig } from "../../components/config/parse";

export type DeclaredDomains =
  | { ok: true; domains: string[] }
  /** The stack's domains cannot be parsed: its own preview and up refuse it with each error. */
  | { ok: false; errors: number };

/**
 * The domains `mailinfra:domains` declares in the stack file at `file` (after `mailinfra:defaults`), without
 * decrypting anything: an encrypted value (`secure: …`, an app password) stands in as a secret of no value.
 */
export function declaredDomains(file: string): DeclaredDomains {
  const text = fs.existsSync(file) ? fs.readFileSync(file, "utf8") : "";
  const stackFile: unknown = parse(text) ?? {};
  const config = isPlainObject(stackFile) && isPlainObject(stackFile.config) ? stackFile.config : {};
  const keys = [`${NAMESPACE}:domains`, `${NAMESPACE}:defaults`];
  const raw = Object.fromEntries(
    keys
      .filter((key) => config[key] !== undefined)
      .map((key) => [key, withoutCiphertext(asPulumiPassesIt(config[key]))]),
  );
  // A stack that declares no domains (a new stack file, or one emptied on purpose) holds none to compare.
  if (raw[`${NAMESPACE}:domains`] === undefined) return { ok: true, domains: [] };
  const { config: parsed, issues } = parseConfig(raw);
  if (!parsed) return { ok: false, errors: issues.filter((i) => i.severity === "error").length };
  return { ok: true, domains: parsed.domains.map((d) => d.name) };
}

/**
 * A value set with `pulumi config set key '<json>'` is stored as a string, and Pulumi hands it to the program
 * as that string, which the program reads as JSON (components/config/stack-config.ts, readValue): the same here.
 */
function asPulumiPassesIt(value: unknown): unknown {
  if (typeof value !== "string") return value;
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

/** A copy of `value` with every `{ secure: <ciphertext> }` (Pulumi's encrypted config value) as a secret. */
function withoutCiphertext(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutCiphertext);
  if (!isPlainObject(value)) return value;
  const keys = Object.keys(value);
  if (keys.length === 1 && keys[0] === "secure") return pulumi.secret("");
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withoutCiphertext(v)]));
}
