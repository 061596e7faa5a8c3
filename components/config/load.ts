import { validateConfigSync } from "../validation/validate";
import type { ConfigIssue } from "./issue";
import { parseConfig } from "./parse";
import { reportIssues } from "./report";
import type { MailinfraConfig } from "./schema";
import { readStackConfig } from "./stack-config";

export type { ConfigIssue } from "./issue";
export { parseConfig } from "./parse";
export { MailinfraConfigError, reportIssues } from "./report";

/**
 * The stack's mailinfra configuration, read with `new pulumi.Config("mailinfra")`, parsed and validated.
 * Warnings go to `pulumi.log.warn`; if anything is wrong it throws one `MailinfraConfigError` listing
 * every error (path, problem, fix) — call it before registering any resource. Credentials are secret
 * `pulumi.Output<string>`s and must have been set with `pulumi config set --secret`.
 * DNS-based SPF checks are not run here (this is synchronous): await `validateConfig(config, { resolver })`
 * and pass its result to `reportIssues` for those.
 */
export function loadConfig(): MailinfraConfig {
  const { config, issues } = readConfig();
  reportIssues(issues);
  // reportIssues throws when parsing failed, so the config exists here.
  return config as MailinfraConfig;
}

/**
 * What `loadConfig` reads, without reporting: the parsed config (undefined when parsing failed) and every
 * issue found. For a host that checks the configuration before it lets the program register anything.
 */
export function readConfig(): { config?: MailinfraConfig; issues: ConfigIssue[] } {
  const read = readStackConfig();
  const parsed = parseConfig(read.raw);
  const issues: ConfigIssue[] = [...read.issues, ...parsed.issues];
  if (parsed.config !== undefined) issues.push(...validateConfigSync(parsed.config));
  return { config: parsed.config, issues };
}
