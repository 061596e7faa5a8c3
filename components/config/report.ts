import * as pulumi from "@pulumi/pulumi";
import type { ConfigIssue } from "./issue";

/** One issue as a person reads it in `pulumi preview` output. */
export function formatIssue(issue: ConfigIssue): string {
  return `${issue.path}: ${issue.message}\n    Fix: ${issue.fix}`;
}

export function formatErrors(errors: readonly ConfigIssue[]): string {
  const count = errors.length === 1 ? "1 error" : `${errors.length} errors`;
  const lines = errors.map((issue, i) => `  ${i + 1}. ${formatIssue(issue).replace(/\n/g, "\n   ")}`);
  return `mailinfra: the stack configuration has ${count}; nothing was created or changed.\n${lines.join("\n")}`;
}

/**
 * Thrown before any resource is registered when the configuration has errors. A `RunError`, so Pulumi
 * prints the message without a stack trace. `issues` holds the errors for programs and tests.
 */
export class MailinfraConfigError extends pulumi.RunError {
  constructor(readonly issues: readonly ConfigIssue[]) {
    super(formatErrors(issues));
    this.name = "MailinfraConfigError";
  }
}

/** Logs every warning with `pulumi.log.warn`, then throws one error listing every error, if any. */
export function reportIssues(issues: readonly ConfigIssue[]): void {
  for (const issue of issues) {
    if (issue.severity === "warning") void pulumi.log.warn(formatIssue(issue));
  }
  const errors = issues.filter((issue) => issue.severity === "error");
  if (errors.length > 0) throw new MailinfraConfigError(errors);
}
