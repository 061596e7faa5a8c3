import { toAsciiDomain } from "../config/domain-name";

/** A host name as records carry it: lower case, punycode, no trailing dot (`SMTP.Google.com.` → `smtp.google.com`). */
export function normalizeHost(host: string): string {
  const trimmed = host.trim().toLowerCase().replace(/\.$/, "");
  return toAsciiDomain(trimmed) || trimmed;
}

/** The fully qualified owner name of `label` under `domain`; `""` and `@` mean the apex. */
export function ownerName(label: string, domain: string): string {
  const relative = label.trim().toLowerCase().replace(/\.$/, "");
  return relative === "" || relative === "@" ? domain : `${relative}.${domain}`;
}

/** `name` relative to `domain`: `""` for the apex, `_dmarc` for `_dmarc.example.com`. */
export function relativeName(name: string, domain: string): string {
  if (name === domain) return "";
  const suffix = `.${domain}`;
  return name.endsWith(suffix) ? name.slice(0, -suffix.length) : name;
}
