/**
 * The program as `npm run pulumi` and the demo host it in-process: `index.ts` loaded once, its exported
 * function called afresh on every run the engine asks for, and every run checked to have registered each
 * domain the stack declares before its resources reach the engine's plan.
 */
import * as pulumi from "@pulumi/pulumi";
import { toAsciiDomain } from "../../components/config/domain-name";
import { readConfig } from "../../components/config/load";
import { formatErrors, formatIssue } from "../../components/config/report";
import {
  beginProgramRun,
  unregisteredDomains,
  unregisteredDomainsError,
} from "../../components/fleet-registration";
import type { Refusal } from "./language-runtime";

/** A function for the language runtime: one call per engine run (preview, update, refresh, destroy). */
export function hostedProgram(entry: string): () => Promise<unknown> {
  return async () => {
    beginProgramRun();
    const outputs = await runEntry(entry);
    const declared = declaredDomainNames();
    // Declared names as MailDomain registers them: the config's own punycode, lower-case normalisation.
    const missing = unregisteredDomains(declared, (name) => toAsciiDomain(name) || name);
    if (missing.length > 0) throw unregisteredDomainsError(missing, declared.length);
    return outputs;
  };
}

/**
 * Runs the entry module's program. A module that exports a function (mailinfra's index.ts) is called; one
 * that exports values, as a user's own edited index.ts might, is evaluated again from source, because Node
 * serves a required module from its cache and a cached module registers nothing.
 */
async function runEntry(entry: string): Promise<unknown> {
  const resolved = require.resolve(entry);
  const fresh = !(resolved in require.cache);
  const exported = require(resolved);
  if (typeof exported === "function") return exported();
  if (typeof exported?.default === "function") return exported.default();
  if (fresh) return exported;
  delete require.cache[resolved];
  return require(resolved);
}

/** The names under `mailinfra:domains`, as the stack declares them (invalid entries are the program's to report). */
function declaredDomainNames(): string[] {
  const domains = new pulumi.Config("mailinfra").getObject<unknown>("domains");
  if (!Array.isArray(domains)) return [];
  return domains
    .map((entry) => (typeof entry === "string" ? entry : (entry as { name?: unknown })?.name))
    .filter((name): name is string => typeof name === "string" && name.trim() !== "")
    .map((name) => name.trim());
}

/**
 * The configuration errors of the run about to start, formatted as the program reports them, or undefined.
 * A host asks this before the program runs, so a bad configuration fails `preview` without registering even
 * the Stack resource (no "+ 1 to create" beside the errors), with the warnings the program would have shown.
 */
export function configurationErrors(): Refusal | undefined {
  const { issues } = readConfig();
  const errors = issues.filter((issue) => issue.severity === "error");
  if (errors.length === 0) return undefined;
  const warnings = issues.filter((issue) => issue.severity === "warning").map(formatIssue);
  return { error: formatErrors(errors), warnings };
}
