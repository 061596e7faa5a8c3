import { z } from "zod";
import type { DomainConfig } from "../config/schema";
import { platformSpfIncludes } from "./platform";
import type { MailDnsRecord } from "./record";
import { txtRecord } from "./txt";

/**
 * What flattening the includes produced (see `flattenSpf`): the addresses they resolve to, and the
 * includes that cannot be flattened safely (macros, `exists`, `ptr`, unresolvable) and stay as includes.
 */
export const spfFlattenedSchema = z.object({
  ip4: z.array(z.string()),
  ip6: z.array(z.string()),
  kept: z.array(z.string()),
});
export type SpfFlattened = z.infer<typeof spfFlattenedSchema>;

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}

/** The platform's includes, then the user's, each once. */
export function spfIncludes(domain: DomainConfig): string[] {
  return unique([...platformSpfIncludes(domain), ...domain.spf.includes]);
}

/**
 * The terms after `v=spf1`: includes, then `ip4:`, then `ip6:`, then the `all` qualifier. With
 * `spf.flatten` on and a flattening result, the includes it resolved are replaced by their addresses.
 */
export function spfTerms(domain: DomainConfig, flattened?: SpfFlattened): string[] {
  const useFlat = domain.spf.flatten && flattened !== undefined;
  const includes = useFlat ? unique(flattened.kept) : spfIncludes(domain);
  const ip4 = unique(useFlat ? [...domain.spf.ip4, ...flattened.ip4] : domain.spf.ip4);
  const ip6 = unique(useFlat ? [...domain.spf.ip6, ...flattened.ip6] : domain.spf.ip6);
  return [
    ...includes.map((d) => `include:${d}`),
    ...ip4.map((ip) => `ip4:${ip}`),
    ...ip6.map((ip) => `ip6:${ip}`),
    domain.spf.all,
  ];
}

export function spfContent(domain: DomainConfig, flattened?: SpfFlattened): string {
  return ["v=spf1", ...spfTerms(domain, flattened)].join(" ");
}

/** Exactly one SPF record at the apex: two `v=spf1` records make every SPF check a permerror. */
export function spfRecords(domain: DomainConfig, flattened?: SpfFlattened): MailDnsRecord[] {
  return [txtRecord(domain.name, spfContent(domain, flattened), domain.ttl, "spf")];
}
