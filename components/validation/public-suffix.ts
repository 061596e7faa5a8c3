import { parse } from "tldts";

/**
 * What the Public Suffix List (https://publicsuffix.org/list/, bundled by the `tldts` package) says about
 * a host name (ASCII, lower case, no trailing dot). Names under suffixes the list does not know (the
 * reserved `.test` of RFC 6761, used by the emulators) are ordinary names here: the list's implicit `*`
 * rule only makes their last label a suffix.
 */
export interface PublicSuffixListing {
  /** Where the list has `name` itself as a public suffix: ICANN (`com`, `co.uk`) or private (`github.io`). */
  suffixSection?: "icann" | "private";
  /** The registrable domain under an ICANN-listed suffix (`other.com` for `track.other.com`). */
  icannRegistrableDomain?: string;
}

export function publicSuffixListing(name: string): PublicSuffixListing {
  const listed = parse(name, { allowPrivateDomains: true });
  const suffixSection =
    listed.publicSuffix === name && (listed.isIcann || listed.isPrivate)
      ? listed.isIcann
        ? "icann"
        : "private"
      : undefined;
  const icann = parse(name);
  const icannRegistrableDomain = icann.isIcann && icann.domain !== null ? icann.domain : undefined;
  return {
    ...(suffixSection === undefined ? {} : { suffixSection }),
    ...(icannRegistrableDomain === undefined ? {} : { icannRegistrableDomain }),
  };
}
