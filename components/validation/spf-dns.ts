import { type ConfigIssue, configError, configWarning } from "../config/issue";
import type { MailinfraConfig } from "../config/schema";
import { spfContent, spfIncludes } from "../dns/spf";
import { flattenSpf, type SpfResolver } from "../dns/spf-flatten";
import { SPF_LOOKUP_LIMIT } from "../dns/spf-terms";
import { domainContexts } from "./rule";
import { SPF_MAX_BYTES } from "./spf";

/** The same include appears in hundreds of domains: ask DNS once per name. */
export function memoizedResolver(resolver: SpfResolver): SpfResolver {
  const cache = new Map<string, Promise<unknown>>();
  const memo = <T>(kind: string, fn: ((name: string) => Promise<T>) | undefined) =>
    fn === undefined
      ? undefined
      : (name: string): Promise<T> => {
          const key = `${kind} ${name}`;
          if (!cache.has(key)) cache.set(key, fn.call(resolver, name));
          return cache.get(key) as Promise<T>;
        };
  return {
    resolveTxt: memo("TXT", resolver.resolveTxt)!,
    resolve4: memo("A", resolver.resolve4),
    resolve6: memo("AAAA", resolver.resolve6),
    resolveMx: memo("MX", resolver.resolveMx),
  };
}

/**
 * SPF checks that need DNS: nested includes counted against the 10-lookup limit, includes that publish
 * no SPF record (a permerror for every receiver), and, with `spf.flatten`, the size and lookups of the
 * flattened record mailinfra will publish.
 */
export async function spfDnsIssues(config: MailinfraConfig, resolver: SpfResolver): Promise<ConfigIssue[]> {
  const issues: ConfigIssue[] = [];
  const cached = memoizedResolver(resolver);
  for (const { domain, path } of domainContexts(config)) {
    const includes = spfIncludes(domain);
    const result = await flattenSpf(includes, cached);
    const includePath = (include: string) => {
      const k = domain.spf.includes.indexOf(include);
      return k >= 0 ? path("spf", "includes", k) : path("platform");
    };
    for (const problem of result.problems) {
      const at = includePath(problem.include);
      switch (problem.kind) {
        case "no-spf":
        case "multiple-spf":
        case "loop":
          issues.push(
            configError(
              at,
              `include:${problem.include}: ${problem.detail}`,
              "Remove the include or fix the record it points to.",
            ),
          );
          break;
        case "unresolvable":
          issues.push(
            configWarning(
              at,
              `include:${problem.include} could not be checked: ${problem.detail}`,
              "Check the resolvers, then run pulumi preview again.",
            ),
          );
          break;
        case "not-flattenable":
          if (domain.spf.flatten) {
            issues.push(
              configWarning(
                at,
                `include:${problem.include} stays an include: ${problem.detail}`,
                "Nothing to do unless the lookup limit is exceeded; then remove the include.",
              ),
            );
          }
          break;
      }
    }
    const lookups = domain.spf.flatten ? result.lookupsAfter : result.lookups;
    if (lookups > SPF_LOOKUP_LIMIT) {
      const costs = result.includes
        .filter((r) => !domain.spf.flatten || !r.flattenable)
        .map((r) => `include:${r.domain} ${r.lookups}`)
        .join(", ");
      issues.push(
        configError(
          path("spf"),
          `the SPF record needs ${lookups} DNS lookups (${costs}); receivers fail SPF above ${SPF_LOOKUP_LIMIT}`,
          domain.spf.flatten
            ? "Remove includes that cannot be flattened."
            : "Set spf.flatten: true, or remove includes you do not send through.",
        ),
      );
    }
    if (domain.spf.flatten) {
      const bytes = Buffer.byteLength(spfContent(domain, result), "utf8");
      if (bytes > SPF_MAX_BYTES) {
        issues.push(
          configError(
            path("spf", "flatten"),
            `the flattened SPF record is ${bytes} bytes (${result.ip4.length} ip4 and ${result.ip6.length} ip6 ranges); keep it within ${SPF_MAX_BYTES}`,
            "Turn flatten off and remove includes instead, or flatten fewer includes.",
          ),
        );
      }
    }
  }
  return issues;
}
