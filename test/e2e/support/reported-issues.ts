/** One configuration error as `pulumi preview`/`up` prints it (components/config/report.ts). */
export interface ReportedIssue {
  path: string;
  message: string;
  fix: string;
}

/** `mailinfra:domains[0].name`, or a key of another namespace meant for mailinfra (`mailinfa:defaults`). */
const ISSUE = /^\s*\d+\. ([^\s:]+:[^\s:]*): (.*)$/;
const FIX = /^\s*Fix: (.*)$/;

/**
 * The numbered errors of every "the stack configuration has N errors" block in the engine's output, each
 * once (the engine prints the diagnostics more than once). Warnings, which are not numbered, are left out.
 */
export function reportedIssues(output: string): ReportedIssue[] {
  const lines = output.split("\n");
  const seen = new Map<string, ReportedIssue>();
  lines.forEach((line, i) => {
    const issue = ISSUE.exec(line);
    if (!issue) return;
    const fix = FIX.exec(lines[i + 1] ?? "");
    const found = { path: issue[1]!, message: issue[2]!, fix: fix?.[1] ?? "" };
    seen.set(`${found.path}\u0000${found.message}`, found);
  });
  return [...seen.values()];
}
