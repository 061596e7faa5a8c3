import { generateKeyPairSync } from "node:crypto";
import type * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { DKIM_KEY_SIZES, DKIM_RECOMMENDED_BITS } from "../../components/dns/dkim-key";
import { changed, checkInputs } from "../provider-inputs";

const inputsSchema = z.object({
  /** RSA modulus length. */
  bits: z.literal(DKIM_KEY_SIZES).default(DKIM_RECOMMENDED_BITS),
});

/**
 * A DKIM key pair made once and kept: the private key lives only in the state, as a secret. There is nothing
 * outside to read back, so `read` returns what the state holds.
 */
export const provider: pulumi.dynamic.ResourceProvider = {
  check: async (_olds, news) => checkInputs(inputsSchema, news),
  async diff(_id, olds, news) {
    const replaces = changed(olds.bits, news.bits) ? ["bits"] : [];
    return { changes: replaces.length > 0, replaces, deleteBeforeReplace: false };
  },
  async create(inputs) {
    const { publicKey, privateKey } = generateKeyPairSync("rsa", { modulusLength: inputs.bits });
    const publicKeyBase64 = publicKey.export({ type: "spki", format: "der" }).toString("base64");
    const privateKeyPem = privateKey.export({ type: "pkcs8", format: "pem" }).toString();
    return {
      id: `dkim-${publicKeyBase64.slice(-16)}`,
      outs: { bits: inputs.bits, publicKey: publicKeyBase64, privateKeyPem },
    };
  },
};
