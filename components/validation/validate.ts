import { type ConfigIssue, configError, uniqueIssues } from "../config/issue";
import type { MailinfraConfig } from "../config/schema";
import type { SpfResolver } from "../dns/spf-flatten";
import { blocklistAnswersRule } from "./blocklist-answers";
import { dkimRule } from "./dkim";
import { dmarcRule } from "./dmarc";
import { dmarcReportsRule } from "./dmarc-reports";
import { dnsHostRule } from "./dns-host";
import { domainNamesRule } from "./domain-names";
import { mailboxConnectionsRule } from "./mailbox-connections";
import { mailboxNamesRule } from "./mailbox-names";
import { mailboxRenamesRule } from "./mailbox-renames";
import { credentialsRule, mailboxesRule } from "./mailboxes";
import { platformRule } from "./platform";
import { readinessRule } from "./readiness";
import { recordNamesRule } from "./record-names";
import type { ConfigRule } from "./rule";
import { sendingLimitsRule } from "./sending-limits";
import { spfRule } from "./spf";
import { spfDnsIssues } from "./spf-dns";
import { stackRecordNamesRule } from "./stack-record-names";

/** The checks that need nothing but the configuration. */
export const SYNC_RULES: Record<string, ConfigRule> = {
  "domain names": domainNamesRule,
  "DNS host": dnsHostRule,
  platform: platformRule,
  mailboxes: mailboxesRule,
  "mailbox names": mailboxNamesRule,
  "mailbox renames": mailboxRenamesRule,
  credentials: credentialsRule,
  "mailbox connections": mailboxConnectionsRule,
  "sending limits": sendingLimitsRule,
  SPF: spfRule,
  DKIM: dkimRule,
  DMARC: dmarcRule,
  "DMARC reports mailbox": dmarcReportsRule,
  "blocklist answers": blocklistAnswersRule,
  "record names": recordNamesRule,
  "record names across the stack": stackRecordNamesRule,
  readiness: readinessRule,
};

/** A failing rule is a bug; it must not hide what the other rules find. */
function internalIssue(rule: string, error: unknown): ConfigIssue {
  const reason = error instanceof Error ? error.message : String(error);
  return configError(
    "mailinfra:",
    `the ${rule} check could not run on this configuration (${reason})`,
    "Check the configuration against stacks/Pulumi.example.yaml; if it matches, report this as a mailinfra bug.",
  );
}

/** Every synchronous rule; what `loadConfig` runs before any resource is registered. Never throws. */
export function validateConfigSync(config: MailinfraConfig): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  for (const [name, rule] of Object.entries(SYNC_RULES)) {
    try {
      issues.push(...rule(config));
    } catch (error) {
      issues.push(internalIssue(name, error));
    }
  }
  return uniqueIssues(issues);
}

export interface ValidateOptions {
  /** When given, nested SPF includes are resolved and counted, and flattening is checked. */
  resolver?: SpfResolver;
}

/**
 * Every problem in a parsed configuration, at once, each with its config path and a fix. Async only
 * because SPF checks may resolve DNS through `opts.resolver`. Never throws.
 */
export async function validateConfig(
  config: MailinfraConfig,
  opts: ValidateOptions = {},
): Promise<ConfigIssue[]> {
  const issues = validateConfigSync(config);
  if (opts.resolver !== undefined) {
    try {
      issues.push(...(await spfDnsIssues(config, opts.resolver)));
    } catch (error) {
      issues.push(internalIssue("SPF DNS", error));
    }
  }
  return uniqueIssues(issues);
}
