import type { z } from "zod";
import { type ConfigIssue, configError } from "./issue";

/** Credentials sit under these keys; their values are never repeated in a message, even when misplaced. */
const SECRET_HOLDERS =
  /^mailinfra:(google|smartlead)(\.(serviceAccountKey|apiKey|oauthClient(\.clientSecret)?))?$|^mailinfra:authorizations|\.appPassword$/;

function article(noun: string): string {
  return /^[aeiou]/.test(noun) ? `an ${noun}` : `a ${noun}`;
}

function describeValue(value: unknown, redact = false): string {
  if (value === undefined) return "nothing";
  if (redact && typeof value === "string") return "a string (value not shown)";
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "an object";
  if (typeof value === "string")
    return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
  return `${typeof value} ${String(value)}`;
}

function fixFromParams(issue: z.core.$ZodIssue): string | undefined {
  const params = (issue as { params?: Record<string, unknown> }).params;
  return typeof params?.fix === "string" ? params.fix : undefined;
}

const EXAMPLE = "stacks/Pulumi.example.yaml";

/** `1 entry`, `3 entries`. */
function count(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** A number or bigint as written, without its type (`0`, not `number 0`). */
function bound(value: number | bigint): string {
  return String(value);
}

/**
 * Problem and fix for a value below its minimum or above its maximum, worded for what it is: a number (`must be
 * at most 50, not 60`; exclusive bounds say `greater than`), a text (`must be at least 1 character long`) or a
 * list (`has 0 entries; at least 1 entry is needed`).
 */
function explainBound(
  issue: z.core.$ZodIssueTooSmall | z.core.$ZodIssueTooBig,
  key: string,
): { message: string; fix: string } {
  const small = issue.code === "too_small";
  const limitValue = small ? issue.minimum : issue.maximum;
  const limit = Number(limitValue);
  const inclusive = issue.inclusive !== false;
  const words = small ? (inclusive ? "at least" : "greater than") : inclusive ? "at most" : "less than";
  if (issue.origin === "array" || issue.origin === "set") {
    const range = `${words} ${count(limit, "entry", "entries")}`;
    const got = Array.isArray(issue.input) ? issue.input.length : undefined;
    const verb = small ? "needed" : "allowed";
    return {
      message:
        got === undefined
          ? `must have ${range}`
          : `has ${got === 0 ? "no entries" : count(got, "entry", "entries")}; ${range} ${limit === 1 ? "is" : "are"} ${verb}`,
      fix: `List ${range} under \`${key}\`.`,
    };
  }
  if (issue.origin === "string") {
    const range = `${words} ${count(limit, "character", "characters")} long`;
    const length = typeof issue.input === "string" ? issue.input.length : undefined;
    const got = length === undefined ? "" : length === 0 ? " (it is empty)" : ` (it is ${length})`;
    return {
      message: `must be ${range}${got}`,
      fix: `Make \`${key}\` ${range}.`,
    };
  }
  const got =
    typeof issue.input === "number" || typeof issue.input === "bigint" ? `, not ${bound(issue.input)}` : "";
  const n = bound(limitValue);
  const target = inclusive ? `${n} or ${small ? "more" : "less"}` : `${small ? "more" : "less"} than ${n}`;
  return {
    message: `must be ${words} ${n}${got}`,
    fix: `Change \`${key}\` to ${target}.`,
  };
}

/** Problem and fix for one zod issue, in words a person configuring a stack understands. */
function explain(issue: z.core.$ZodIssue, path: string): { message: string; fix: string } {
  const redact = SECRET_HOLDERS.test(path);
  const describe = (value: unknown) => describeValue(value, redact);
  const key = path.replace(/^.*[.:]/, "").replace(/\[\d+\]$/, "");
  switch (issue.code) {
    case "invalid_type":
      if (issue.input === undefined) {
        return {
          message: "is required",
          fix: `Add \`${key}\` to this entry (or to mailinfra:defaults); see ${EXAMPLE}.`,
        };
      }
      return {
        message: `must be ${issue.expected === "int" ? "a whole number" : article(issue.expected)}, not ${describe(issue.input)}`,
        fix: `Write ${issue.expected === "int" ? "a whole number" : article(issue.expected)} for \`${key}\`; see ${EXAMPLE}.`,
      };
    case "invalid_value":
      return {
        message: `is ${describe(issue.input)}; expected one of ${issue.values.map((v) => JSON.stringify(v)).join(", ")}`,
        fix: `Use one of: ${issue.values.map(String).join(", ")}.`,
      };
    case "invalid_union": {
      const union = issue as z.core.$ZodIssueInvalidUnion & { options?: unknown[]; discriminator?: string };
      if (union.options !== undefined) {
        const options = union.options.map(String);
        // The issue's input is the whole object; show the discriminator's value.
        const input = issue.input as Record<string, unknown> | undefined;
        const value =
          union.discriminator && typeof input === "object" && input !== null
            ? input[union.discriminator]
            : input;
        return {
          message: `is ${describe(value)}; expected one of ${options.map((o) => JSON.stringify(o)).join(", ")}`,
          fix: `Set \`${union.discriminator ?? key}\` to one of: ${options.join(", ")}.`,
        };
      }
      if (issue.message !== "Invalid input") {
        return {
          message: `${issue.message}, not ${describe(issue.input)}`,
          fix: `Correct \`${key}\`; see ${EXAMPLE}.`,
        };
      }
      return {
        message: `has an unexpected shape (${describe(issue.input)})`,
        fix: `Compare it with ${EXAMPLE}.`,
      };
    }
    case "too_small":
    case "too_big": {
      const { message, fix } = explainBound(issue, key);
      const custom = issue.message.startsWith("Too ") ? undefined : issue.message;
      return { message: custom ?? message, fix: fixFromParams(issue) ?? fix };
    }
    case "invalid_format":
      return {
        message: issue.message.startsWith("Invalid")
          ? `is not a valid ${issue.format === "regex" ? "value" : issue.format}: ${describe(issue.input)}`
          : `${issue.message} (got ${describe(issue.input)})`,
        fix: fixFromParams(issue) ?? `Correct \`${key}\`; see ${EXAMPLE}.`,
      };
    case "custom":
      return { message: issue.message, fix: fixFromParams(issue) ?? `Correct \`${key}\`; see ${EXAMPLE}.` };
    default:
      return { message: issue.message, fix: `Correct \`${key}\`; see ${EXAMPLE}.` };
  }
}

/**
 * zod issues → config issues. `locate` turns a path inside the parsed value into the config path the user
 * wrote (a merged domain's bad value may come from `mailinfra:defaults`). Identical issues are reported once.
 */
export function issuesFromZod(
  error: z.ZodError,
  locate: (path: readonly PropertyKey[]) => string,
): ConfigIssue[] {
  const seen = new Set<string>();
  const out: ConfigIssue[] = [];
  const push = (issue: ConfigIssue) => {
    const id = `${issue.path}\u0000${issue.message}`;
    if (seen.has(id)) return;
    seen.add(id);
    out.push(issue);
  };
  for (const issue of error.issues) {
    if (issue.code === "unrecognized_keys") {
      for (const unknownKey of issue.keys) {
        push(
          configError(
            locate([...issue.path, unknownKey]),
            "is not a mailinfra setting",
            `Remove it, or fix its spelling: the settings allowed here are listed in ${EXAMPLE}.`,
          ),
        );
      }
      continue;
    }
    const path = locate(issue.path);
    const { message, fix } = explain(issue, path);
    push(configError(path, message, fix));
  }
  return out;
}
