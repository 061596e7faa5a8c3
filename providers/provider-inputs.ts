import { isDeepStrictEqual } from "node:util";
import type * as pulumi from "@pulumi/pulumi";
import { unknownValue } from "@pulumi/pulumi/runtime/rpc";
import type { z } from "zod";

/**
 * What a dynamic provider's inputs look like from inside, and the one input check every provider of mailinfra
 * runs in `check` (and re-runs in create/update/diff).
 *
 * During `preview`, an input that depends on a resource not created yet reaches a dynamic provider as Pulumi's
 * unknown-value marker: a fixed string, whatever the input's type (a list, a number, a whole object). The
 * marker is @pulumi/pulumi's own `unknownValue` ("Unknown values are encoded as a distinguished string value",
 * sdk/nodejs/runtime/rpc.ts), which the dynamic-provider host compares against the same way
 * (sdk/nodejs/cmd/dynamic-provider/index.ts); it leaking into dynamic providers is pulumi/pulumi#6310
 * (https://github.com/pulumi/pulumi/issues/6310). It is imported, never copied, so an SDK upgrade that changes
 * it changes it here too.
 */

/** True when Pulumi does not know this value yet (preview of an input computed by another resource). */
export function isUnknown(value: unknown): boolean {
  return value === unknownValue;
}

/** True when the value, or anything inside it, is not known yet. */
export function containsUnknown(value: unknown): boolean {
  if (isUnknown(value)) return true;
  if (Array.isArray(value)) return value.some(containsUnknown);
  if (value && typeof value === "object") return Object.values(value).some(containsUnknown);
  return false;
}

/**
 * Whether a new input differs from what the state holds. A value unknown during preview counts as changed;
 * objects compare by content, not key order (the engine hands stored properties back with sorted keys).
 */
export function changed(old: unknown, value: unknown): boolean {
  return isUnknown(value) || !isDeepStrictEqual(old ?? null, value ?? null);
}

/** True when the value at `path`, or a value it sits in, is not known yet: an issue there is not an issue. */
function underUnknown(root: unknown, path: readonly PropertyKey[]): boolean {
  let value = root;
  for (const step of path) {
    if (isUnknown(value)) return true;
    if (value === null || typeof value !== "object") return false;
    value = (value as Record<PropertyKey, unknown>)[step];
  }
  return isUnknown(value);
}

/** An issue's path as a person reads it: `records[0].priority`, `warmup.perDay`. */
export function inputPath(path: readonly PropertyKey[]): string {
  return path
    .map((p, i) => (typeof p === "number" ? `[${p}]` : i === 0 ? String(p) : `.${String(p)}`))
    .join("");
}

export interface InputCheckOptions {
  /**
   * What a failure's `property` names: the top-level input (Pulumi's meaning of the field, so the engine points
   * at the argument) or the whole path, for inputs whose nested fields are set one by one (Smartlead's logins).
   * The reason always starts with the whole path.
   * @default "input"
   */
  property?: "input" | "path";
  /**
   * Top-level inputs whose issues are not reported while `decidedBy` is unknown: the schema was chosen by a value
   * not known yet, so what it requires may not apply (a connection that may be OAuth or passwords).
   * @example { decidedBy: "connection", inputs: ["connection", "smtp", "imap"] }
   */
  undecided?: { decidedBy: string; inputs: readonly string[] };
}

export interface InputCheck<T> {
  /** The parsed inputs, defaults filled in; absent when anything failed or is not known yet. */
  inputs?: T;
  /** Problems with values that are known; never quotes a value (inputs carry secrets). */
  failures: pulumi.dynamic.CheckFailure[];
}

/**
 * Validates raw inputs with their zod schema, without throwing. Issues about values Pulumi does not know yet are
 * dropped: `up` checks again once they are known.
 */
export function validateInputs<S extends z.ZodType>(
  schema: S,
  raw: unknown,
  options: InputCheckOptions = {},
): InputCheck<z.output<S>> {
  const parsed = schema.safeParse(raw);
  if (parsed.success) return { inputs: parsed.data, failures: [] };
  const undecided = options.undecided;
  const decisionUnknown =
    undecided !== undefined && isUnknown((raw as Record<string, unknown> | undefined)?.[undecided.decidedBy]);
  const failures = parsed.error.issues
    .filter((issue) => !underUnknown(raw, issue.path))
    .filter((issue) => !(decisionUnknown && undecided.inputs.includes(String(issue.path[0]))))
    .map((issue) => {
      const path = inputPath(issue.path) || "inputs";
      const property = options.property === "path" ? path : String(issue.path[0] ?? "");
      return { property, reason: `${path}: ${issue.message}` };
    });
  return { failures };
}

/**
 * `check` of a dynamic provider: the parsed inputs with defaults when everything is valid and known; otherwise the
 * inputs as given (unknowns and all) with the failures on known values, which the engine shows beside the resource.
 */
export function checkInputs<S extends z.ZodType>(
  schema: S,
  news: Record<string, unknown>,
  options: InputCheckOptions = {},
): pulumi.dynamic.CheckResult {
  const { inputs, failures } = validateInputs(schema, news, options);
  if (inputs !== undefined) return { inputs: inputs as Record<string, unknown> };
  return failures.length > 0 ? { inputs: news, failures } : { inputs: news };
}

/**
 * Parses inputs that `check` already accepted (create, update, read); a failure here means a bug or a state
 * written by a version that accepted more, so it says which resource and what.
 */
export function parseChecked<S extends z.ZodType>(
  schema: S,
  props: unknown,
  resource: string,
  options: InputCheckOptions = {},
): z.output<S> {
  const { inputs, failures } = validateInputs(schema, props, options);
  if (inputs === undefined) {
    const reasons = failures.length > 0 ? failures.map((f) => f.reason) : ["values not known yet"];
    throw new Error(`${resource}: invalid inputs: ${reasons.join("; ")}`);
  }
  return inputs;
}
