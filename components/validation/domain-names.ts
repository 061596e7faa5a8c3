import { hostnameProblem } from "../config/domain-name";
import { type ConfigIssue, configError } from "../config/issue";
import { type ConfigRule, domainContexts } from "./rule";

/** Every domain is a valid host name, and no two entries are the same domain once in punycode. */
export const domainNamesRule: ConfigRule = (config) => {
  const issues: ConfigIssue[] = [];
  const firstIndex = new Map<string, number>();
  for (const { domain, index, path } of domainContexts(config)) {
    const problem = hostnameProblem(domain.name);
    if (problem !== undefined) {
      issues.push(
        configError(
          path("name"),
          `"${domain.name}" ${problem}`,
          "Write the registered domain only, e.g. example.com: no scheme, path, spaces or @.",
        ),
      );
    }
    const earlier = firstIndex.get(domain.name);
    if (earlier === undefined) {
      firstIndex.set(domain.name, index);
    } else {
      const shown =
        domain.displayName === domain.name ? domain.name : `${domain.displayName} (${domain.name})`;
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
