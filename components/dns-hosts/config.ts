import { z } from "zod";
import { cloudflareDnsProblems, cloudflareDnsSchema } from "./cloudflare-config";
import { manualDnsSchema } from "./manual-config";

/** A domain's `dns:` setting: one schema per DNS host, chosen by `host` (a new host adds its schema here). */
export const dnsHostSchema = z.discriminatedUnion("host", [cloudflareDnsSchema, manualDnsSchema]);
export type DnsHostConfig = z.infer<typeof dnsHostSchema>;
export type DnsHostName = DnsHostConfig["host"];

/** A mistake in a `dns:` setting that its shape cannot show: the field under `dns`, what is wrong, the fix. */
export interface DnsSettingProblem {
  field: string;
  message: string;
  fix: string;
}

type ProblemCheck<H extends DnsHostName> = (dns: Extract<DnsHostConfig, { host: H }>) => DnsSettingProblem[];

/** Each host's own checks of its settings (ids, settings that exclude each other), reported at `preview`. */
const SETTING_CHECKS: { [H in DnsHostName]?: ProblemCheck<H> } = {
  cloudflare: cloudflareDnsProblems,
};

/** The mistakes in `dns`, by the check of its host; none for a host without one. */
export function dnsSettingProblems(dns: DnsHostConfig): DnsSettingProblem[] {
  const check = SETTING_CHECKS[dns.host] as ProblemCheck<DnsHostName> | undefined;
  return check ? check(dns) : [];
}
