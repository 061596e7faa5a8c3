import { createHash, randomBytes } from "node:crypto";

/**
 * PKCE (RFC 7636) with the S256 method, as Google's installed-app flow asks
 * (https://developers.google.com/identity/protocols/oauth2/native-app, "Step 1: Generate a code verifier and
 * challenge"): a verifier of 43-128 characters from [A-Z a-z 0-9 - . _ ~], and its challenge
 * BASE64URL(SHA256(verifier)) without padding.
 */
export interface Pkce {
  verifier: string;
  challenge: string;
}

export function pkceChallenge(verifier: string): string {
  return createHash("sha256").update(verifier, "ascii").digest("base64url");
}

/** 32 random bytes → a 43-character base64url verifier (RFC 7636 §4.1 recommends exactly this). */
export function createPkce(): Pkce {
  const verifier = randomBytes(32).toString("base64url");
  return { verifier, challenge: pkceChallenge(verifier) };
}

/** An unguessable `state`, binding a redirect to the consent link this command printed (RFC 6749 §10.12). */
export function createState(): string {
  return randomBytes(24).toString("base64url");
}
