import { createPrivateKey, createPublicKey, type KeyObject } from "node:crypto";

/** Keys below this are rejected by receivers (RFC 8301 §3.2). */
export const DKIM_MIN_BITS = 1024;
/** What Google Workspace generates and receivers expect today; the size of the keys mailinfra generates by default. */
export const DKIM_RECOMMENDED_BITS = 2048;
/** The RSA sizes `DkimKey` generates: from the least receivers accept to the most they must verify (RFC 8301 §3.2). */
export const DKIM_KEY_SIZES = [DKIM_MIN_BITS, DKIM_RECOMMENDED_BITS, 4096] as const;
export type DkimKeySize = (typeof DKIM_KEY_SIZES)[number];

/**
 * The base64 public key as it goes after `p=`, from whatever a person pasted: the bare key, the whole
 * TXT value Google's Admin console shows (`v=DKIM1; k=rsa; p=MIIB...`), a zone-file value split into
 * quoted strings (`"v=DKIM1; ..." "...IDAQAB"`), or a PEM block.
 */
export function normalizeDkimKey(text: string): string {
  const unquoted = text.replace(/"/g, "").replace(/-----(BEGIN|END) [A-Z ]+-----/g, "");
  const compact = unquoted.replace(/\s+/g, "");
  const tag = compact.split(";").find((part) => part.startsWith("p="));
  return tag === undefined ? compact : tag.slice(2);
}

/**
 * What a pasted key is. `private` and `ed25519` are told apart because people paste them by mistake:
 * the private half of the pair, or a key of RFC 8463's Ed25519 kind where mailinfra publishes `k=rsa`.
 * Problems never quote the key.
 */
export type DkimKeyInspection =
  | { ok: true; bits: number }
  | { ok: false; kind: "private" | "ed25519" | "malformed"; problem: string };

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

function parseRsaKey(der: Buffer): KeyObject | undefined {
  // DKIM keys are SubjectPublicKeyInfo in practice; RFC 6376 also allows a bare RSAPublicKey (PKCS#1).
  for (const type of ["spki", "pkcs1"] as const) {
    try {
      return createPublicKey({ key: der, format: "der", type });
    } catch {
      // try the next encoding
    }
  }
  return undefined;
}

/**
 * Whether `der` is a private key (PKCS#8, PKCS#1 RSA, SEC1 EC; encrypted ones too). Checked before the
 * public key is read: node derives the public half from a private key, so a pasted private key would
 * otherwise pass as a valid public key and be published in DNS.
 */
function isPrivateKey(der: Buffer): boolean {
  for (const type of ["pkcs8", "pkcs1", "sec1"] as const) {
    try {
      createPrivateKey({ key: der, format: "der", type });
      return true;
    } catch (error) {
      if ((error as { code?: string }).code === "ERR_MISSING_PASSPHRASE") return true;
    }
  }
  return false;
}

/** RFC 8463 §4.2: an Ed25519 DKIM key's `p=` is the bare 32-byte public key. */
const ED25519_KEY_BYTES = 32;

const ED25519 = {
  ok: false,
  kind: "ed25519",
  problem:
    "is an Ed25519 key (RFC 8463); Google Workspace signs with the RSA key its Admin console generates, and mailinfra publishes DKIM records as k=rsa",
} as const;

/** Parses a normalized `p=` value and reports its RSA modulus length, or what is wrong with it. */
export function inspectDkimKey(base64: string): DkimKeyInspection {
  if (base64 === "") return { ok: false, kind: "malformed", problem: "is empty" };
  if (!BASE64.test(base64) || base64.length % 4 !== 0) {
    return {
      ok: false,
      kind: "malformed",
      problem: "is not valid base64 (only A-Z, a-z, 0-9, +, / and = padding are allowed)",
    };
  }
  const der = Buffer.from(base64, "base64");
  if (isPrivateKey(der)) {
    return {
      ok: false,
      kind: "private",
      problem: "is a private key; DNS publishes only the public key, and the private key must stay secret",
    };
  }
  if (der.length === ED25519_KEY_BYTES) return ED25519;
  const key = parseRsaKey(der);
  if (key === undefined) {
    return { ok: false, kind: "malformed", problem: "is base64 but does not decode to a public key" };
  }
  if (key.asymmetricKeyType === "ed25519") return ED25519;
  if (key.asymmetricKeyType !== "rsa") {
    return {
      ok: false,
      kind: "malformed",
      problem: `is a key of type ${key.asymmetricKeyType}; mailinfra publishes RSA DKIM keys only`,
    };
  }
  return { ok: true, bits: key.asymmetricKeyDetails?.modulusLength ?? 0 };
}
