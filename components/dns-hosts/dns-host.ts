import type * as pulumi from "@pulumi/pulumi";
import type { MailDnsRecord } from "../dns/record";

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
  /** Parent for the resources the host creates, so they show under the domain in `pulumi preview`. */
  parent: pulumi.ComponentResource;
}

export interface PublishedDns {
  /** The DNS host's zone id (Cloudflare), or undefined where mailinfra manages no zone. */
  zoneId: pulumi.Output<string | undefined>;
  /** Nameservers the registrar must delegate to (Cloudflare assigns them); empty for manual DNS. */
  nameservers: pulumi.Output<string[]>;
  /** Resources the readiness gate must wait for (records created at the host); empty for manual DNS. */
  dependencies: pulumi.Resource[];
}

/** Where a domain's records are published: small adapters behind one interface, chosen per domain. */
export interface DnsHost {
  readonly kind: "cloudflare" | "manual";
  publish(args: DnsHostArgs): PublishedDns;
}
