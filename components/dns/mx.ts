import type { DomainConfig } from "../config/schema";
import { platformMx } from "./platform";
import type { MailDnsRecord } from "./record";

/** MX records at the apex, lowest priority first (ties by host) so the order never depends on input order. */
export function mxRecords(domain: DomainConfig): MailDnsRecord[] {
  return platformMx(domain)
    .sort((a, b) => a.priority - b.priority || (a.host < b.host ? -1 : a.host > b.host ? 1 : 0))
    .map((mx) => ({
      name: domain.name,
      type: "MX",
      content: mx.host,
      priority: mx.priority,
      ttl: domain.ttl,
      purpose: "mx",
    }));
}
