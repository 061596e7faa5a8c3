import { isIP } from "node:net";
import type { DomainConfig } from "../../components/config/schema";
import type { BlocklistTarget } from "./blocklist";

/**
 * The addresses a `custom` platform sends from, as the blocklists are asked about them: the addresses its SPF names
 * (`spf.ip4`, `spf.ip6`), a single-address prefix (`/32`, `/128`) read as the address, ranges left out (a list is
 * asked one address at a time). Hosted platforms' addresses are theirs to watch: none.
 */
export function sendingAddresses(domain: DomainConfig): string[] {
  if (domain.platform.kind !== "custom") return [];
  return [...domain.spf.ip4, ...domain.spf.ip6]
    .map((ip) => ip.replace(/\/(32|128)$/, ""))
    .filter((ip) => isIP(ip) !== 0);
}

/**
 * What the blocklists are asked about one domain, by `npm run health` and by `up`'s campaign policy alike: its
 * name, its tracking host, its sending addresses.
 */
export function blocklistTargets(
  domain: string,
  trackingHost: string | undefined,
  sendingIps: readonly string[],
): BlocklistTarget[] {
  return [
    { target: domain, kind: "domain", role: "domain" },
    ...(trackingHost ? [{ target: trackingHost, kind: "domain" as const, role: "tracking" as const }] : []),
    ...sendingIps.map((ip) => ({ target: ip, kind: "ip" as const, role: "sending-ip" as const })),
  ];
}
