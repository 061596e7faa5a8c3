import { z } from "zod";

/** The stack-configuration namespace: every key lives under `mailinfra:` in `Pulumi.<stack>.yaml`. */
export const NAMESPACE = "mailinfra";

/** One problem found in the stack configuration, with where it is and how to fix it. */
export const configIssueSchema = z.object({
  severity: z.enum(["error", "warning"]),
  /** Exact config path, e.g. `mailinfra:domains[2].mailboxes[0].username`. */
  path: z.string(),
  message: z.string(),
  fix: z.string(),
});
export type ConfigIssue = z.infer<typeof configIssueSchema>;

/**
 * `["domains", 2, "mailboxes", 0, "username"]` → `mailinfra:domains[2].mailboxes[0].username`. A map key that
 * is not a plain name (an address, `ana@x.test`) is written `["ana@x.test"]`, as `pulumi config set --path`
 * reads it (https://www.pulumi.com/docs/iac/cli/commands/pulumi_config_set/: `'["parent.name"]["nested.name"]'`).
 */
export function configPath(segments: readonly PropertyKey[]): string {
  let out = `${NAMESPACE}:`;
  segments.forEach((segment, i) => {
    if (typeof segment === "number") out += `[${segment}]`;
    else if (i > 0 && !/^[A-Za-z0-9_$-]+$/.test(String(segment)))
      out += `[${JSON.stringify(String(segment))}]`;
    else out += i === 0 ? String(segment) : `.${String(segment)}`;
  });
  return out;
}

export function configError(path: string, message: string, fix: string): ConfigIssue {
  return { severity: "error", path, message, fix };
}

export function configWarning(path: string, message: string, fix: string): ConfigIssue {
  return { severity: "warning", path, message, fix };
}

/** `issues` without repeats (same severity, path and message), in the order first found. */
export function uniqueIssues(issues: readonly ConfigIssue[]): ConfigIssue[] {
  const seen = new Set<string>();
  return issues.filter((issue) => {
    const id = `${issue.severity}\u0000${issue.path}\u0000${issue.message}`;
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}
