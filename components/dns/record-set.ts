import type { ConfigIssue } from "../config/issue";
import type { DomainConfig } from "../config/schema";
import { dkimPlan } from "./dkim";
import { dmarcRecords } from "./dmarc";
import { mxRecords } from "./mx";
import type { MailDnsRecord } from "./record";
import { type SpfFlattened, spfRecords } from "./spf";
import { trackingRecords } from "./tracking";
import { verificationRecords } from "./verification";

/** Values that exist only once the deployment has produced them. */
export interface DeployedValues {
  /** From Google's Site Verification API: `google-site-verification=...` (or the bare token). */
  googleVerificationToken?: string;
  /** DKIM public key (base64 `p=` value, PEM or the whole TXT value) generated at deploy time. */
  dkimPublicKey?: string;
  /** Result of `flattenSpf` for domains with `spf.flatten` on. */
  spfFlattened?: SpfFlattened;
}

/**
 * The complete desired record set of one domain, in a fixed order (MX, SPF, verification, DKIM, DMARC,
 * report authorizations, tracking), plus the warnings about records that cannot exist yet.
 * Pure and deterministic. `path` is the domain's config path, used in the warnings.
 */
export function planDomain(
  domain: DomainConfig,
  deployed: DeployedValues = {},
  path = "mailinfra:domains[?]",
): { records: MailDnsRecord[]; issues: ConfigIssue[] } {
  const dkim = dkimPlan(domain, deployed.dkimPublicKey, path);
  return {
    records: [
      ...mxRecords(domain),
      ...spfRecords(domain, deployed.spfFlattened),
      ...verificationRecords(domain, deployed.googleVerificationToken),
      ...dkim.records,
      ...dmarcRecords(domain),
      ...trackingRecords(domain),
    ],
    issues: dkim.issues,
  };
}

/** The records `domain` must serve. Pure and deterministic. */
export function planRecords(domain: DomainConfig, deployed: DeployedValues = {}): MailDnsRecord[] {
  return planDomain(domain, deployed).records;
}
