import { hostnameProblem } from "../config/domain-name";
import { type ConfigIssue, configError, configWarning } from "../config/issue";
import type { DomainConfig } from "../config/schema";
import { needsReportAuthorization, reportAuthorizationName, reportUriDomain } from "../dns/dmarc";
import { writesOwnRua } from "./dmarc-reports";
import { perDomain } from "./rule";

/**
 * `pct=0` with an enforcing policy. Receivers that follow RFC 7489 apply the next weaker policy to the
 * messages pct leaves out (RFC 7489 §6.6.4, https://www.rfc-editor.org/rfc/rfc7489#section-6.6.4): quarantine
 * with pct=0 is p=none, reject with pct=0 is quarantine. A warning, not an error: some domains publish pct=0 on
 * purpose, so that mailing lists rewrite From without any mail being refused
 * (https://gitlab.com/mailman/mailman/-/issues/1004). RFC 9989's `t=y` has the same effect.
 */
function zeroPctIssues(dmarc: DomainConfig["dmarc"], at: string): ConfigIssue[] {
  if (dmarc.pct !== 0 || dmarc.p === "none") return [];
  if (dmarc.p === "quarantine") {
    return [
      configWarning(
        at,
        "pct=0 applies p=quarantine to no message: receivers handle mail that fails DMARC as with p=none (RFC 7489 §6.6.4)",
        "Write testing: true (t=y) instead of pct to test p=quarantine, remove pct to enforce it, or write p: none while mailboxes warm up.",
      ),
    ];
  }
  return [
    configWarning(
      at,
      "pct=0 applies p=reject to no message: receivers quarantine mail that fails DMARC instead (RFC 7489 §6.6.4), so this is p=quarantine",
      "Remove pct to reject failing mail, or write p: quarantine without pct if quarantine is what you want (testing: true, t=y, tests p=reject the same way).",
    ),
  ];
}

/**
 * RFC 9989 (DMARCbis, https://www.rfc-editor.org/rfc/rfc9989) obsoletes RFC 7489 and removes `pct`: its
 * receivers ignore the tag and apply the whole policy (https://dmarceye.com/glossary/pct-dmarc). Testing is
 * the `t` tag instead: `t=y` applies the next weaker policy, `t=n` (the default) the policy itself
 * (https://tamingdns.com/dmarc-tags/t). A `pct` the user wrote is still published, for RFC 7489 receivers.
 */
function removedPctIssues(dmarc: DomainConfig["dmarc"], at: string): ConfigIssue[] {
  if (dmarc.pct === undefined) return [];
  const fix =
    dmarc.pct === 100 || dmarc.p === "none"
      ? `Remove pct: ${dmarc.pct === 100 ? "receivers apply the policy to all failing mail without it" : "with p=none it changes nothing"}.`
      : dmarc.testing === true
        ? "Remove pct once the receivers you care about follow RFC 9989: testing: true already publishes t=y."
        : `Write testing: true to publish t=y (receivers apply the next weaker policy to failing mail: p=${dmarc.p} as ${dmarc.p === "reject" ? "quarantine" : "none"}), or remove pct to enforce p=${dmarc.p}; pct is still published while you keep it, for receivers that follow RFC 7489.`;
  return [
    configWarning(
      at,
      `pct is removed by RFC 9989 (DMARCbis): receivers that follow it ignore pct=${dmarc.pct} and apply p=${dmarc.p} to all mail that fails DMARC`,
      fix,
    ),
  ];
}

/**
 * DMARC report URIs are `mailto:` addresses; reports sent outside the domain's organization need the
 * receiving domain's authorization record (RFC 7489 §7.1) — mailinfra publishes it itself when the
 * receiving domain is in this stack, otherwise someone must add it there.
 */
export const dmarcRule = perDomain(({ domain, index, path, inherited }, config) => {
  const issues: ConfigIssue[] = [];
  const stackDomains = new Set(config.domains.map((d) => d.name));
  // The stack's reports mailbox (mailinfra:dmarcReports) is checked once, by dmarcReportsRule.
  const ownRua = writesOwnRua(domain, index);
  for (const tag of ["rua", "ruf"] as const) {
    if (tag === "rua" && !ownRua) continue;
    domain.dmarc[tag].forEach((uri, k) => {
      const target = reportUriDomain(uri);
      if (target === undefined) {
        issues.push(
          configError(
            path("dmarc", tag, k),
            `"${uri}" is not a mailto: URI; receivers send DMARC reports by email only`,
            "Write it as mailto:dmarc@example.com (optionally with a size limit: mailto:dmarc@example.com!10m).",
          ),
        );
        return;
      }
      if (!needsReportAuthorization(domain.name, target) || stackDomains.has(target)) return;
      const sender = inherited("dmarc", tag, k) ? "<domain>" : domain.name;
      const record = reportAuthorizationName(sender, target);
      issues.push(
        configWarning(
          path("dmarc", tag, k),
          `sends DMARC ${tag === "rua" ? "aggregate" : "failure"} reports to ${target}, outside this stack; receivers drop them unless ${target} publishes TXT "v=DMARC1" at ${record}`,
          `Have ${target}'s DNS admin publish ${record} TXT "v=DMARC1" (or *._report._dmarc.${target}), or add ${target} to this stack.`,
        ),
      );
    });
  }
  if (domain.dmarc.rua.length === 0 && ownRua) {
    issues.push(
      configWarning(
        path("dmarc", "rua"),
        "is empty, so no receiver sends aggregate reports and you cannot see who sends as this domain",
        "Remove dmarc.rua to use the stack's reports mailbox (mailinfra:dmarcReports.mailbox), or set it to a mailbox you read.",
      ),
    );
  }
  if (domain.dmarc.fo !== undefined && domain.dmarc.ruf.length === 0) {
    issues.push(
      configWarning(
        path("dmarc", "fo"),
        "has no effect without dmarc.ruf",
        "Set dmarc.ruf or remove dmarc.fo.",
      ),
    );
  }
  if (domain.dmarc.pct !== undefined && domain.dmarc.pct < 100 && domain.dmarc.p === "none") {
    issues.push(
      configWarning(
        path("dmarc", "pct"),
        `pct=${domain.dmarc.pct} has no effect with p=none`,
        "Remove pct; to move to p=quarantine, write p: quarantine with testing: true (t=y) first.",
      ),
    );
  }
  if (domain.dmarc.testing === true && domain.dmarc.p === "none") {
    issues.push(
      configWarning(
        path("dmarc", "testing"),
        "testing: true (t=y) has no effect with p=none: there is no weaker policy to apply",
        "Remove testing, or keep it while moving to p=quarantine.",
      ),
    );
  }
  issues.push(...zeroPctIssues(domain.dmarc, path("dmarc", "pct")));
  issues.push(...removedPctIssues(domain.dmarc, path("dmarc", "pct")));
  domain.dmarc.acceptReportsFor.forEach((sender, k) => {
    // A sender is a domain name (the first labels of `<sender>._report._dmarc.<this domain>`), or `*` for all.
    if (sender !== "*" && hostnameProblem(sender, { underscores: true }) !== undefined) {
      issues.push(
        configError(
          path("dmarc", "acceptReportsFor", k),
          `"${sender}" is not a domain name`,
          "List the domains whose reports this domain receives, e.g. example.org, or * for all.",
        ),
      );
    }
  });
  return issues;
});
