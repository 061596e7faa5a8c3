import { execFile } from "node:child_process";
import { promisify } from "node:util";
import type { TestStack } from "../../support/stack";

/**
 * `pulumi stack export`, as a user runs it to inspect or back up state. The Automation API's `exportStack()`
 * passes `--show-secrets`, which is the user asking for plain text, so it is not what a leak check reads.
 */
export async function stackExport(t: TestStack): Promise<string> {
  const workspace = t.stack.workspace;
  const { stdout } = await promisify(execFile)(
    workspace.pulumiCommand.command,
    ["stack", "export", "--stack", t.name],
    { cwd: workspace.workDir, env: { ...process.env, ...workspace.envVars }, maxBuffer: 64 * 1024 * 1024 },
  );
  return stdout;
}
