import type { ConfigIssue } from "../config/issue";
import { domainSettingPath } from "../config/provenance";
import type { DomainConfig, MailinfraConfig } from "../config/schema";

/** One synchronous check of a parsed configuration. Returns every problem it finds; never throws. */
export type ConfigRule = (config: MailinfraConfig) => ConfigIssue[];

export interface DomainContext {
  domain: DomainConfig;
  index: number;
  /** Config path of a setting of this domain, blaming mailinfra:defaults when the value came from there. */
  path(...sub: PropertyKey[]): string;
  /** Whether `sub` was inherited from mailinfra:defaults (then messages must not name this domain). */
  inherited(...sub: PropertyKey[]): boolean;
}

export function domainContexts(config: MailinfraConfig): DomainContext[] {
  return config.domains.map((domain, index) => ({
    domain,
    index,
    path: (...sub) => domainSettingPath(domain, index, sub),
    inherited: (...sub) => domainSettingPath(domain, index, sub).startsWith("mailinfra:defaults"),
  }));
}

/** A rule applied to each domain in turn. */
export function perDomain(check: (ctx: DomainContext, config: MailinfraConfig) => ConfigIssue[]): ConfigRule {
  return (config) => domainContexts(config).flatMap((ctx) => check(ctx, config));
}
