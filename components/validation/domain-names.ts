import { hostnameProblem } from "../config/domain-name";
import { type ConfigIssue, configError } from "../config/issue";
import { publicSuffixListing } from "./public-suffix";
import { type ConfigRule, domainContexts } from "./rule";

/** Why a sending domain cannot be a public suffix, and what to use instead, by the list's section. */
const PUBLIC_SUFFIX_PROBLEMS = {
  icann: {
    problem:
      "is a public suffix (like com or co.uk): domains are registered under it, not it, so no one can publish its MX, SPF and DMARC records",
    fix: (name: string) => `Use the domain you registered under it, e.g. yourbrand.${name}.`,
  },
  private: {
    problem:
      "is a public suffix its operator shares among its users (Public Suffix List, private section, like github.io): only the operator controls its DNS, and receivers judge each name under it as a separate organization",
    fix: () => "Send from a domain you registered and whose DNS you control, e.g. yourbrand.com.",
  },
} as const;

/**
 * Every domain is a valid host name and not a public suffix (a registrable domain or a subdomain of one,
 * as the Public Suffix List says), and no two entries are the same domain once in punycode.
 */
export const domainNamesRule: ConfigRule = (config) => {
  const issues: ConfigIssue[] = [];
  const firstIndex = new Map<string, number>();
  for (const { domain, index, path } of domainContexts(config)) {
    const shown = domain.displayName === domain.name ? domain.name : `${domain.displayName} (${domain.name})`;
    const problem = hostnameProblem(domain.name);
    if (problem !== undefined) {
      issues.push(
        configError(
          path("name"),
          `"${domain.name}" ${problem}`,
          "Write the registered domain only, e.g. example.com: no scheme, path, spaces or @.",
        ),
      );
    } else {
      const section = publicSuffixListing(domain.name).suffixSection;
      if (section !== undefined) {
        issues.push(
          configError(
            path("name"),
            `${shown} ${PUBLIC_SUFFIX_PROBLEMS[section].problem}`,
            PUBLIC_SUFFIX_PROBLEMS[section].fix(domain.name),
          ),
        );
      }
    }
    const earlier = firstIndex.get(domain.name);
    if (earlier === undefined) {
      firstIndex.set(domain.name, index);
    } else {
      issues.push(
        configError(
          path("name"),
          `${shown} is already configured as mailinfra:domains[${earlier}]`,
          `Remove one of the two entries, or merge their mailboxes into mailinfra:domains[${earlier}].`,
        ),
      );
    }
  }
  return issues;
};
