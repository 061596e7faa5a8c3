import { domainToASCII, domainToUnicode } from "node:url";

/**
 * The name DNS and Google use for a domain: trimmed, lower case, no trailing dot, internationalized
 * labels in punycode (`bücher.de` → `xn--bcher-kva.de`). Returns "" when the name cannot be converted.
 */
export function toAsciiDomain(input: string): string {
  const trimmed = input.trim().toLowerCase().replace(/\.$/, "");
  if (trimmed === "") return "";
  return domainToASCII(trimmed);
}

/** The same name as people read it (`xn--bcher-kva.de` → `bücher.de`). */
export function toUnicodeDomain(ascii: string): string {
  return domainToUnicode(ascii) || ascii;
}

const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
/** Service names such as `_spf.google.com` or `_dmarc` use underscores, which host names may not. */
const SERVICE_LABEL = /^[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?$/;

/**
 * Why `name` (already ASCII, lower case) is not a registrable host name under RFC 1035/1123 rules,
 * or undefined when it is one. `url.domainToASCII` lets `-bad.com` and `a..com` through, so this checks labels.
 */
export function hostnameProblem(name: string, options: { underscores?: boolean } = {}): string | undefined {
  const pattern = options.underscores ? SERVICE_LABEL : LABEL;
  if (name === "") return "is empty or contains characters that cannot be part of a domain name";
  if (name.length > 253) return `is ${name.length} characters long; a domain name can have at most 253`;
  const labels = name.split(".");
  if (labels.length < 2) return "has no top-level domain (expected something like example.com)";
  for (const label of labels) {
    if (label === "") return "contains an empty label (two dots in a row, or a leading dot)";
    if (label.length > 63) return `has the label "${label}" of ${label.length} characters; the limit is 63`;
    if (!pattern.test(label)) {
      return `has the label "${label}"; labels may contain only letters, digits and inner hyphens${options.underscores ? " (and underscores)" : ""}`;
    }
  }
  if (/^[0-9]+$/.test(labels[labels.length - 1])) return "looks like an IP address, not a domain name";
  return undefined;
}
