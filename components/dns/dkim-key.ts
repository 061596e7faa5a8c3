import { createPublicKey, type KeyObject } from "node:crypto";

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

export type DkimKeyInspection = { ok: true; bits: number } | { ok: false; problem: string };

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

/** Parses a normalized `p=` value and reports its RSA modulus length, or what is wrong with it. */
export function inspectDkimKey(base64: string): DkimKeyInspection {
  if (base64 === "") return { ok: false, problem: "is empty" };
  if (!BASE64.test(base64) || base64.length % 4 !== 0) {
    return { ok: false, problem: "is not valid base64 (only A-Z, a-z, 0-9, +, / and = padding are allowed)" };
  }
  const key = parseRsaKey(Buffer.from(base64, "base64"));
  if (key === undefined) return { ok: false, problem: "is base64 but does not decode to a public key" };
  if (key.asymmetricKeyType !== "rsa") {
    return {
      ok: false,
      problem: `is a key of type ${key.asymmetricKeyType}; mailinfra publishes RSA DKIM keys only`,
    };
  }
  return { ok: true, bits: key.asymmetricKeyDetails?.modulusLength ?? 0 };
}
