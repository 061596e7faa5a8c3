import type { ConfigIssue } from "../config/issue";
import { configWarning } from "../config/issue";
import type { DomainConfig } from "../config/schema";
import { normalizeDkimKey } from "./dkim-key";
import { MICROSOFT_365, microsoft365DkimTarget } from "./platform";
import type { MailDnsRecord } from "./record";
import { txtRecord } from "./txt";

/** `v=DKIM1; k=rsa; p=<key>`, the format Google's Admin console shows; `p=` is never altered. */
export function dkimContent(publicKey: string): string {
  return `v=DKIM1; k=rsa; p=${publicKey}`;
}

/**
 * The DKIM records and, when a key is still missing, why there is none.
 * - Google Workspace: TXT at `<selector>._domainkey` once the key is known (`dkim.publicKey`, or
 *   `dkimPublicKey` from the deployment); Google generates the key only in its Admin console.
 * - Microsoft 365: `selector1`/`selector2` CNAMEs to Microsoft's key hosts.
 * - custom: TXT with the key mailinfra generated at deploy time (or `dkim.publicKey` if you bring one).
 * A key given at deploy time wins over the configured one.
 */
export function dkimPlan(
  domain: DomainConfig,
  dkimPublicKey: string | undefined,
  domainPath: string,
): { records: MailDnsRecord[]; issues: ConfigIssue[] } {
  const platform = domain.platform;
  if (platform.kind === "microsoft-365") {
    return {
      records: MICROSOFT_365.dkimSelectors.map((selector) => ({
        name: `${selector}._domainkey.${domain.name}`,
        type: "CNAME",
        content: microsoft365DkimTarget(selector, domain.name, platform.tenant, platform.dkimPartition),
        ttl: domain.ttl,
        purpose: "dkim",
      })),
      issues: [],
    };
  }
  const key = dkimPublicKey === undefined ? domain.dkim.publicKey : normalizeDkimKey(dkimPublicKey);
  if (key !== undefined && key !== "") {
    const name = `${domain.dkim.selector}._domainkey.${domain.name}`;
    return { records: [txtRecord(name, dkimContent(key), domain.ttl, "dkim")], issues: [] };
  }
  if (platform.kind === "custom") return { records: [], issues: [] };
  return {
    records: [],
    issues: [
      configWarning(
        `${domainPath}.dkim.publicKey`,
        `is not set, so ${domain.name} publishes no DKIM record and Gmail cannot sign its mail with your domain`,
        "In the Google Admin console open Apps › Google Workspace › Gmail › Authenticate email, select " +
          `${domain.name}, generate a 2048-bit key with prefix selector "${domain.dkim.selector}", copy the TXT ` +
          "value into dkim.publicKey, run pulumi up, then click Start authentication.",
      ),
    ],
  };
}
