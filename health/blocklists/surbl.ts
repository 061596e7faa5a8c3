import { bitmaskMeaning } from "./bitmask-answer";
import type { Blocklist } from "./blocklist";

/**
 * SURBL multi (domains in mail, tracking hosts included): one bitmasked A record per listed name.
 * Bits: 4 DM (disposable email domains), 8 PH, 16 MW, 32 CT (click-tracking domains), 64 ABUSE, 128 CR; the
 * middle octets are reserved (https://www.surbl.org/lists, as mirrored in the stored copies of that page, and
 * https://www.securityzones.net/new-return-codes-added-to-surbl-multi/ for DM and CT). NXDOMAIN means not listed,
 * and multi is wildcarded for public DNS, so a subdomain is asked as it is (https://surbl.org/guidelines).
 * 127.0.0.1 means SURBL blocked the resolver's access to its public servers, not a listing.
 */
const SURBL_BITS: Readonly<Record<number, string>> = {
  4: "DM (disposable email domain)",
  8: "PH (phishing)",
  16: "MW (malware)",
  32: "CT (click-tracking domain seen in unsolicited mail)",
  64: "ABUSE (spam and abuse)",
  128: "CR (cracked site)",
};

export const SURBL_MULTI: Blocklist = {
  name: "SURBL multi",
  kind: "domain",
  zone: "multi.surbl.org",
  wildcarded: true,
  meaning: (address) =>
    bitmaskMeaning(address, SURBL_BITS, {
      answer: "127.0.0.1",
      text: "SURBL refused the query (127.0.0.1): this resolver's access to SURBL's public servers is blocked (public or high-volume resolver); ask through your own resolver (mailinfra:health.blocklistResolvers)",
    }),
  // SURBL's lookup page is where removal is asked for.
  delistUrl: () => "https://www.surbl.org/surbl-analysis",
};
