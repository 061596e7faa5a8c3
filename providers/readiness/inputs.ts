import { z } from "zod";
import type { MailDnsRecord } from "../../components/dns/record";
import { TXT_STRING_MAX_BYTES } from "../../components/dns/txt";
import { registrarSchema } from "../../components/registrars/registrar";
import { quorumSchema } from "./quorum";
import { resolverAddressSchema } from "./resolver-address";

import { DEFAULT_TIMEOUT_SECONDS, MAX_TIMEOUT_SECONDS } from "./timeout";

const dnsNameSchema = z
  .string()
  .trim()
  .min(1, "must not be empty")
  .regex(/^[a-z0-9_*]([a-z0-9_-]*[a-z0-9_])?(\.[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?)*\.?$/i, {
    message: "must be a DNS name like example.com (punycode for non-ASCII names)",
  });

/** Validates the `MailDnsRecord` contract (components/dns/record.ts) at the provider boundary. */
export const mailDnsRecordSchema = z
  .object({
    name: dnsNameSchema,
    type: z.enum(["TXT", "MX", "CNAME"]),
    content: z.string().min(1, "must not be empty"),
    strings: z.array(z.string()).optional(),
    priority: z.number().int().min(0).max(65535).optional(),
    ttl: z.number().int().min(1),
    purpose: z.enum(["spf", "dkim", "dmarc", "dmarc-report-auth", "mx", "tracking", "verification"]),
  })
  .superRefine((record, ctx) => {
    if (record.type === "MX" && record.priority === undefined) {
      ctx.addIssue({ code: "custom", path: ["priority"], message: "an MX record needs a priority (e.g. 1)" });
    }
    if (record.strings) {
      if (record.strings.join("") !== record.content) {
        ctx.addIssue({
          code: "custom",
          path: ["strings"],
          message: "joined, the strings must equal content",
        });
      }
      record.strings.forEach((s, i) => {
        if (Buffer.byteLength(s) > TXT_STRING_MAX_BYTES) {
          ctx.addIssue({
            code: "custom",
            path: ["strings", i],
            message: `a TXT string holds at most ${TXT_STRING_MAX_BYTES} bytes`,
          });
        }
      });
    }
  });

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
// Fails to compile if the schema and the shared contract drift apart.
const schemaMatchesContract: Same<z.infer<typeof mailDnsRecordSchema>, MailDnsRecord> = true;
void schemaMatchesContract;

/** Inputs of the DnsReadiness resource, after defaults. */
export const readinessInputsSchema = z
  .object({
    domain: dnsNameSchema,
    records: z.array(mailDnsRecordSchema),
    nameservers: z
      .array(dnsNameSchema)
      .min(1, "give at least one nameserver, or leave nameservers out")
      .optional(),
    resolvers: z
      .array(resolverAddressSchema)
      .min(1, "give at least one resolver, or leave resolvers out")
      .optional(),
    quorum: quorumSchema.default("all"),
    /** Whose DNS form missing records are printed in; not part of what must exist, so diff ignores it. */
    recordForm: registrarSchema.optional(),
    timeoutSeconds: z
      .number({ error: "must be a number of seconds" })
      .int("must be a whole number of seconds")
      .min(1, "must be at least 1 second")
      .max(MAX_TIMEOUT_SECONDS, `must be at most ${MAX_TIMEOUT_SECONDS} seconds (48 hours)`)
      .default(DEFAULT_TIMEOUT_SECONDS),
  })
  .superRefine((inputs, ctx) => {
    if (typeof inputs.quorum === "number" && inputs.resolvers && inputs.quorum > inputs.resolvers.length) {
      ctx.addIssue({
        code: "custom",
        path: ["quorum"],
        message: `${inputs.quorum} is more than the ${inputs.resolvers.length} resolvers listed; lower quorum or add resolvers`,
      });
    }
  });

export type ReadinessInputs = z.infer<typeof readinessInputsSchema>;
