import type { AnswerMeaning, Blocklist } from "./blocklist";
import { DQS_KEY_SETTING } from "./dqs-key";

/**
 * Spamhaus DBL (domains) and ZEN (sending IPs), on the public mirrors or, with a Data Query Service key, on
 * `<key>.dbl.dq.spamhaus.net` / `<key>.zen.dq.spamhaus.net`.
 *
 * Return codes: https://docs.spamhaus.com/datasets/docs/source/10-data-type-documentation/datasets/040-zones.html
 * Errors (127.255.255.0/24, "should NOT be interpreted as any sort of reputation"):
 * https://www.spamhaus.org/news/article/788/ and
 * https://www.spamhaus.com/resource-center/help-for-spamhaus-projects-legacy-blocklist-users
 * DQS query form: https://docs.spamhaus.com/datasets/docs/source/70-access-methods/data-query-service/040-dqs-queries.html
 * DQS refusals (a key not allowed a list gets DNS REFUSED, SERVFAIL through a resolver; the key is 26 characters):
 * https://docs.spamhaus.com/datasets/docs/source/70-access-methods/data-query-service/020-dqs-auth.html
 */

/** Where a listed domain or address is looked up and removal asked for (Spamhaus's Blocklist Removal Center). */
export const SPAMHAUS_CHECK_URL = "https://check.spamhaus.org/";

/** Answers of every Spamhaus zone that are errors, not verdicts. */
export const SPAMHAUS_ERROR_CODES: Readonly<Record<string, string>> = {
  "127.255.255.252":
    "Spamhaus answered 127.255.255.252 (typing error in the DNSBL name): the zone asked does not exist",
  "127.255.255.254":
    "Spamhaus refused the query (127.255.255.254): it came through a public/open resolver; ask through your own resolver (mailinfra:health.blocklistResolvers) or set a DQS key (mailinfra:health.spamhausDqsKey)",
  "127.255.255.255":
    "Spamhaus refused the query (127.255.255.255): excessive number of queries from this resolver; set a DQS key (mailinfra:health.spamhausDqsKey)",
};

const DBL_LISTINGS: Readonly<Record<string, string>> = {
  "127.0.1.2": "spam domain (low reputation)",
  "127.0.1.4": "phishing domain",
  "127.0.1.5": "malware domain",
  "127.0.1.6": "botnet C&C domain",
  "127.0.1.102": "abused legit domain (spam)",
  "127.0.1.103": "abused redirector domain",
  "127.0.1.104": "abused legit domain (phishing)",
  "127.0.1.105": "abused legit domain (malware)",
  "127.0.1.106": "abused legit domain (botnet C&C)",
};

/**
 * ZEN = SBL + XBL + PBL (+ CSS, DROP, BCL). PBL is a policy listing, not a spam verdict: the network's owner (ISP)
 * or Spamhaus says the address is an end-user address that should not deliver straight to receivers' MX; the
 * receivers that use ZEN refuse it all the same. An address that is your mail server can be taken out of the PBL
 * at check.spamhaus.org.
 */
const ZEN_LISTINGS: Readonly<Record<string, string>> = {
  "127.0.0.2": "SBL: spam source or spam operation",
  "127.0.0.3": "CSS: spam source detected automatically (snowshoe)",
  "127.0.0.4": "XBL: exploited host (botnet, proxy, malware)",
  "127.0.0.5": "XBL: exploited host",
  "127.0.0.6": "XBL: exploited host",
  "127.0.0.7": "XBL: exploited host",
  "127.0.0.9": "DROP: hijacked or criminal network",
  "127.0.0.10":
    "PBL (set by the ISP): policy listing of an end-user address that should not send mail directly; if this is your mail server, remove it from the PBL",
  "127.0.0.11":
    "PBL (set by Spamhaus): policy listing of an end-user address that should not send mail directly; if this is your mail server, remove it from the PBL",
  "127.0.0.30": "BCL: botnet controller",
};

function spamhausMeaning(
  listings: Readonly<Record<string, string>>,
  extraErrors: Record<string, string> = {},
) {
  return (address: string): AnswerMeaning => {
    const listing = listings[address];
    if (listing) return { kind: "listing", text: listing };
    const error = SPAMHAUS_ERROR_CODES[address] ?? extraErrors[address];
    if (error) return { kind: "refusal", text: error };
    // The whole 127.255.255.0/24 holds errors (news article 788); the zones page gives its last two codes to
    // invalid DQS keys without this range's other codes being named in the pages read.
    if (address.startsWith("127.255.255.")) {
      return {
        kind: "refusal",
        text: `Spamhaus answered ${address}, an error code (127.255.255.0/24 holds errors, never reputation); with a DQS key, the key may be invalid, disabled or used elsewhere: check ${DQS_KEY_SETTING} against the DQS key in your Spamhaus account`,
      };
    }
    return { kind: "undocumented" };
  };
}

export const SPAMHAUS_DBL: Blocklist = {
  name: "Spamhaus DBL",
  kind: "domain",
  zone: "dbl.spamhaus.org",
  dqsZone: "dbl.dq.spamhaus.net",
  // "dbl and zrd are wildcarded zones that do not consider the hostname part" (the DQS page above): a tracking
  // host is asked as it is.
  wildcarded: true,
  meaning: spamhausMeaning(DBL_LISTINGS, {
    "127.0.1.255": "Spamhaus DBL answered 127.0.1.255 (IP queries not allowed): it takes domain names only",
  }),
  delistUrl: () => SPAMHAUS_CHECK_URL,
};

export const SPAMHAUS_ZEN: Blocklist = {
  name: "Spamhaus ZEN",
  kind: "ip",
  zone: "zen.spamhaus.org",
  dqsZone: "zen.dq.spamhaus.net",
  ipv6: true,
  meaning: spamhausMeaning(ZEN_LISTINGS),
  delistUrl: () => SPAMHAUS_CHECK_URL,
};
