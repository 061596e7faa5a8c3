/**
 * DNS hosts: where a domain's records are published, as small adapters behind one interface (`DnsHost`),
 * chosen per domain by `dns.host`. An adapter owns every decision that depends on the host — which
 * resources it creates, whether the registrar must delegate to it, what a person must do by hand — and
 * `MailDomain` only wires what `publish` returns into the readiness gate and the outputs.
 *
 * Adding a host (say Route 53), about four files and one line:
 * 1. `route53-config.ts`: its `dns:` schema, `z.strictObject({ host: z.literal("route53"), …, registrar })`,
 *    and, if some mistakes only show at deploy time, a `…Problems(dns)` check returning field, message and fix
 *    (see `cloudflare-config.ts`, the one owner of the Cloudflare id rule);
 * 2. `route53.ts`: `route53Host(options): DnsHost`, whose `publish` creates the records, returns them as
 *    `dependencies`, its `delegation` (`{ hostName: "Amazon Route 53", nameservers }`) and the registrar
 *    `instructions` (`renderNameserverInstructions` from `../registrars`);
 * 3. `route53-config.test.ts` and `route53.test.ts` (a mock runtime, as `cloudflare.test.ts`);
 * 4. registering it: the schema in `dnsHostSchema` (and its check in `SETTING_CHECKS`), `config.ts`, and the
 *    adapter in `DNS_HOSTS`, `hosts.ts` (a missing entry there is a type error).
 * README's "Declaring domains" and `stacks/Pulumi.example.yaml` then show its settings.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { MailDnsRecord } from "../dns/record";
import type { Registrar } from "../registrars/registrar";

/**
 * A record about to be published. Everything is known when the program runs except, for some records, the
 * value (Google's verification token is issued during `up`), so `content` and `strings` may be outputs.
 */
export type PublishedRecord = Omit<MailDnsRecord, "content" | "strings"> & {
  content: pulumi.Input<string>;
  strings?: pulumi.Input<string[]>;
};

export interface DnsHostArgs {
  /** The sending domain, punycode, lower case: `example.com`. */
  domain: string;
  /** Every record the domain must serve, in the builders' order. */
  records: PublishedRecord[];
  /**
   * Where the domain is registered: whose steps the instructions follow.
   * @default `"other"` (generic steps)
   * @example
   * ```ts
   * { registrar: "porkbun" }
   * ```
   */
  registrar?: Registrar;
  /** Parent for the resources the host creates, so they show under the domain in `pulumi preview`. */
  parent: pulumi.ComponentResource;
}

/** The nameservers a registrar must delegate the domain to, so that the host's records are the ones served. */
export interface Delegation {
  /** The host's name as a person knows it, for the registrar's steps: `Cloudflare`. */
  hostName: string;
  /** The nameservers the host assigned; the readiness gate waits until resolvers see exactly these. */
  nameservers: pulumi.Output<string[]>;
}

export interface PublishedDns {
  /** The DNS host's zone id (Cloudflare), or undefined where mailinfra manages no zone. */
  zoneId: pulumi.Output<string | undefined>;
  /** The delegation to request at the registrar; undefined when the registrar's own DNS serves the records. */
  delegation?: Delegation;
  /** Resources the readiness gate must wait for (records created at the host); empty for manual DNS. */
  dependencies: pulumi.Resource[];
  /** What a person must do at the registrar, as plain text: nameservers to set, or records to create. */
  instructions: pulumi.Output<string>;
  /**
   * Whose DNS form a record found missing is typed into (host `@` or empty for the domain itself, TXT whole
   * or quoted): the registrar's for manual DNS, the host's own dashboard otherwise. The readiness gate
   * prints missing records this way, as the instructions do.
   */
  recordForm: Registrar;
}

/** Where a domain's records are published: small adapters behind one interface, chosen per domain. */
export interface DnsHost {
  publish(args: DnsHostArgs): PublishedDns;
}
