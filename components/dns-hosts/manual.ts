import * as pulumi from "@pulumi/pulumi";
import type { DnsHost } from "./dns-host";

/**
 * A person publishes the records by hand at the domain's registrar; mailinfra creates nothing at any DNS host.
 * What to create, and where, comes from the domain's record set and the registrar instructions the domain
 * component exports; the readiness gate then waits until the records resolve.
 *
 * @example
 * ```ts
 * const published = manualHost().publish({ domain: "example.com", records, parent: mailDomain });
 * ```
 */
export function manualHost(): DnsHost {
  return {
    kind: "manual",
    publish: () => ({
      zoneId: pulumi.output<string | undefined>(undefined),
      nameservers: pulumi.output<string[]>([]),
      dependencies: [],
    }),
  };
}
