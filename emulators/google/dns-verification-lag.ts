import { canonicalDnsName, type ZoneStore } from "../dns";
import type { DnsTxtVerifier } from "./api-call";

/**
 * How late Google's own DNS check sees a record, in the local world: Site Verification's `webResource.insert`
 * makes Google query the domain itself ("When you call insert, Google's Site Verification service queries the
 * site or domain and looks for the token": https://developers.google.com/site-verification/v1/webResource/insert),
 * from Google's resolvers, not from the ones mailinfra's readiness gate asked. Google's help says DNS changes
 * usually reach its systems within 48 hours and can take 72 (https://support.google.com/a/answer/7514107), so
 * the readiness gate passing is no promise that Google sees the record yet.
 *
 * The default, 3 s, is longer than the slowest readiness resolver of the local world (1.2 s; the demo's 2 s), so
 * every `up` there meets Google's "The necessary verification token could not be found" at least once and
 * mailinfra's retry runs, while the end-to-end suites stay fast. Google publishes no figure for its own lag; the
 * number is ours.
 */
export const GOOGLE_DNS_VERIFICATION_LAG_MS = 3_000;

/**
 * Google's check of a DNS_TXT token against the local DNS world, as Google's resolvers see it: the zone as it was
 * `lagMs` ago, independent of the lags of the resolvers the readiness gate asks.
 */
export function laggingDnsTxtVerifier(
  zones: ZoneStore,
  lagMs: number = GOOGLE_DNS_VERIFICATION_LAG_MS,
  now: () => number = Date.now,
): DnsTxtVerifier {
  return async (domain, token) => {
    const name = canonicalDnsName(domain);
    return zones
      .asOf(now() - lagMs)
      .some((record) => record.type === "TXT" && record.name === name && record.strings.join("") === token);
  };
}
