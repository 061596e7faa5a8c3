import type { DomainConfig } from "../config/schema";
import { normalizeHost } from "./name";

/** Google Workspace: one MX since 2023 (`smtp.google.com`, priority 1), SPF include, DKIM selector `google`. */
export const GOOGLE_WORKSPACE = {
  mx: [{ host: "smtp.google.com", priority: 1 }],
  spfInclude: "_spf.google.com",
  dkimSelector: "google",
} as const;

/** Microsoft 365 (Exchange Online): MX priority 0, SPF include, two DKIM CNAME selectors. */
export const MICROSOFT_365 = {
  mxPriority: 0,
  mxSuffix: "mail.protection.outlook.com",
  spfInclude: "spf.protection.outlook.com",
  dkimSelectors: ["selector1", "selector2"],
} as const;

/** Microsoft's `<CustomDomainWithDashes>`: `mail.contoso.com` → `mail-contoso-com` (hyphens are kept). */
export function domainWithDashes(domain: string): string {
  return domain.replace(/\./g, "-");
}

/** `contoso-com.mail.protection.outlook.com`. */
export function microsoft365Mx(domain: string): string {
  return `${domainWithDashes(domain)}.${MICROSOFT_365.mxSuffix}`;
}

/**
 * Target of `selectorN._domainkey`: with a partition character (domains added since May 2025)
 * `selector1-contoso-com._domainkey.contoso.r-v1.dkim.mail.microsoft`, otherwise the older
 * `selector1-contoso-com._domainkey.contoso.onmicrosoft.com`.
 */
export function microsoft365DkimTarget(
  selector: (typeof MICROSOFT_365.dkimSelectors)[number],
  domain: string,
  tenant: string,
  partition?: string,
): string {
  const zone =
    partition === undefined ? `${tenant}.onmicrosoft.com` : `${tenant}.${partition}-v1.dkim.mail.microsoft`;
  return `${selector}-${domainWithDashes(domain)}._domainkey.${zone}`;
}

/** The MX hosts the platform receives mail on. */
export function platformMx(domain: DomainConfig): { host: string; priority: number }[] {
  const platform = domain.platform;
  switch (platform.kind) {
    case "google-workspace":
      return GOOGLE_WORKSPACE.mx.map((mx) => ({ ...mx }));
    case "microsoft-365":
      return [
        {
          host: platform.mx === undefined ? microsoft365Mx(domain.name) : normalizeHost(platform.mx),
          priority: MICROSOFT_365.mxPriority,
        },
      ];
    case "custom":
      return platform.mx.map((mx) => ({ ...mx }));
  }
}

/** The `include:` domains the platform needs in SPF, before the user's own. */
export function platformSpfIncludes(domain: DomainConfig): string[] {
  const platform = domain.platform;
  switch (platform.kind) {
    case "google-workspace":
      return [GOOGLE_WORKSPACE.spfInclude];
    case "microsoft-365":
      return [MICROSOFT_365.spfInclude];
    case "custom":
      return [...platform.spfIncludes];
  }
}
