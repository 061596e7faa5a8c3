import type { DomainConfig } from "../config/schema";
import type { MailDnsRecord } from "./record";
import { txtRecord } from "./txt";

const GOOGLE_PREFIX = "google-site-verification=";

/**
 * The apex TXT proving domain ownership: Google's `google-site-verification=<token>` once the Site
 * Verification API has issued the token (it returns the whole string; a bare token is accepted too), and
 * Microsoft's `MS=ms…` value from config.
 */
export function verificationRecords(domain: DomainConfig, googleVerificationToken?: string): MailDnsRecord[] {
  const platform = domain.platform;
  if (platform.kind === "google-workspace" && googleVerificationToken !== undefined) {
    const token = googleVerificationToken.trim();
    if (token === "" || token === GOOGLE_PREFIX) return [];
    const content = token.startsWith(GOOGLE_PREFIX) ? token : `${GOOGLE_PREFIX}${token}`;
    return [txtRecord(domain.name, content, domain.ttl, "verification")];
  }
  if (platform.kind === "microsoft-365" && platform.verification !== undefined) {
    return [txtRecord(domain.name, platform.verification.trim(), domain.ttl, "verification")];
  }
  return [];
}
