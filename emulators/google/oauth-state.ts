import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { scopes } from "./api-call";
import type { EmulatedUser, GoogleWorkspaceState, StoredPassword } from "./state";

/**
 * What Google's user-facing OAuth 2.0 server knows: registered clients (an admin's work in the Cloud console),
 * pending sign-ins, authorization codes, grants with their refresh and access tokens, and each user's
 * 2-Step Verification and app passwords. Tokens are bound to a user (by id, so a rename keeps them) and a client.
 *
 * A grant dies, as Google documents under "Refresh token expiration"
 * (https://developers.google.com/identity/protocols/oauth2#expiration), when it is revoked, when the user is
 * deleted or suspended, and when the user's password changes while the grant holds a Gmail scope (also
 * https://support.google.com/a/answer/6328616, "Automatic OAuth 2.0 token revocation upon password change").
 */

export interface OAuthClient {
  clientId: string;
  clientSecret: string;
  redirectUris: string[];
  /** An "Internal" app: only users of the owning Workspace customer may sign in. */
  internal: boolean;
  customerId?: string;
  /**
   * The Cloud console's application type. A Desktop client accepts a loopback redirect on any port
   * (https://developers.google.com/identity/protocols/oauth2/native-app#redirect-uri_loopback); a Web client
   * only its registered URIs, exactly, port included (https://developers.google.com/identity/protocols/oauth2/web-server#uri-validation).
   */
  type: "web" | "desktop";
}

/** A sign-in page served and not yet answered: the checked parameters of one `/o/oauth2/v2/auth` call. */
export interface PendingAuthorization {
  id: string;
  clientId: string;
  redirectUri: string;
  scopes: string[];
  state?: string;
  loginHint?: string;
  accessType: "online" | "offline";
  promptConsent: boolean;
  codeChallenge?: string;
  codeChallengeMethod?: "S256" | "plain";
  expiresAt: number;
}

export interface AuthorizationCode {
  code: string;
  clientId: string;
  redirectUri: string;
  userId: string;
  scopes: string[];
  accessType: "online" | "offline";
  promptConsent: boolean;
  codeChallenge?: string;
  codeChallengeMethod?: "S256" | "plain";
  /** The user's password when they signed in: a later change kills Gmail-scoped grants. */
  password: StoredPassword;
  expiresAt: number;
  used: boolean;
}

export interface Grant {
  id: string;
  clientId: string;
  userId: string;
  scopes: string[];
  password: StoredPassword;
  refreshToken?: string;
  revoked: boolean;
}

export interface UserAccessToken {
  token: string;
  grantId: string;
  expiresAt: number;
}

export interface AccessTokenInfo {
  email: string;
  clientId: string;
  scopes: string[];
  expiresAt: number;
}

interface AppPassword {
  hash: string;
  /** App passwords are revoked when the account password changes (https://support.google.com/accounts/answer/185833). */
  password: StoredPassword;
}

/** Authorization codes live minutes; RFC 6749 §4.1.2 recommends at most ten. Google publishes no figure. */
export const defaultCodeLifetimeSeconds = 600;

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

export class OAuthState {
  readonly clients = new Map<string, OAuthClient>();
  readonly pending = new Map<string, PendingAuthorization>();
  readonly codes = new Map<string, AuthorizationCode>();
  readonly grants = new Map<string, Grant>();
  readonly refreshTokens = new Map<string, string>();
  readonly accessTokens = new Map<string, UserAccessToken>();
  private readonly twoStep = new Set<string>();
  private readonly appPasswords = new Map<string, AppPassword[]>();
  /** The clock every expiry reads; tests move it forward instead of waiting. */
  now: () => number = () => Date.now();
  codeLifetimeSeconds = defaultCodeLifetimeSeconds;

  constructor(private readonly workspace: GoogleWorkspaceState) {}

  // ---- admin actions -------------------------------------------------------------------------

  /** Out of band: an OAuth client created in the Google Cloud console (type "Web application" or "Desktop"). */
  registerOAuthClient(input: {
    clientId: string;
    clientSecret: string;
    redirectUris?: string[];
    internal?: boolean;
    customerId?: string;
    /** @default "desktop" */
    type?: "web" | "desktop";
  }): void {
    this.clients.set(input.clientId, {
      clientId: input.clientId,
      clientSecret: input.clientSecret,
      redirectUris: [...(input.redirectUris ?? [])],
      internal: input.internal ?? false,
      type: input.type ?? "desktop",
      ...(input.customerId ? { customerId: input.customerId } : {}),
    });
  }

  /** Out of band: the user's grant to every client is removed (Admin console or myaccount "Remove access"). */
  revokeUserTokens(email: string): void {
    const user = this.workspace.findUser(email);
    if (!user) throw new Error(`emulator: no user ${email}`);
    for (const grant of this.grants.values()) if (grant.userId === user.id) grant.revoked = true;
  }

  /** Out of band: one refresh token revoked (its access tokens die with it). */
  revokeRefreshToken(refreshToken: string): void {
    const grant = this.grantOfRefreshToken(refreshToken);
    if (grant) grant.revoked = true;
  }

  /**
   * Out of band: what a completed consent leaves behind (the user signed in at the consent page, allowed `scopes`
   * with access_type=offline, and the client exchanged the code): a live grant of this user to this client, and
   * its refresh token. For tests whose subject is what a refresh token does, not how it is obtained;
   * emulators/mailbox-sign-in.ts obtains one through the consent page and the token endpoint instead.
   * @default scopes [https://mail.google.com/], what `npm run authorize` asks for
   */
  issueRefreshToken(email: string, clientId: string, grantedScopes: string[] = [scopes.gmail]): string {
    const user = this.requireUser(email);
    if (!this.clients.has(clientId)) throw new Error(`emulator: no OAuth client ${clientId}`);
    const grant = this.newGrant(
      { clientId, userId: user.id, scopes: [...grantedScopes], password: user.password },
      true,
    );
    return grant.refreshToken as string;
  }

  /** Out of band: the user turned on 2-Step Verification. */
  enrollTwoStep(email: string): void {
    this.twoStep.add(this.requireUser(email).id);
  }

  isTwoStepEnrolled(email: string): boolean {
    const user = this.workspace.findUser(email);
    return user ? this.twoStep.has(user.id) : false;
  }

  /**
   * Out of band: the user creates an app password at myaccount.google.com/apppasswords. Only a 2-Step-enrolled
   * user can (https://support.google.com/accounts/answer/185833); Google shows it as 16 letters.
   */
  createAppPassword(email: string): string {
    const user = this.requireUser(email);
    if (!this.twoStep.has(user.id)) {
      throw new Error(`emulator: ${email} has no 2-Step Verification, so it cannot create an app password`);
    }
    const letters = "abcdefghijklmnopqrstuvwxyz";
    const password = [...randomBytes(16)].map((b) => letters[b % 26]).join("");
    const list = this.appPasswords.get(user.id) ?? [];
    list.push({ hash: sha256(password), password: user.password });
    this.appPasswords.set(user.id, list);
    return password;
  }

  /** Does this app password open this mailbox? Spaces are ignored, as Google shows it in groups of four. */
  verifyAppPassword(email: string, candidate: string): boolean {
    const user = this.workspace.findUser(email);
    if (!user || user.suspended || !this.twoStep.has(user.id)) return false;
    const wanted = Buffer.from(sha256(candidate.replace(/\s+/g, "")));
    return (this.appPasswords.get(user.id) ?? []).some(
      (entry) => entry.password === user.password && timingSafeEqual(Buffer.from(entry.hash), wanted),
    );
  }

  // ---- the flow ------------------------------------------------------------------------------

  newPending(request: Omit<PendingAuthorization, "id" | "expiresAt">): PendingAuthorization {
    const pending = {
      ...request,
      id: randomBytes(18).toString("base64url"),
      expiresAt: this.now() + this.codeLifetimeSeconds * 1000,
    };
    this.pending.set(pending.id, pending);
    return pending;
  }

  takePending(id: string): PendingAuthorization | undefined {
    const pending = this.pending.get(id);
    if (!pending || pending.expiresAt <= this.now()) return undefined;
    return pending;
  }

  issueCode(pending: PendingAuthorization, user: EmulatedUser): AuthorizationCode {
    this.pending.delete(pending.id);
    // Google's codes start with "4/" (seen in every redirect quoted in googleapis issue threads).
    const code: AuthorizationCode = {
      code: `4/0A${randomBytes(32).toString("base64url")}`,
      clientId: pending.clientId,
      redirectUri: pending.redirectUri,
      userId: user.id,
      scopes: pending.scopes,
      accessType: pending.accessType,
      promptConsent: pending.promptConsent,
      ...(pending.codeChallenge
        ? { codeChallenge: pending.codeChallenge, codeChallengeMethod: pending.codeChallengeMethod }
        : {}),
      password: user.password,
      expiresAt: this.now() + this.codeLifetimeSeconds * 1000,
      used: false,
    };
    this.codes.set(code.code, code);
    return code;
  }

  /** True when this user already holds a live offline grant for this client (no new refresh token then). */
  hasOfflineGrant(userId: string, clientId: string): boolean {
    return [...this.grants.values()].some(
      (grant) =>
        grant.userId === userId && grant.clientId === clientId && grant.refreshToken && this.isLive(grant),
    );
  }

  newGrant(
    code: Pick<AuthorizationCode, "clientId" | "userId" | "scopes" | "password">,
    withRefreshToken: boolean,
  ): Grant {
    const grant: Grant = {
      id: randomBytes(12).toString("hex"),
      clientId: code.clientId,
      userId: code.userId,
      scopes: code.scopes,
      password: code.password,
      revoked: false,
      ...(withRefreshToken ? { refreshToken: `1//0${randomBytes(48).toString("base64url")}` } : {}),
    };
    this.grants.set(grant.id, grant);
    if (grant.refreshToken) this.refreshTokens.set(grant.refreshToken, grant.id);
    return grant;
  }

  issueAccessToken(grant: Grant, lifetimeSeconds: number): UserAccessToken {
    const token: UserAccessToken = {
      token: `ya29.a0${randomBytes(40).toString("base64url")}`,
      grantId: grant.id,
      expiresAt: this.now() + lifetimeSeconds * 1000,
    };
    this.accessTokens.set(token.token, token);
    return token;
  }

  grantOfRefreshToken(refreshToken: string): Grant | undefined {
    const id = this.refreshTokens.get(refreshToken);
    return id ? this.grants.get(id) : undefined;
  }

  grantOfAccessToken(accessToken: string): Grant | undefined {
    const token = this.accessTokens.get(accessToken);
    return token ? this.grants.get(token.grantId) : undefined;
  }

  /** Revoked, user gone or suspended, or password changed under a Gmail scope: the grant is dead. */
  isLive(grant: Grant): boolean {
    if (grant.revoked) return false;
    const user = this.liveUser(grant.userId);
    if (!user || user.suspended) return false;
    if (grant.scopes.includes(scopes.gmail) && user.password !== grant.password) return false;
    return true;
  }

  /** What a resource server (Gmail) learns from an access token; undefined when it opens nothing. */
  accessTokenInfo(token: string): AccessTokenInfo | undefined {
    const access = this.accessTokens.get(token);
    if (!access || access.expiresAt <= this.now()) return undefined;
    const grant = this.grants.get(access.grantId);
    if (!grant || !this.isLive(grant)) return undefined;
    const user = this.liveUser(grant.userId);
    if (!user) return undefined;
    return {
      email: user.primaryEmail,
      clientId: grant.clientId,
      scopes: [...grant.scopes],
      expiresAt: access.expiresAt,
    };
  }

  private liveUser(userId: string): EmulatedUser | undefined {
    const user = this.workspace.users.get(userId);
    return user && !user.deletionTime ? user : undefined;
  }

  private requireUser(email: string): EmulatedUser {
    const user = this.workspace.findUser(email);
    if (!user) throw new Error(`emulator: no user ${email}`);
    return user;
  }
}
