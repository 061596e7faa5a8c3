import { randomBytes } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import type { GoogleTokenRefresh, VerifyOauthMailbox } from "./oauth-connection";

/**
 * A test double of Google's refresh_token grant and of an XOAUTH2 login, for Smartlead tests while the Google
 * emulator's OAuth grant is built elsewhere. Wire format of the token endpoint: a form POST
 * (grant_type=refresh_token, refresh_token, client_id, client_secret) answered with
 * `{access_token, expires_in, scope, token_type}` or an error body `{error, error_description}`
 * (https://developers.google.com/identity/protocols/oauth2/web-server#offline). A refresh token belongs to one
 * user and one client; another client's refresh is refused (RFC 6749 §5.2: "issued to another client").
 */
export class FakeGoogleOAuth {
  private readonly clients = new Map<string, string>();
  private readonly grants = new Map<string, { email: string; clientId: string; revoked: boolean }>();
  private readonly accessTokens = new Map<string, string>();
  /** Every refresh: which client asked (never the secrets). */
  readonly refreshes: { clientId: string; ok: boolean }[] = [];

  registerClient(clientId: string, clientSecret: string): void {
    this.clients.set(clientId, clientSecret);
  }

  /** What the consent flow would give the mailbox: a refresh token bound to the user and the client. */
  issueRefreshToken(email: string, clientId: string): string {
    const token = `1//fake-${randomBytes(12).toString("hex")}`;
    this.grants.set(token, { email: email.toLowerCase(), clientId, revoked: false });
    return token;
  }

  revoke(refreshToken: string): void {
    const grant = this.grants.get(refreshToken);
    if (grant) grant.revoked = true;
  }

  refresh(request: { clientId: string; clientSecret: string; refreshToken: string }): {
    status: number;
    body: GoogleTokenRefresh & Record<string, unknown>;
  } {
    const secret = this.clients.get(request.clientId);
    const fail = (status: number, error: string, error_description: string) => {
      this.refreshes.push({ clientId: request.clientId, ok: false });
      return { status, body: { error, error_description } };
    };
    if (secret === undefined) return fail(401, "invalid_client", "The OAuth client was not found.");
    if (secret !== request.clientSecret) return fail(401, "invalid_client", "Unauthorized");
    const grant = this.grants.get(request.refreshToken);
    if (!grant || grant.revoked) return fail(400, "invalid_grant", "Token has been expired or revoked.");
    if (grant.clientId !== request.clientId) return fail(400, "unauthorized_client", "Unauthorized");
    const access = `ya29.fake-${randomBytes(12).toString("hex")}`;
    this.accessTokens.set(access, grant.email);
    this.refreshes.push({ clientId: request.clientId, ok: true });
    return {
      status: 200,
      body: {
        access_token: access,
        expires_in: 3599,
        scope: "https://mail.google.com/",
        token_type: "Bearer",
      },
    };
  }

  readonly refreshGoogleToken = async (request: {
    clientId: string;
    clientSecret: string;
    refreshToken: string;
  }): Promise<GoogleTokenRefresh> => this.refresh(request).body;

  /** Gmail's XOAUTH2 refusal (https://developers.google.com/workspace/gmail/imap/xoauth2-protocol). */
  readonly verifyOauthMailbox: VerifyOauthMailbox = async ({ email, accessToken }) =>
    this.accessTokens.get(accessToken) === email.toLowerCase()
      ? { ok: true }
      : { ok: false, error: "SMTP 535-5.7.8 Username and Password not accepted." };

  /** Requests the served token endpoint has received. */
  tokenRequests = 0;

  /** Serves the token endpoint over HTTP; `tokenUri` is what a provider posts to. */
  async serve(): Promise<{ tokenUri: string; stop: () => Promise<void> }> {
    const server = createServer((req, res) => {
      this.tokenRequests++;
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        const form = new URLSearchParams(Buffer.concat(chunks).toString("utf8"));
        const answer =
          req.method === "POST" && form.get("grant_type") === "refresh_token"
            ? this.refresh({
                clientId: form.get("client_id") ?? "",
                clientSecret: form.get("client_secret") ?? "",
                refreshToken: form.get("refresh_token") ?? "",
              })
            : {
                status: 400,
                body: { error: "unsupported_grant_type", error_description: "Invalid grant_type" },
              };
        res.writeHead(answer.status, { "content-type": "application/json; charset=utf-8" });
        res.end(JSON.stringify(answer.body));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const port = (server.address() as AddressInfo).port;
    return {
      tokenUri: `http://127.0.0.1:${port}/token`,
      stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
    };
  }
}
