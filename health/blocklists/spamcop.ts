import type { Blocklist } from "./blocklist";

/**
 * SpamCop Blocking List: reversed IPv4 under bl.spamcop.net, 127.0.0.2 when listed (http://spamcop.net/bl.shtml,
 * "How to implement the SCBL"). Listings expire on their own once reports stop; the lookup page says why an
 * address is listed. IPv4 only.
 */
export const SPAMCOP_SCBL: Blocklist = {
  name: "SpamCop SCBL",
  kind: "ip",
  zone: "bl.spamcop.net",
  meaning: (address) =>
    address === "127.0.0.2"
      ? { kind: "listing", text: "listed: mail from this address was reported to SpamCop or hit its traps" }
      : { kind: "undocumented" },
  delistUrl: (ip) => `https://www.spamcop.net/bl.shtml?${ip}`,
};
