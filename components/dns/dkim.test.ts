import { generateKeyPairSync } from "node:crypto";
import { describe, expect, it } from "vitest";
import { dkimPlan } from "./dkim";
import { inspectDkimKey, normalizeDkimKey } from "./dkim-key";
import { testDomain } from "./test-domain";

function rsaKey(bits: number): string {
  const { publicKey } = generateKeyPairSync("rsa", { modulusLength: bits });
  return publicKey.export({ type: "spki", format: "der" }).toString("base64");
}

const KEY_2048 = rsaKey(2048);
const RSA_PAIR = generateKeyPairSync("rsa", { modulusLength: 1024 });
const ED25519_SPKI = generateKeyPairSync("ed25519").publicKey.export({ type: "spki", format: "der" });
const ED25519_PROBLEM =
  "is an Ed25519 key (RFC 8463); Google Workspace signs with the RSA key its Admin console generates, and mailinfra publishes DKIM records as k=rsa";
const PRIVATE_PROBLEM =
  "is a private key; DNS publishes only the public key, and the private key must stay secret";

describe("normalizeDkimKey", () => {
  it.each([
    { name: "bare key", input: KEY_2048 },
    { name: "Google's whole TXT value", input: `v=DKIM1; k=rsa; p=${KEY_2048}` },
    {
      name: "zone-file quoted strings",
      input: `"v=DKIM1; k=rsa; p=${KEY_2048.slice(0, 200)}" "${KEY_2048.slice(200)}"`,
    },
    { name: "key wrapped over lines", input: `${KEY_2048.slice(0, 64)}\n${KEY_2048.slice(64)}\n` },
    {
      name: "PEM",
      input: `-----BEGIN PUBLIC KEY-----\n${KEY_2048.match(/.{1,64}/g)?.join("\n")}\n-----END PUBLIC KEY-----\n`,
    },
  ])("$name → the bare base64 key", ({ input }) => {
    expect(normalizeDkimKey(input)).toBe(KEY_2048);
  });
});

describe("inspectDkimKey", () => {
  it.each([
    { name: "2048-bit SPKI", key: KEY_2048, result: { ok: true, bits: 2048 } },
    { name: "1024-bit SPKI", key: rsaKey(1024), result: { ok: true, bits: 1024 } },
    { name: "512-bit SPKI", key: rsaKey(512), result: { ok: true, bits: 512 } },
    {
      name: "PKCS#1 RSAPublicKey",
      key: generateKeyPairSync("rsa", { modulusLength: 1024 })
        .publicKey.export({ type: "pkcs1", format: "der" })
        .toString("base64"),
      result: { ok: true, bits: 1024 },
    },
    { name: "empty", key: "", result: { ok: false, kind: "malformed", problem: "is empty" } },
    {
      name: "not base64",
      key: "MIIB!not-base64",
      result: {
        ok: false,
        kind: "malformed",
        problem: "is not valid base64 (only A-Z, a-z, 0-9, +, / and = padding are allowed)",
      },
    },
    {
      name: "base64 of garbage",
      key: "aGVsbG8gd29ybGQh",
      result: { ok: false, kind: "malformed", problem: "is base64 but does not decode to a public key" },
    },
    {
      name: "Ed25519 as SPKI",
      key: ED25519_SPKI.toString("base64"),
      result: { ok: false, kind: "ed25519", problem: ED25519_PROBLEM },
    },
    {
      name: "Ed25519 as RFC 8463 publishes it (the bare 32 bytes)",
      key: ED25519_SPKI.subarray(-32).toString("base64"),
      result: { ok: false, kind: "ed25519", problem: ED25519_PROBLEM },
    },
    {
      name: "EC P-256",
      key: generateKeyPairSync("ec", { namedCurve: "prime256v1" })
        .publicKey.export({ type: "spki", format: "der" })
        .toString("base64"),
      result: {
        ok: false,
        kind: "malformed",
        problem: "is a key of type ec; mailinfra publishes RSA DKIM keys only",
      },
    },
    // Before: node derived the public half from these, so they passed as valid keys and went into DNS.
    ...(["pkcs8", "pkcs1"] as const).map((type) => ({
      name: `RSA private key (${type})`,
      key: RSA_PAIR.privateKey.export({ type, format: "der" }).toString("base64"),
      result: { ok: false, kind: "private", problem: PRIVATE_PROBLEM },
    })),
    {
      name: "encrypted private key",
      key: RSA_PAIR.privateKey
        .export({ type: "pkcs8", format: "der", cipher: "aes-256-cbc", passphrase: "pw" })
        .toString("base64"),
      result: { ok: false, kind: "private", problem: PRIVATE_PROBLEM },
    },
    {
      name: "Ed25519 private key",
      key: generateKeyPairSync("ed25519")
        .privateKey.export({ type: "pkcs8", format: "der" })
        .toString("base64"),
      result: { ok: false, kind: "private", problem: PRIVATE_PROBLEM },
    },
  ])("$name", ({ key, result }) => {
    expect(inspectDkimKey(key)).toEqual(result);
  });
});

describe("dkimPlan", () => {
  const path = "mailinfra:domains[0]";

  it("Google Workspace with a key: one TXT at google._domainkey, split into 255-byte strings, p= intact", () => {
    const { records, issues } = dkimPlan(
      testDomain({ dkim: { publicKey: `v=DKIM1; k=rsa; p=${KEY_2048}` } }),
      undefined,
      path,
    );
    const content = `v=DKIM1; k=rsa; p=${KEY_2048}`;
    expect(issues).toEqual([]);
    expect(records).toEqual([
      {
        name: "google._domainkey.example.com",
        type: "TXT",
        content,
        strings: [content.slice(0, 255), content.slice(255)],
        ttl: 3600,
        purpose: "dkim",
      },
    ]);
  });

  it("Google Workspace without a key: no record, and a warning saying how to get one", () => {
    const { records, issues } = dkimPlan(testDomain(), undefined, path);
    expect(records).toEqual([]);
    expect(issues).toEqual([
      {
        severity: "warning",
        path: "mailinfra:domains[0].dkim.publicKey",
        message:
          "is not set, so example.com publishes no DKIM record and Gmail cannot sign its mail with your domain",
        fix: 'In the Google Admin console open Apps › Google Workspace › Gmail › Authenticate email, select example.com, generate a 2048-bit key with prefix selector "google", copy the TXT value into dkim.publicKey, run pulumi up, then click Start authentication.',
      },
    ]);
  });

  it("custom platform: the key generated at deploy time, under the default selector, wins over config", () => {
    const custom = testDomain({
      platform: { kind: "custom", mx: [{ host: "mx.example.net", priority: 10 }] },
      dkim: { publicKey: rsaKey(1024) },
    });
    const { records, issues } = dkimPlan(custom, KEY_2048, path);
    expect(issues).toEqual([]);
    expect(records.map((r) => [r.name, r.content])).toEqual([
      ["mailinfra._domainkey.example.com", `v=DKIM1; k=rsa; p=${KEY_2048}`],
    ]);
  });

  it("custom platform before deployment: no record and no warning (mailinfra generates the key)", () => {
    const custom = testDomain({
      platform: { kind: "custom", mx: [{ host: "mx.example.net", priority: 10 }] },
    });
    expect(dkimPlan(custom, undefined, path)).toEqual({ records: [], issues: [] });
  });

  it.each([
    {
      name: "legacy tenant format",
      platform: { kind: "microsoft-365", tenant: "Contoso.onmicrosoft.com" },
      targets: [
        "selector1-mail-contoso-com._domainkey.contoso.onmicrosoft.com",
        "selector2-mail-contoso-com._domainkey.contoso.onmicrosoft.com",
      ],
    },
    {
      name: "partitioned format (domains added since May 2025)",
      platform: { kind: "microsoft-365", tenant: "contoso", dkimPartition: "r" },
      targets: [
        "selector1-mail-contoso-com._domainkey.contoso.r-v1.dkim.mail.microsoft",
        "selector2-mail-contoso-com._domainkey.contoso.r-v1.dkim.mail.microsoft",
      ],
    },
  ])("Microsoft 365 $name: selector1/selector2 CNAMEs", ({ platform, targets }) => {
    const { records, issues } = dkimPlan(testDomain({ name: "mail.contoso.com", platform }), undefined, path);
    expect(issues).toEqual([]);
    expect(records).toEqual([
      {
        name: "selector1._domainkey.mail.contoso.com",
        type: "CNAME",
        content: targets[0],
        ttl: 3600,
        purpose: "dkim",
      },
      {
        name: "selector2._domainkey.mail.contoso.com",
        type: "CNAME",
        content: targets[1],
        ttl: 3600,
        purpose: "dkim",
      },
    ]);
  });
});
