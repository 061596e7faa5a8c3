import { spawn } from "node:child_process";
import * as path from "node:path";
import { engineEnvironment } from "../engine/environment";
import { ensureEngine, repoRoot } from "../engine/index";

/**
 * Runs the Pulumi CLI that `npm run pulumi` runs (same engine, same backend and local defaults) for the
 * stack's configuration. Output is captured, never echoed: `config --show-secrets` holds credentials.
 * `input` goes to standard input, so a secret value never appears on a command line (visible in `ps`).
 */
export async function pulumiCli(
  args: string[],
  stack: string,
  input?: string,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const engine = await ensureEngine();
  const env = { ...process.env, ...engineEnvironment(engine, stack) };
  return new Promise((resolve, reject) => {
    const child = spawn(
      path.join(engine.binDir, "pulumi"),
      [...args, "--stack", stack, "--non-interactive"],
      {
        cwd: repoRoot,
        env,
        stdio: ["pipe", "pipe", "pipe"],
      },
    );
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => {
      stdout += d;
    });
    child.stderr.on("data", (d) => {
      stderr += d;
    });
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input ?? "");
  });
}
