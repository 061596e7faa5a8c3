/**
 * The sending domains a stack's state holds, read through its backend with `pulumi stack export` (whatever
 * PULUMI_BACKEND_URL names: file, S3, GCS, Azure Blob or Pulumi Cloud), never from the backend's files.
 * The export is not decrypted (no --show-secrets): only resource URNs are read.
 * https://www.pulumi.com/docs/iac/cli/commands/pulumi_stack_export/
 */
import { spawn } from "node:child_process";
import * as path from "node:path";
import { engineEnvironment } from "../engine/environment";
import type { Engine } from "../engine/index";

/** The type of the component each sending domain registers (components/mail-domain.ts), named by its domain. */
const MAIL_DOMAIN_TYPE = "mailinfra:index:MailDomain";

/** The domains of every MailDomain in an exported deployment; a stack never updated holds none. */
export function domainsInDeployment(exported: unknown): string[] {
  const resources =
    (exported as { deployment?: { resources?: { urn?: string; type?: string }[] } })?.deployment?.resources ??
    [];
  return resources
    .filter((r) => r.type === MAIL_DOMAIN_TYPE && typeof r.urn === "string")
    .map((r) => r.urn!.slice(r.urn!.lastIndexOf("::") + 2));
}

export class StateReadError extends Error {
  constructor(stack: string, output: string) {
    super(
      `cannot read the state of stack ${stack} (pulumi stack export --stack ${stack}):\n${output.trim()}\n` +
        `Fix: check PULUMI_BACKEND_URL and the backend's credentials; after a killed run, npm run fleet -- cancel --stacks ${stack} --yes.`,
    );
    this.name = "StateReadError";
  }
}

/** The domains `stack` holds in its state; none when the stack does not exist in the backend yet. */
export function heldDomains(engine: Engine, stack: string, cwd: string): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(path.join(engine.binDir, "pulumi"), ["stack", "export", "--stack", stack], {
      cwd,
      env: { ...process.env, ...engineEnvironment(engine, stack) },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    let err = "";
    child.stdout.on("data", (d) => {
      out += d;
    });
    child.stderr.on("data", (d) => {
      err += d;
    });
    child.on("error", reject);
    child.on("close", (code) => {
      if (code === 0) {
        try {
          resolve(domainsInDeployment(JSON.parse(out)));
        } catch (error) {
          reject(new StateReadError(stack, String(error)));
        }
      } else if (/no stack named/i.test(err)) resolve([]);
      else reject(new StateReadError(stack, err || out));
    });
  });
}
