import { hostnameProblem } from "../config/domain-name";
import { type ConfigIssue, configError, configWarning } from "../config/issue";
import { dkimPlan } from "../dns/dkim";
import { DKIM_MIN_BITS, DKIM_RECOMMENDED_BITS, inspectDkimKey } from "../dns/dkim-key";
import { perDomain } from "./rule";

/**
 * What to paste instead, by what was pasted. Google's Admin console generates RSA keys only, 1024 or 2048
 * bits (https://support.google.com/a/answer/174124), and shows the public one as a TXT value.
 */
const DKIM_KEY_FIXES = {
  malformed: "Paste the TXT value Google shows (v=DKIM1; k=rsa; p=...) or just the part after p=.",
  private:
    "Paste the public key instead: the TXT value Google shows (v=DKIM1; k=rsa; p=...), or for a key of your own the output of `openssl pkey -in private.pem -pubout`. Remove the private key from the stack configuration, and generate a new pair if that file was shared or committed.",
  ed25519:
    "Generate a 2048-bit RSA key in the Google Admin console (Apps › Google Workspace › Gmail › Authenticate email) and paste its TXT value (v=DKIM1; k=rsa; p=...).",
} as const;

/** DKIM keys that parse, are RSA and long enough; a warning when Google's key is not known yet. */
export const dkimRule = perDomain(({ domain, path }) => {
  const issues: ConfigIssue[] = [];
  const key = domain.dkim.publicKey;
  if (domain.platform.kind === "microsoft-365") {
    if (key !== undefined) {
      issues.push(
        configWarning(
          path("dkim", "publicKey"),
          "is ignored: Microsoft 365 publishes its keys behind the selector1/selector2 CNAMEs",
          "Remove dkim.publicKey from this domain.",
        ),
      );
    }
    return issues;
  }
  const selectorProblem = hostnameProblem(`${domain.dkim.selector}.x`, { underscores: false });
  if (selectorProblem) {
    issues.push(
      configError(
        path("dkim", "selector"),
        `"${domain.dkim.selector}" is not a valid DKIM selector`,
        "Use letters, digits and hyphens, e.g. google or s2025.",
      ),
    );
  }
  if (key !== undefined) {
    const inspection = inspectDkimKey(key);
    if (!inspection.ok) {
      issues.push(
        configError(path("dkim", "publicKey"), inspection.problem, DKIM_KEY_FIXES[inspection.kind]),
      );
    } else if (inspection.bits < DKIM_MIN_BITS) {
      issues.push(
        configError(
          path("dkim", "publicKey"),
          `is a ${inspection.bits}-bit key; receivers ignore DKIM keys under ${DKIM_MIN_BITS} bits`,
          `Generate a new ${DKIM_RECOMMENDED_BITS}-bit key and paste its public key.`,
        ),
      );
    } else if (inspection.bits < DKIM_RECOMMENDED_BITS) {
      issues.push(
        configWarning(
          path("dkim", "publicKey"),
          `is a ${inspection.bits}-bit key`,
          `Generate a ${DKIM_RECOMMENDED_BITS}-bit key (Google Admin console offers both) and replace it.`,
        ),
      );
    }
  }
  issues.push(...dkimPlan(domain, undefined, path()).issues);
  return issues;
});
