import { hostnameProblem } from "../config/domain-name";
import { type ConfigIssue, configError, configWarning } from "../config/issue";
import { normalizeHost } from "../dns/name";
import { perDomain } from "./rule";
import { spfIncludeNameIssue } from "./spf";

/** Platform-specific values are well formed: Microsoft tenant and MX, custom MX hosts. */
export const platformRule = perDomain(({ domain, path }) => {
  const issues: ConfigIssue[] = [];
  const platform = domain.platform;
  if (platform.kind === "microsoft-365") {
    if (!/^[a-z0-9][a-z0-9-]*$/.test(platform.tenant)) {
      issues.push(
        configError(
          path("platform", "tenant"),
          `"${platform.tenant}" is not the prefix of a .onmicrosoft.com domain`,
          "Use the part before .onmicrosoft.com of your tenant's initial domain, e.g. contoso.",
        ),
      );
    }
    if (platform.mx !== undefined) {
      // The host as the MX record will carry it (components/dns/platform.ts).
      const problem = hostnameProblem(normalizeHost(platform.mx));
      if (problem) {
        issues.push(
          configError(
            path("platform", "mx"),
            `"${platform.mx}" ${problem}`,
            "Copy the MX host from Microsoft 365 admin center › Settings › Domains.",
          ),
        );
      }
    }
    if (platform.verification !== undefined && !/^MS=ms\d+$/.test(platform.verification.trim())) {
      issues.push(
        configWarning(
          path("platform", "verification"),
          `"${platform.verification}" does not look like Microsoft's MS=ms12345678 verification value`,
          "Copy the TXT value from Microsoft 365 admin center › Settings › Domains › Add domain.",
        ),
      );
    }
  }
  if (platform.kind === "custom") {
    const seen = new Set<string>();
    platform.mx.forEach((mx, k) => {
      const problem = hostnameProblem(mx.host);
      if (problem) {
        issues.push(
          configError(
            path("platform", "mx", k, "host"),
            `"${mx.host}" ${problem}`,
            "Write the mail server's host name.",
          ),
        );
      }
      if (seen.has(mx.host)) {
        issues.push(
          configError(
            path("platform", "mx", k, "host"),
            `${mx.host} is listed twice`,
            "Remove the duplicate MX entry.",
          ),
        );
      }
      seen.add(mx.host);
    });
    platform.spfIncludes.forEach((include, k) => {
      const issue = spfIncludeNameIssue(include, path("platform", "spfIncludes", k));
      if (issue) issues.push(issue);
    });
  }
  return issues;
});
