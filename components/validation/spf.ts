import { isIPv4, isIPv6 } from "node:net";
import { hostnameProblem } from "../config/domain-name";
import { type ConfigIssue, configError, configWarning } from "../config/issue";
import { platformSpfIncludes } from "../dns/platform";
import { spfContent, spfIncludes } from "../dns/spf";
import { SPF_LOOKUP_LIMIT } from "../dns/spf-terms";
import { perDomain } from "./rule";

/** RFC 7208 §3.4: keep SPF within 512 bytes so the answer fits a plain UDP DNS response. */
export const SPF_MAX_BYTES = 512;

function addressProblem(value: string, version: 4 | 6): string | undefined {
  const [address, prefix, extra] = value.split("/");
  const valid = version === 4 ? isIPv4(address) : isIPv6(address);
  if (!valid || extra !== undefined) return `is not an IPv${version} address or CIDR range`;
  if (prefix === undefined) return undefined;
  const bits = Number(prefix);
  const max = version === 4 ? 32 : 128;
  if (!/^\d+$/.test(prefix) || bits > max)
    return `has the prefix /${prefix}; IPv${version} prefixes go from 0 to ${max}`;
  const broadest = version === 4 ? 8 : 16;
  if (bits < broadest) return `authorizes /${bits}, a huge part of the internet, to send as this domain`;
  return undefined;
}

/**
 * What is wrong with the form of an `include:` domain, wherever it is written (`spf.includes`, a custom
 * platform's `spfIncludes`): the domain alone, as a name that may hold underscores (`_spf.example.net`).
 */
export function spfIncludeNameIssue(include: string, at: string): ConfigIssue | undefined {
  if (include.startsWith("include:")) {
    return configError(
      at,
      `"${include}" repeats the mechanism name`,
      `Write the domain only: ${include.slice("include:".length)}.`,
    );
  }
  const problem = hostnameProblem(include, { underscores: true });
  if (problem)
    return configError(at, `"${include}" ${problem}`, "Write a domain name, e.g. _spf.example.net.");
  return undefined;
}

/**
 * The SPF record mailinfra will publish: well-formed terms, at most 10 DNS-querying mechanisms
 * (counted here without resolving nested includes; `validateConfig` with a resolver counts those),
 * at most 512 bytes, and a meaningful `all`.
 */
export const spfRule = perDomain(({ domain, path }) => {
  const issues: ConfigIssue[] = [];
  const platformIncludes = platformSpfIncludes(domain);
  domain.spf.includes.forEach((include, k) => {
    const nameIssue = spfIncludeNameIssue(include, path("spf", "includes", k));
    if (nameIssue) {
      issues.push(nameIssue);
    } else if (platformIncludes.includes(include)) {
      issues.push(
        configWarning(
          path("spf", "includes", k),
          `include:${include} is already added by the ${domain.platform.kind} platform`,
          "Remove it from spf.includes.",
        ),
      );
    } else if (include === domain.name) {
      issues.push(
        configError(path("spf", "includes", k), `includes ${domain.name} itself, an SPF loop`, "Remove it."),
      );
    }
  });
  for (const version of [4, 6] as const) {
    const key = version === 4 ? "ip4" : "ip6";
    domain.spf[key].forEach((value, k) => {
      const problem = addressProblem(value, version);
      if (problem) {
        issues.push(
          configError(
            path("spf", key, k),
            `"${value}" ${problem}`,
            `Write one sending address or a narrow range, e.g. ${version === 4 ? "203.0.113.7 or 203.0.113.0/24" : "2001:db8::1 or 2001:db8::/48"}.`,
          ),
        );
      }
    });
  }
  const lookups = spfIncludes(domain).length;
  if (lookups > SPF_LOOKUP_LIMIT && !domain.spf.flatten) {
    issues.push(
      configError(
        path("spf", "includes"),
        `the SPF record needs ${lookups} DNS lookups before counting nested includes; receivers fail SPF above ${SPF_LOOKUP_LIMIT}`,
        "Remove includes you do not send through, or set spf.flatten: true.",
      ),
    );
  }
  const bytes = Buffer.byteLength(spfContent(domain), "utf8");
  if (bytes > SPF_MAX_BYTES && !domain.spf.flatten) {
    issues.push(
      configError(
        path("spf"),
        `the SPF record is ${bytes} bytes; keep it within ${SPF_MAX_BYTES} so it fits one UDP DNS answer`,
        "Replace ip4/ip6 lists by the include: of your provider, or remove unused entries.",
      ),
    );
  }
  if (domain.spf.all === "?all") {
    issues.push(
      configWarning(
        path("spf", "all"),
        "?all (neutral) tells receivers nothing about mail from other servers",
        "Use ~all (softfail), which Google recommends, or -all once everything that sends is listed.",
      ),
    );
  }
  return issues;
});
