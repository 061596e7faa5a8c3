import { generateKeyPairSync } from "node:crypto";
import { describe, expect, it } from "vitest";
import { dkimRule } from "./dkim";
import { DKIM_2048, summary, testConfig } from "./test-config";

function rsaKey(bits: number): string {
  return generateKeyPairSync("rsa", { modulusLength: bits })
    .publicKey.export({ type: "spki", format: "der" })
    .toString("base64");
}

describe("dkimRule", () => {
  const at = "mailinfra:domains[0].dkim.publicKey";

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
