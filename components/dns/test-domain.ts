import { type DomainConfig, domainSchema } from "../config/schema";

/**
 * Test support: one domain through the real schema (defaults, normalisation) with a manual DNS host,
 * so builder tests start from what `parseConfig` produces.
 */
export function testDomain(settings: Record<string, unknown> = {}): DomainConfig {
  return domainSchema.parse({
    name: "example.com",
    dns: { host: "manual", registrar: "other" },
    ...settings,
  });
}
