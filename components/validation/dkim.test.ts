import { generateKeyPairSync } from "node:crypto";
import { describe, expect, it } from "vitest";
import { DKIM_2048, summary, testConfig } from "../../test/support/config";
import { dkimRule } from "./dkim";

function rsaKey(bits: number): string {
  return generateKeyPairSync("rsa", { modulusLength: bits })
    .publicKey.export({ type: "spki", format: "der" })
    .toString("base64");
}

const RSA_PAIR = generateKeyPairSync("rsa", { modulusLength: 2048 });
const ED25519_SPKI = generateKeyPairSync("ed25519").publicKey.export({ type: "spki", format: "der" });
const ED25519_RAW = ED25519_SPKI.subarray(-32).toString("base64");

/** Keys people paste by mistake; none may show up in what mailinfra prints. */
const MISTAKES = {
  "a private key in PEM (PKCS#8)": RSA_PAIR.privateKey.export({ type: "pkcs8", format: "pem" }).toString(),
  "an RSA PRIVATE KEY block (PKCS#1)": RSA_PAIR.privateKey
    .export({ type: "pkcs1", format: "pem" })
    .toString(),
  "a private key as bare base64": RSA_PAIR.privateKey
    .export({ type: "pkcs8", format: "der" })
    .toString("base64"),
  "an Ed25519 key as SPKI": ED25519_SPKI.toString("base64"),
  "an Ed25519 TXT value (RFC 8463)": `v=DKIM1; k=ed25519; p=${ED25519_RAW}`,
};

describe("dkimRule", () => {
  const at = "mailinfra:domains[0].dkim.publicKey";
  const PRIVATE = {
    severity: "error",
    path: at,
    message: "is a private key; DNS publishes only the public key, and the private key must stay secret",
  };
  const ED25519 = {
    severity: "error",
    path: at,
    message:
      "is an Ed25519 key (RFC 8463); Google Workspace signs with the RSA key its Admin console generates, and mailinfra publishes DKIM records as k=rsa",
  };

  it.each([
    { pasted: "a private key in PEM (PKCS#8)", issue: PRIVATE },
    { pasted: "an RSA PRIVATE KEY block (PKCS#1)", issue: PRIVATE },
    { pasted: "a private key as bare base64", issue: PRIVATE },
    { pasted: "an Ed25519 key as SPKI", issue: ED25519 },
    { pasted: "an Ed25519 TXT value (RFC 8463)", issue: ED25519 },
  ] as const)("says it is $pasted, without quoting it", ({ pasted, issue }) => {
    const text = MISTAKES[pasted];
    const issues = dkimRule(testConfig([{ name: "example.com", dkim: { publicKey: text } }]));
    expect(summary(issues)).toEqual([issue]);
    const printed = JSON.stringify(issues);
    // No line of the paste and no 12 characters of its key material appear in the message or the fix.
    const material = text.replace(/-----[A-Z ]+-----|v=DKIM1; k=ed25519; p=|\s/g, "");
    for (let i = 0; i + 12 <= material.length; i += 4)
      expect(printed).not.toContain(material.slice(i, i + 12));
  });

  it("tells what to paste instead of a private key and of an Ed25519 key", () => {
    const fix = (publicKey: string) =>
      dkimRule(testConfig([{ name: "example.com", dkim: { publicKey } }])).map((i) => i.fix);
    expect(fix(MISTAKES["a private key in PEM (PKCS#8)"])).toEqual([
      "Paste the public key instead: the TXT value Google shows (v=DKIM1; k=rsa; p=...), or for a key of your own the output of `openssl pkey -in private.pem -pubout`. Remove the private key from the stack configuration, and generate a new pair if that file was shared or committed.",
    ]);
    expect(fix(MISTAKES["an Ed25519 key as SPKI"])).toEqual([
      "Generate a 2048-bit RSA key in the Google Admin console (Apps › Google Workspace › Gmail › Authenticate email) and paste its TXT value (v=DKIM1; k=rsa; p=...).",
    ]);
  });

  it.each([
    { name: "2048-bit key", dkim: { publicKey: DKIM_2048 }, issues: [] },
    { name: "Google's whole TXT value", dkim: { publicKey: `v=DKIM1; k=rsa; p=${DKIM_2048}` }, issues: [] },
    {
      name: "1024-bit key",
      dkim: { publicKey: rsaKey(1024) },
      issues: [{ severity: "warning", path: at, message: "is a 1024-bit key" }],
    },
    {
      name: "512-bit key",
      dkim: { publicKey: rsaKey(512) },
      issues: [
        {
          severity: "error",
          path: at,
          message: "is a 512-bit key; receivers ignore DKIM keys under 1024 bits",
        },
      ],
    },
    {
      name: "not base64",
      dkim: { publicKey: "p=MIIB@@@" },
      issues: [
        {
          severity: "error",
          path: at,
          message: "is not valid base64 (only A-Z, a-z, 0-9, +, / and = padding are allowed)",
        },
      ],
    },
    {
      name: "truncated paste",
      dkim: { publicKey: DKIM_2048.slice(0, 200) },
      issues: [{ severity: "error", path: at, message: "is base64 but does not decode to a public key" }],
    },
    {
      name: "selector with an underscore",
      dkim: { publicKey: DKIM_2048, selector: "my_sel" },
      issues: [
        {
          severity: "error",
          path: "mailinfra:domains[0].dkim.selector",
          message: '"my_sel" is not a valid DKIM selector',
        },
      ],
    },
    {
      name: "no key yet on Google Workspace",
      dkim: {},
      issues: [
        {
          severity: "warning",
          path: at,
          message:
            "is not set, so example.com publishes no DKIM record and Gmail cannot sign its mail with your domain",
        },
      ],
    },
  ])("$name", ({ dkim, issues }) => {
    expect(summary(dkimRule(testConfig([{ name: "example.com", dkim }])))).toEqual(issues);
  });

  it("warns that a key on a Microsoft 365 domain is ignored", () => {
    const config = testConfig([
      {
        name: "example.com",
        platform: { kind: "microsoft-365", tenant: "t" },
        dkim: { publicKey: DKIM_2048 },
      },
    ]);
    expect(summary(dkimRule(config))).toEqual([
      {
        severity: "warning",
        path: at,
        message: "is ignored: Microsoft 365 publishes its keys behind the selector1/selector2 CNAMEs",
      },
    ]);
  });

  it("says nothing for a custom platform without a key: mailinfra generates it", () => {
    const config = testConfig([
      { name: "example.com", platform: { kind: "custom", mx: [{ host: "mx.example.net", priority: 1 }] } },
    ]);
    expect(dkimRule(config)).toEqual([]);
  });
});
