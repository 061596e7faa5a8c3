import { type CloudflareHostOptions, cloudflareHost } from "./cloudflare";
import type { DnsHostConfig, DnsHostName } from "./config";
import type { DnsHost } from "./dns-host";
import { manualHost } from "./manual";

type HostFactory<H extends DnsHostName> = (dns: Extract<DnsHostConfig, { host: H }>) => DnsHost;

/** The adapter of each `dns.host`, built from its settings. Every host of the config schema needs one. */
const DNS_HOSTS: { [H in DnsHostName]: HostFactory<H> } = {
  cloudflare: (dns) => cloudflareHost(cloudflareHostOptions(dns)),
  manual: () => manualHost(),
};

/** The Cloudflare adapter's options from a domain's `dns:` settings. */
export function cloudflareHostOptions(
  dns: Extract<DnsHostConfig, { host: "cloudflare" }>,
): CloudflareHostOptions {
  return {
    accountId: dns.accountId,
    ...(dns.zoneId ? { zoneId: dns.zoneId } : {}),
    ...(dns.adoptExistingZone ? { adoptExistingZone: true } : {}),
    onDelete: dns.onDelete,
  };
}

/** The DNS host a domain's `dns:` setting names. */
export function dnsHostFor(dns: DnsHostConfig): DnsHost {
  return (DNS_HOSTS[dns.host] as HostFactory<DnsHostName>)(dns);
}
