import type { DomainConfig } from "../config/schema";
import { ownerName } from "./name";
import type { MailDnsRecord } from "./record";

/**
 * Where each provider's custom tracking domain must point. Smartlead: the seed's `open.sleadtrack.com`.
 * Instantly: `prox.itrackly.com`, the target its custom-tracking-domain setup uses with host `inst`.
 */
export const TRACKING_TARGETS = { smartlead: "open.sleadtrack.com", instantly: "prox.itrackly.com" } as const;

/** The label each provider's documentation uses, used when `tracking.subdomain` is not set. */
export const TRACKING_SUBDOMAINS = {
  smartlead: "emailtracking",
  instantly: "inst",
  custom: "emailtracking",
} as const;

/**
 * The tracking host (`emailtracking.example.com`), or undefined when tracking is off: both the name of the
 * CNAME and the custom tracking domain each Smartlead account is given, so the two cannot disagree.
 */
export function trackingHost(domain: DomainConfig): string | undefined {
  if (domain.tracking.provider === "none") return undefined;
  return ownerName(domain.tracking.subdomain, domain.name);
}

/** The tracking CNAME (`emailtracking.example.com → open.sleadtrack.com`), or none when tracking is off. */
export function trackingRecords(domain: DomainConfig): MailDnsRecord[] {
  const host = trackingHost(domain);
  if (host === undefined || domain.tracking.provider === "none") return [];
  return [
    {
      name: host,
      type: "CNAME",
      content: domain.tracking.target,
      ttl: domain.ttl,
      purpose: "tracking",
    },
  ];
}
