import * as pulumi from "@pulumi/pulumi";
import type { MailDnsRecord } from "../../components/dns/record";
import type { Registrar } from "../../components/registrars/registrar";
import { shim } from "../shim";
import type { UnreadyRecord } from "./outputs";
import type { Quorum } from "./quorum";
import type { ResolverSummary } from "./readiness-status";

/** A desired record whose fields may be outputs (Google's verification token is issued during `up`). */
export type MailDnsRecordInput = { [K in keyof MailDnsRecord]: pulumi.Input<MailDnsRecord[K]> };

export interface DnsReadinessArgs {
  /**
   * The zone apex the records belong to. Used for the delegation check, to find the zone's
   * authoritative nameservers, and to print registrar host names (`@`, `_dmarc`).
   *
   * @example
   * ```ts
   * { domain: "example.com" }
   * ```
   */
  domain: pulumi.Input<string>;
  /**
   * The records that must be served before anything depending on this resource is created.
   * Values known only at deploy time (Google's verification token) may be outputs: during
   * `preview` nothing is checked, and on `up` the gate waits for the final values.
   *
   * @example
   * ```ts
   * {
   *   records: [
   *     { name: "example.com", type: "TXT", content: "v=spf1 include:_spf.google.com ~all", ttl: 3600, purpose: "spf" },
   *     { name: "example.com", type: "MX", content: "smtp.google.com", priority: 1, ttl: 3600, purpose: "mx" },
   *   ]
   * }
   * ```
   */
  records: pulumi.Input<pulumi.Input<MailDnsRecordInput>[]>;
  /**
   * Nameservers assigned by the DNS host (Cloudflare). When set, the gate also waits until the
   * resolvers return exactly these NS records for the domain, i.e. the registrar delegates to them.
   *
   * @default No delegation check.
   * @example
   * ```ts
   * { nameservers: zone.nameServers }
   * ```
   */
  nameservers?: pulumi.Input<pulumi.Input<string>[]>;
  /**
   * Resolvers to ask, as IP addresses with an optional port (`8.8.8.8`, `127.0.0.1:5353`,
   * `[2606:4700::1111]:53`). Changing this list alone does not update the resource; it applies
   * from the next time the gate runs (a records change, or after a refresh found records missing).
   *
   * @default The zone's authoritative nameservers (the assigned ones, else the NS records found),
   *   then 1.1.1.1, 8.8.8.8 and 9.9.9.9.
   * @example
   * ```ts
   * { resolvers: ["1.1.1.1", "8.8.8.8"] }
   * ```
   */
  resolvers?: pulumi.Input<pulumi.Input<string>[]>;
  /**
   * How many resolvers must serve every record: `"all"`, `"majority"`, or a number.
   *
   * `"all"` by default because the gate exists to hold back Google verification and mailbox
   * creation until receivers really see the records; a resolver that cannot be reached from
   * where `up` runs shows in the progress lines by name, and you can then lower the quorum.
   *
   * @default "all"
   * @example
   * ```ts
   * { quorum: "majority" }
   * ```
   */
  quorum?: pulumi.Input<Quorum>;
  /**
   * Whose DNS form the records still missing are printed in while the gate waits: the registrar's host
   * convention (`@`, or empty, for the domain itself) and TXT convention, as `MailDomain`'s registrar
   * instructions print them (`PublishedDns.recordForm`). Changing it alone does not update the resource.
   *
   * @default "other": `@` for the domain itself, TXT values as quoted strings.
   * @example
   * ```ts
   * { recordForm: "porkbun" }
   * ```
   */
  recordForm?: pulumi.Input<Registrar>;
  /**
   * Seconds to wait before `up` fails with the list of records still missing or wrong, per
   * resolver. At most 172800 (48 hours). Changing it alone does not update the resource.
   *
   * @default 1800 (30 minutes)
   * @example
   * ```ts
   * { timeoutSeconds: 7200 }
   * ```
   */
  timeoutSeconds?: pulumi.Input<number>;
}

/**
 * Waits, during `up`, until every mail record of a domain is served by the resolvers, so that
 * whatever depends on DNS (Workspace verification, mailboxes, Smartlead) is created only then.
 * Progress — records ready per resolver, elapsed time, an estimate, and each missing record in
 * the form to create at a registrar — is printed while it waits. `preview` never waits;
 * `refresh` re-checks once and marks the resource not ready if records disappeared, so the next
 * `up` waits again.
 *
 * @example
 * ```ts
 * const readiness = new DnsReadiness("example.com-dns", { domain: "example.com", records });
 * new SomethingThatNeedsDns("...", { ... }, { dependsOn: [readiness] });
 * ```
 */
export class DnsReadiness extends pulumi.dynamic.Resource {
  declare readonly domain: pulumi.Output<string>;
  declare readonly records: pulumi.Output<MailDnsRecord[]>;
  /** True once every record was served by the quorum; false after a refresh found some missing. */
  declare readonly ready: pulumi.Output<boolean>;
  /** When the gate last opened (ISO 8601). */
  declare readonly readyAt: pulumi.Output<string>;
  /** How long the last `up` waited, in seconds. */
  declare readonly secondsToReady: pulumi.Output<number>;
  /** When the resolvers were last asked (ISO 8601). */
  declare readonly checkedAt: pulumi.Output<string>;
  /** The resolvers actually asked, defaults resolved. */
  declare readonly checkedResolvers: pulumi.Output<string[]>;
  /** Records served as desired, per resolver. */
  declare readonly perResolver: pulumi.Output<ResolverSummary[]>;
  /** Records not served by the quorum at the last check, and where; empty when ready. */
  declare readonly missing: pulumi.Output<UnreadyRecord[]>;

  constructor(name: string, args: DnsReadinessArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      shim("providers/readiness/readiness.provider"),
      name,
      {
        ...args,
        ready: undefined,
        readyAt: undefined,
        secondsToReady: undefined,
        checkedAt: undefined,
        checkedResolvers: undefined,
        perResolver: undefined,
        missing: undefined,
      },
      opts,
      "mailinfra",
      "DnsReadiness",
    );
  }
}
