import type { siteVerification_v1 } from "googleapis/build/src/apis/siteVerification";
import type { WorkspaceClient } from "./workspace-client";

/**
 * Site Verification API calls for a domain (site type INET_DOMAIN, method DNS_TXT). The token is the
 * whole TXT value (`google-site-verification=...`) to publish at the domain apex.
 */

export type VerifiedSite = siteVerification_v1.Schema$SiteVerificationWebResourceResource;

export async function getDnsTxtToken(client: WorkspaceClient, domain: string): Promise<string> {
  try {
    const response = await client.call(() =>
      client.siteVerification.webResource.getToken({
        requestBody: { site: { type: "INET_DOMAIN", identifier: domain }, verificationMethod: "DNS_TXT" },
      }),
    );
    if (!response.data.token) throw new Error("Google answered without a token");
    return response.data.token;
  } catch (error) {
    throw client.describe(error, `get the DNS verification token of ${domain}`);
  }
}

/** Asks Google to look for the TXT record now; succeeds only if Google's resolvers see it. */
export async function verifyDomainOwnership(client: WorkspaceClient, domain: string): Promise<VerifiedSite> {
  try {
    const response = await client.call(() =>
      client.siteVerification.webResource.insert({
        verificationMethod: "DNS_TXT",
        requestBody: { site: { type: "INET_DOMAIN", identifier: domain } },
      }),
    );
    return response.data;
  } catch (error) {
    throw client.describe(error, `verify ${domain}`);
  }
}
