import { createPrivateKey, randomBytes, sign } from "node:crypto";
import { fetchJson } from "./retrying-fetch";

/**
 * The baseline's Google Workspace calls, straight over REST: a service-account JWT exchanged for one access
 * token, Directory API domains/users, Site Verification token and verify. One call per operation, as the
 * seeds' provisioner makes them.
 */
export interface GoogleAccess {
  rootUrl: string;
  serviceAccountKey: string;
  adminEmail: string;
  customerId: string;
  backoffMs: number;
}

const scopes = [
  "https://www.googleapis.com/auth/admin.directory.user",
  "https://www.googleapis.com/auth/admin.directory.domain",
  "https://www.googleapis.com/auth/siteverification.verify_only",
];

export class SeedGoogle {
  private token?: Promise<string>;

  constructor(private readonly access: GoogleAccess) {}

  private accessToken(): Promise<string> {
    this.token ??= (async () => {
      const key = JSON.parse(this.access.serviceAccountKey) as {
        client_email: string;
        private_key: string;
        token_uri: string;
      };
      const now = Math.floor(Date.now() / 1000);
      const encode = (o: unknown) => Buffer.from(JSON.stringify(o)).toString("base64url");
      const unsigned = `${encode({ alg: "RS256", typ: "JWT" })}.${encode({
        iss: key.client_email,
        aud: "https://oauth2.googleapis.com/token",
        iat: now,
        exp: now + 3600,
        sub: this.access.adminEmail,
        scope: scopes.join(" "),
      })}`;
      const signature = sign("RSA-SHA256", Buffer.from(unsigned), createPrivateKey(key.private_key));
      const response = await fetch(key.token_uri, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({
          grant_type: "urn:ietf:params:oauth:grant-type:jwt-bearer",
          assertion: `${unsigned}.${signature.toString("base64url")}`,
        }),
      });
      if (!response.ok) throw new Error(`Google token: HTTP ${response.status}`);
      return ((await response.json()) as { access_token: string }).access_token;
    })();
    return this.token;
  }

  private async call<T>(what: string, method: string, path: string, body?: unknown): Promise<T> {
    const headers = { authorization: `Bearer ${await this.accessToken()}` };
    return fetchJson<T>(
      what,
      `${this.access.rootUrl}${path}`,
      { method, headers, body },
      this.access.backoffMs,
    );
  }

  private get customer(): string {
    return encodeURIComponent(this.access.customerId);
  }

  addDomain(domain: string): Promise<unknown> {
    return this.call(`add ${domain}`, "POST", `/admin/directory/v1/customer/${this.customer}/domains`, {
      domainName: domain,
    });
  }

  async verificationToken(domain: string): Promise<string> {
    const answer = await this.call<{ token: string }>(
      `token ${domain}`,
      "POST",
      "/siteVerification/v1/token",
      {
        site: { type: "INET_DOMAIN", identifier: domain },
        verificationMethod: "DNS_TXT",
      },
    );
    return answer.token;
  }

  verify(domain: string): Promise<unknown> {
    return this.call(
      `verify ${domain}`,
      "POST",
      "/siteVerification/v1/webResource?verificationMethod=DNS_TXT",
      {
        site: { type: "INET_DOMAIN", identifier: domain },
      },
    );
  }

  /** Creates the user with a generated password, which it returns. */
  async createUser(user: { email: string; firstName: string; lastName: string }): Promise<string> {
    const password = randomBytes(18).toString("base64url");
    await this.call(`user ${user.email}`, "POST", "/admin/directory/v1/users", {
      primaryEmail: user.email,
      name: { givenName: user.firstName, familyName: user.lastName },
      password,
      orgUnitPath: "/",
    });
    return password;
  }

  getDomain(domain: string): Promise<{ verified?: boolean }> {
    return this.call(
      `get ${domain}`,
      "GET",
      `/admin/directory/v1/customer/${this.customer}/domains/${encodeURIComponent(domain)}`,
    );
  }

  getUser(email: string): Promise<{ suspended?: boolean }> {
    return this.call(`get ${email}`, "GET", `/admin/directory/v1/users/${encodeURIComponent(email)}`);
  }
}
