/**
 * Blocklists over DNS for `npm run health`: Spamhaus DBL, SURBL and URIBL for a domain and its tracking host,
 * Spamhaus ZEN, Barracuda and SpamCop for a `custom` platform's sending IPs.
 */
export type { Blocklist, BlocklistTarget } from "./blocklist";
export { BLOCKLISTS } from "./catalogue";
export { type BlocklistCheckOptions, checkBlocklists } from "./check-blocklists";
