import { type ConfigIssue, configError } from "../config/issue";
import { perDomain } from "./rule";

const CLOUDFLARE_ID = /^[0-9a-f]{32}$/;

/** Cloudflare account and zone ids are 32 hex characters; a wrong one fails only at deploy time. */
export const dnsHostRule = perDomain(({ domain, path }) => {
  const issues: ConfigIssue[] = [];
  if (domain.dns.host !== "cloudflare") return issues;
  if (!CLOUDFLARE_ID.test(domain.dns.accountId)) {
    issues.push(
      configError(
        path("dns", "accountId"),
        `"${domain.dns.accountId}" is not a Cloudflare account id (32 hexadecimal characters)`,
        "Copy the Account ID from the Cloudflare dashboard › any zone › Overview (right-hand column).",
      ),
    );
  }
  if (domain.dns.zoneId !== undefined && !CLOUDFLARE_ID.test(domain.dns.zoneId)) {
    issues.push(
      configError(
        path("dns", "zoneId"),
        `"${domain.dns.zoneId}" is not a Cloudflare zone id (32 hexadecimal characters)`,
        "Copy the Zone ID from the zone's Overview page, or remove zoneId to let mailinfra create the zone.",
      ),
    );
  }
  if (domain.dns.zoneId !== undefined && domain.dns.adoptExistingZone) {
    issues.push(
      configError(
        path("dns", "adoptExistingZone"),
        "is set together with zoneId: the zone to adopt would be named twice",
        "Keep zoneId (adopt that zone) and remove adoptExistingZone, or remove zoneId to find the zone by name.",
      ),
    );
  }
  return issues;
});
