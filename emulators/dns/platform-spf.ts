import type { ZoneStore } from "./zone-store";

/**
 * The SPF records the sending platforms publish on the internet, which every sending domain's SPF reaches
 * through its `include:`. In the closed local world nothing else serves them, and an include that finds no SPF
 * record is a permerror for receivers (RFC 7208 §5.2), so `npm run health` would fail every domain's SPF.
 * Google's chain as published (https://support.google.com/a/answer/10685031: `include:_spf.google.com`, which
 * includes the three `_netblocks` records): 4 DNS lookups of the 10 a record may cost.
 */
export const PLATFORM_SPF_RECORDS: Record<string, { zone: string; records: Record<string, string> }> = {
  google: {
    zone: "google.com",
    records: {
      "_spf.google.com":
        "v=spf1 include:_netblocks.google.com include:_netblocks2.google.com include:_netblocks3.google.com ~all",
      "_netblocks.google.com":
        "v=spf1 ip4:35.190.247.0/24 ip4:64.233.160.0/19 ip4:66.102.0.0/20 ip4:66.249.80.0/20 ip4:72.14.192.0/18 ip4:74.125.0.0/16 ip4:108.177.8.0/21 ip4:173.194.0.0/16 ip4:209.85.128.0/17 ip4:216.58.192.0/19 ip4:216.239.32.0/19 ~all",
      "_netblocks2.google.com":
        "v=spf1 ip6:2001:4860:4000::/36 ip6:2404:6800:4000::/36 ip6:2607:f8b0:4000::/36 ip6:2800:3f0:4000::/36 ip6:2a00:1450:4000::/36 ip6:2c0f:fb50:4000::/36 ~all",
      "_netblocks3.google.com":
        "v=spf1 ip4:172.217.0.0/19 ip4:172.217.32.0/20 ip4:172.217.128.0/19 ip4:172.217.160.0/20 ip4:172.217.192.0/19 ip4:172.253.56.0/21 ip4:172.253.112.0/20 ip4:108.177.96.0/19 ip4:35.191.0.0/16 ip4:130.211.0.0/22 ~all",
    },
  },
};

/** Serves the platforms' SPF records from `zones`, each platform's zone created for them. */
export function publishPlatformSpf(zones: ZoneStore): void {
  for (const { zone, records } of Object.values(PLATFORM_SPF_RECORDS)) {
    zones.addZone(zone);
    zones.add(
      ...Object.entries(records).map(([name, value]) => ({ name, type: "TXT" as const, strings: [value] })),
    );
  }
}
