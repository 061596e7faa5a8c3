import { z } from "zod";
import { registrarSchema } from "../registrars/registrar";
import type { DnsSettingProblem } from "./config";

/**
 * `dns:` of a domain on Cloudflare, as a person writes it. mailinfra creates the zone (or adopts `zoneId`, or
 * the account's zone of the domain's name) in this Cloudflare account and manages the records. The ids are
 * checked by `cloudflareDnsProblems` (reported at `preview` by the DNS host rule, thrown by `cloudflareHost`).
 */
export const cloudflareDnsSchema = z.strictObject({
  host: z.literal("cloudflare"),
  accountId: z.string().min(1),
  zoneId: z.string().min(1).optional(),
  /** Adopt the account's existing zone of this name instead of creating one (when `zoneId` is not known). */
  adoptExistingZone: z.boolean().default(false),
  /** What removing the domain does to a zone mailinfra created: `retain` keeps it (and its mail records). */
  onDelete: z.enum(["retain", "delete"]).default("retain"),
  /** Where the domain is registered; only used to tell you how to point its nameservers at Cloudflare. */
  registrar: registrarSchema.default("other"),
});

/**
 * Cloudflare account and zone ids are 32 lower-case hex characters (the API's `Identifier`, e.g.
 * `023e105f4ecef8ad9ca31a8372d0c353`: https://developers.cloudflare.com/api/resources/zones/methods/get).
 * A wrong one fails only at deploy time, so it is checked before.
 */
const CLOUDFLARE_ID = /^[0-9a-f]{32}$/;

/** Where each id is shown: https://developers.cloudflare.com/fundamentals/account/find-account-and-zone-ids/ */
export const CLOUDFLARE_ID_FIXES = {
  accountId:
    "Copy the Account ID from the Cloudflare dashboard: Account home › Search (Ctrl/⌘+K) › Copy account ID.",
  zoneId:
    "Copy the Zone ID from the Cloudflare dashboard: the domain's Overview page › API › Zone ID; " +
    "or remove zoneId to let mailinfra create or find the zone.",
} as const;

/** The Cloudflare settings' mistakes, each with its fix: the one check of them, wherever they come from. */
export function cloudflareDnsProblems(dns: {
  accountId: string;
  zoneId?: string;
  adoptExistingZone?: boolean;
}): DnsSettingProblem[] {
  const problems: DnsSettingProblem[] = [];
  if (!CLOUDFLARE_ID.test(dns.accountId)) {
    problems.push({
      field: "accountId",
      message: `"${dns.accountId}" is not a Cloudflare account id (32 hexadecimal characters)`,
      fix: CLOUDFLARE_ID_FIXES.accountId,
    });
  }
  if (dns.zoneId !== undefined && !CLOUDFLARE_ID.test(dns.zoneId)) {
    problems.push({
      field: "zoneId",
      message: `"${dns.zoneId}" is not a Cloudflare zone id (32 hexadecimal characters)`,
      fix: CLOUDFLARE_ID_FIXES.zoneId,
    });
  }
  if (dns.zoneId !== undefined && dns.adoptExistingZone) {
    problems.push({
      field: "adoptExistingZone",
      message: "is set together with zoneId: the zone to adopt would be named twice",
      fix: "Keep zoneId (adopt that zone) and remove adoptExistingZone, or remove zoneId to find the zone by name.",
    });
  }
  return problems;
}
