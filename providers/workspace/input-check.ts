import type * as pulumi from "@pulumi/pulumi";
import { unknownValue } from "@pulumi/pulumi/runtime/rpc";
import type { z } from "zod";

/**
 * `check` for the Workspace providers: validate inputs with their zod schema, skipping values Pulumi does
 * not know yet (during preview they arrive as a sentinel string), and return defaults filled in when
 * everything is known. Failures name the input property; the component maps them to config paths.
 */

export function isUnknown(value: unknown): boolean {
  return value === unknownValue;
}

export function containsUnknown(value: unknown): boolean {
  if (isUnknown(value)) return true;
  if (Array.isArray(value)) return value.some(containsUnknown);
  if (value && typeof value === "object") return Object.values(value).some(containsUnknown);
  return false;
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let value = root;
  for (const step of path) {
    if (isUnknown(value) || value === null || typeof value !== "object") return value;
    value = (value as Record<PropertyKey, unknown>)[step];
  }
  return value;
}

export function checkInputs<S extends z.ZodType>(
  schema: S,
  news: Record<string, unknown>,
): pulumi.dynamic.CheckResult {
  const parsed = schema.safeParse(news);
  if (parsed.success) {
    return { inputs: { ...news, ...(parsed.data as Record<string, unknown>) } };
  }
  const failures = parsed.error.issues
    .filter((issue) => !isUnknown(valueAt(news, issue.path)))
    .map((issue) => ({ property: String(issue.path[0] ?? ""), reason: issue.message }));
  return failures.length ? { inputs: news, failures } : { inputs: news };
}

/** Parses inputs that `check` already accepted; a failure here means a bug, so it says which resource. */
export function parseChecked<S extends z.ZodType>(schema: S, props: unknown, resource: string): z.infer<S> {
  const parsed = schema.safeParse(props);
  if (!parsed.success) {
    const reasons = parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
    throw new Error(`${resource}: invalid inputs: ${reasons.join("; ")}`);
  }
  return parsed.data;
}
