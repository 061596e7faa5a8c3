import { generateKeyPairSync } from "node:crypto";
import type { ConfigMap } from "@pulumi/pulumi/automation";
import type { LocalWorld } from "../../../emulators/local-world";

/**
 * What every bad-config case builds on: the live local world (set by bad-config.test.ts before any case runs),
 * a valid domain to break one thing of, and config builders. Cases live in one module per topic beside this one.
 */
export const ctx: { world?: LocalWorld } = {};

export function world(): LocalWorld {
  if (!ctx.world) throw new Error("bad-config cases need the local world: run them from bad-config.test.ts");
  return ctx.world;
}

export const manual = { host: "manual", registrar: "namecheap" };
export const mailbox = (username: string, extra: Record<string, unknown> = {}) => ({
  username,
  firstName: "Ana",
  lastName: "Lima",
  ...extra,
});
export const rsaPublicKey = (bits: number) =>
  generateKeyPairSync("rsa", { modulusLength: bits })
    .publicKey.export({ type: "spki", format: "der" })
    .toString("base64");
export const dkim2048 = rsaPublicKey(2048);

/** A valid domain with two mailboxes; each case breaks one thing. */
export const domain = (overrides: Record<string, unknown> = {}) => ({
  name: "send-a.test",
  dns: manual,
  dkim: { publicKey: dkim2048 },
  mailboxes: [mailbox("ana"), mailbox("ben")],
  ...overrides,
});

export function withDomains(domains: unknown[], extra: ConfigMap = {}): ConfigMap {
  return { ...world().stackConfig(), "mailinfra:domains": { value: JSON.stringify(domains) }, ...extra };
}

export function withReadiness(readiness: Record<string, unknown>): ConfigMap {
  const base = JSON.parse(world().stackConfig()["mailinfra:readiness"].value);
  return withDomains([domain()], {
    "mailinfra:readiness": { value: JSON.stringify({ ...base, ...readiness }) },
  });
}

export function withGoogle(google: Record<string, unknown>): ConfigMap {
  const base = JSON.parse(world().stackConfig()["mailinfra:google"].value);
  return withDomains([domain()], {
    "mailinfra:google": { value: JSON.stringify({ ...base, ...google }), secret: true },
  });
}

export interface BadConfig {
  /** What the user did wrong. */
  name: string;
  config: () => ConfigMap;
  /** Every error the run must report, by exact config path, with a word of its fix. */
  errors: { path: string; fix: RegExp }[];
  /** Also run `up`, not only `preview`. */
  up?: boolean;
}
