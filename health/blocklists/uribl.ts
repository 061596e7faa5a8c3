import { getDomain } from "tldts";
import { bitmaskMeaning } from "./bitmask-answer";
import type { Blocklist } from "./blocklist";

/**
 * URIBL multi: bitmasked, 2 black, 4 grey, 8 red (https://uribl.com/about.shtml; its test point test.uribl.com
 * answers 127.0.0.14). "All queries that we refuse, we return a 127.0.0.1 response to, as bit 0x1 is not used for
 * domain classification" (https://uribl.com/refused.shtml): queries through public DNS (Google, OpenDNS…) or
 * high-volume resolvers are refused. URIBL holds registered domains only ("We strip all hostparts from URIs",
 * about.shtml), so a tracking host is asked as its registered domain.
 */
const URIBL_BITS: Readonly<Record<number, string>> = {
  2: "black (domain used by spammers)",
  4: "grey (domain seen in bulk mail, may honour opt-out)",
  8: "red (young or privacy-protected domain active in mail flow)",
};

export const URIBL_MULTI: Blocklist = {
  name: "URIBL multi",
  kind: "domain",
  zone: "multi.uribl.com",
  listedName: (domain) => getDomain(domain) ?? domain,
  meaning: (address) =>
    bitmaskMeaning(address, URIBL_BITS, {
      answer: "127.0.0.1",
      text: "URIBL refused the query (127.0.0.1): public or high-volume resolvers are refused (https://uribl.com/refused.shtml); ask through your own resolver (mailinfra:health.blocklistResolvers)",
    }),
  // Lookup and delisting (a free login is needed to ask for removal, about.shtml).
  delistUrl: () => "https://admin.uribl.com/",
};
