import { generateKeyPairSync } from "node:crypto";
import * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import { resolved } from "../../test/support/resolved";
import { publishedRecords } from "./published-records";
import { planRecords } from "./record-set";
import { testDomain } from "./test-domain";

const KEY = generateKeyPairSync("rsa", { modulusLength: 2048 })
  .publicKey.export({ type: "spki", format: "der" })
  .toString("base64");

describe("publishedRecords", () => {
  it("resolves deploy-time outputs into the same records planRecords gives", async () => {
    const domain = testDomain({
      platform: { kind: "custom", mx: [{ host: "mx.example.net", priority: 10 }] },
    });
    const output = pulumi.output(
      publishedRecords(domain, {
        dkimPublicKey: pulumi.output(KEY),
        googleVerificationToken: pulumi.output("t"),
      }),
    );
    const records = await resolved(output);
    expect(records).toEqual(planRecords(domain, { dkimPublicKey: KEY, googleVerificationToken: "t" }));
    expect(records.map((r) => r.purpose)).toContain("dkim");
  });
});
