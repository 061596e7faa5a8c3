import { BARRACUDA_BRBL } from "./barracuda";
import type { Blocklist } from "./blocklist";
import { SPAMCOP_SCBL } from "./spamcop";
import { SPAMHAUS_DBL, SPAMHAUS_ZEN } from "./spamhaus";
import { SURBL_MULTI } from "./surbl";
import { URIBL_MULTI } from "./uribl";

/**
 * The lists `npm run health` asks, in report order: domain lists for a domain and its tracking host, IP lists for
 * a `custom` platform's sending addresses.
 */
export const BLOCKLISTS: readonly Blocklist[] = [
  SPAMHAUS_DBL,
  SURBL_MULTI,
  URIBL_MULTI,
  SPAMHAUS_ZEN,
  BARRACUDA_BRBL,
  SPAMCOP_SCBL,
];
