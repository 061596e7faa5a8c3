import { toAsciiDomain } from "./domain-name";

/**
 * The address a renamed mailbox had before (`renamedFrom`), as Google and the resource names know it:
 * lower case, punycode domain. A bare username is in the mailbox's own domain; a full address keeps its
 * domain, so a rule can reject one from another domain.
 *
 * @example
 * previousAddress("Ben", "send.example.com")                  // "ben@send.example.com"
 * previousAddress("ben@bücher.example", "send.example.com")   // "ben@xn--bcher-kva.example"
 */
export function previousAddress(renamedFrom: string, domainName: string): string {
  const written = renamedFrom.trim().toLowerCase();
  const at = written.lastIndexOf("@");
  if (at < 0) return `${written}@${domainName}`;
  const domain = written.slice(at + 1);
  return `${written.slice(0, at)}@${toAsciiDomain(domain) || domain}`;
}
