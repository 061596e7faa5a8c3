import * as pulumi from "@pulumi/pulumi";
import type { MailDnsRecord } from "../dns/record";
import { renderRegistrarRecords } from "../registrars/records";
import type { DnsHost } from "./dns-host";

/**
 * A person publishes the records by hand at the domain's registrar; mailinfra creates nothing at any DNS host.
 * The instructions are the records to create there, in the registrar's own form; the readiness gate then
 * waits until they resolve, and prints any it misses in that same form.
 *
 * @example
 * ```ts
 * const published = manualHost().publish({ domain: "example.com", records, registrar: "porkbun", parent: mailDomain });
 * ```
 */
export function manualHost(): DnsHost {
  return {
    publish: ({ domain, records, registrar = "other" }) => ({
      zoneId: pulumi.output<string | undefined>(undefined),
      dependencies: [],
      instructions: (pulumi.output(records) as pulumi.Output<MailDnsRecord[]>).apply((resolved) =>
        renderRegistrarRecords(registrar, domain, resolved),
      ),
      recordForm: registrar,
    }),
  };
}
