import { createPublicKey, createSign, createVerify } from "node:crypto";
import { unknownValue } from "@pulumi/pulumi/runtime/rpc";
import { describe, expect, it } from "vitest";
import { DKIM_KEY_SIZES, DKIM_MIN_BITS, DKIM_RECOMMENDED_BITS } from "../../components/dns/dkim-key";
import { provider } from "./dkim-key.provider";

describe("DkimKey provider", () => {
  it("makes a key pair whose public half verifies what the private half signs", async () => {
    const checked = await provider.check!({}, {});
    const { outs } = await provider.create(checked.inputs);
    expect(outs.bits).toBe(2048);
    const publicKey = createPublicKey({
      key: Buffer.from(outs.publicKey, "base64"),
      format: "der",
      type: "spki",
    });
    expect(publicKey.asymmetricKeyDetails?.modulusLength).toBe(2048);
    const signature = createSign("sha256").update("mail").sign(outs.privateKeyPem);
    expect(createVerify("sha256").update("mail").verify(publicKey, signature)).toBe(true);
  });

  it("refuses key sizes receivers reject, naming the input", async () => {
    const result = await provider.check!({}, { bits: 512 });
    expect(result.failures?.[0].property).toBe("bits");
  });

  it("takes the sizes the config's key check knows: each of DKIM_KEY_SIZES, none under DKIM_MIN_BITS, 2048 by default", async () => {
    for (const bits of DKIM_KEY_SIZES) {
      expect((await provider.check!({}, { bits })).failures ?? []).toEqual([]);
    }
    expect((await provider.check!({}, { bits: DKIM_MIN_BITS / 2 })).failures?.[0].property).toBe("bits");
    expect((await provider.check!({}, {})).inputs).toEqual({ bits: DKIM_RECOMMENDED_BITS });
  });

  it("accepts a size not known yet at preview, and plans a new key for it", async () => {
    expect((await provider.check!({}, { bits: unknownValue })).failures ?? []).toEqual([]);
    expect(await provider.diff!("id", { bits: 2048 }, { bits: unknownValue })).toMatchObject({
      replaces: ["bits"],
    });
  });

  it("replaces the key only when the size changes", async () => {
    expect(await provider.diff!("id", { bits: 2048 }, { bits: 2048 })).toMatchObject({ changes: false });
    expect(await provider.diff!("id", { bits: 2048 }, { bits: 4096 })).toMatchObject({ replaces: ["bits"] });
  });
});
