import { createPublicKey, verify } from "node:crypto";

/**
 * The JWT a service account signs to ask for an access token (RFC 7523, "JWT bearer" grant), as
 * google-auth-library builds it (gtoken/jwsSign.js): header `{alg: "RS256"}`, claims
 * `{iss, scope, aud: "https://oauth2.googleapis.com/token", exp: iat + 3600, iat, sub}`.
 * Google's "Using OAuth 2.0 for Server to Server Applications" documents the same claim set.
 */
export interface AssertionClaims {
  iss: string;
  scope?: string;
  aud: string;
  exp: number;
  iat: number;
  sub?: string;
}

export type AssertionCheck =
  | { ok: true; header: { alg: string; kid?: string }; claims: AssertionClaims }
  | { ok: false; error: string; description: string };

function decodeSegment(segment: string): unknown {
  return JSON.parse(Buffer.from(segment, "base64url").toString("utf8"));
}

/** Splits and decodes an assertion without trusting it: the caller still has to check the signature. */
export function decodeAssertion(assertion: string): AssertionCheck {
  const parts = assertion.split(".");
  if (parts.length !== 3)
    return { ok: false, error: "invalid_grant", description: "Invalid JWT: malformed." };
  try {
    const header = decodeSegment(parts[0]!) as { alg: string; kid?: string };
    const claims = decodeSegment(parts[1]!) as AssertionClaims;
    return { ok: true, header, claims };
  } catch {
    return { ok: false, error: "invalid_grant", description: "Invalid JWT: malformed." };
  }
}

export function signatureIsValid(assertion: string, publicKeyPem: string): boolean {
  const [header, payload, signature] = assertion.split(".");
  if (!header || !payload || !signature) return false;
  try {
    return verify(
      "RSA-SHA256",
      Buffer.from(`${header}.${payload}`),
      createPublicKey(publicKeyPem),
      Buffer.from(signature, "base64url"),
    );
  } catch {
    return false;
  }
}

/**
 * Google rejects assertions that are not short-lived (exp - iat at most one hour) or outside a
 * reasonable window around now; the message is the one Google returns (seen in issue threads).
 */
export function timeframeIsValid(claims: AssertionClaims, nowSeconds: number, skewSeconds = 300): boolean {
  if (typeof claims.exp !== "number" || typeof claims.iat !== "number") return false;
  if (claims.exp - claims.iat > 3600) return false;
  if (claims.exp <= nowSeconds - skewSeconds) return false;
  if (claims.iat > nowSeconds + skewSeconds) return false;
  return true;
}
