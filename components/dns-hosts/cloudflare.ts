import * as cloudflare from "@pulumi/cloudflare";
import * as pulumi from "@pulumi/pulumi";
import { nameserverInstructions, renderNameserverInstructions } from "../registrars/nameservers";
import { CLOUDFLARE_ID_FIXES, cloudflareDnsProblems } from "./cloudflare-config";
import { cloudflareTxtContent } from "./cloudflare-content";
import { managedRecordComment } from "./cloudflare-existing-records";
import type { DnsHost, DnsHostArgs, PublishedDns, PublishedRecord } from "./dns-host";
import { recordResourceNames } from "./resource-name";
import { type Transform, transform } from "./transform";

export interface CloudflareHostOptions {
  /**
   * The Cloudflare account that owns the zone (or will, when mailinfra creates it): 32 hex characters
   * (where to copy it from: `CLOUDFLARE_ID_FIXES.accountId`).
   *
   * @example
   * ```ts
   * { accountId: "023e105f4ecef8ad9ca31a8372d0c353" }
   * ```
   */
  accountId: string;
  /**
   * Adopt this existing zone instead of creating one. mailinfra only reads it (`cloudflare.Zone.get`): it
   * manages the mail records inside, and never changes or deletes the zone itself. The zone must be the
   * domain's: a zone of another name stops the program before any record is written.
   *
   * @default mailinfra creates the zone
   * @example
   * ```ts
   * { accountId: "023e105f4ecef8ad9ca31a8372d0c353", zoneId: "415e6f4653b6d95b775d350f32119abb" }
   * ```
   */
  zoneId?: string;
  /**
   * Adopt the zone of the domain's name that already exists in `accountId`, found by name at every run
   * (`cloudflare.getZone`). Like `zoneId`, the zone is read, never changed or deleted. Set one or the other.
   * Use it when the domain is already on Cloudflare: creating a zone that exists fails.
   *
   * @default `false`
   * @example
   * ```ts
   * { accountId: "023e105f4ecef8ad9ca31a8372d0c353", adoptExistingZone: true }
   * ```
   */
  adoptExistingZone?: boolean;
  /**
   * The zone `adoptExistingZone` adopts, when this run has already found it by name (`existingCloudflareRecords`
   * does, to read its records first): taken as it is instead of looking the zone up a second time.
   *
   * @default looked up by name (`cloudflare.getZone`)
   * @example
   * ```ts
   * { accountId, adoptExistingZone: true, foundZone: await cloudflare.getZone({ filter: { name: "example.com" } }) }
   * ```
   */
  foundZone?: FoundZone;
  /**
   * What happens to a zone mailinfra created when it leaves the program (`pulumi destroy`, the domain removed
   * from the stack, or switched to `zoneId`): `retain` forgets it and leaves it at Cloudflare; `delete`
   * deletes it, with every record in it, which takes the domain's mail down. Adopted zones are never deleted.
   *
   * @default `"retain"`
   * @example
   * ```ts
   * { accountId: "023e105f4ecef8ad9ca31a8372d0c353", onDelete: "delete" } // throwaway test domains
   * ```
   */
  onDelete?: "retain" | "delete";
  /**
   * The Cloudflare provider to create the zone and records with.
   *
   * @default the stack's default Cloudflare provider (`cloudflare:apiToken` config or `CLOUDFLARE_API_TOKEN`)
   * @example
   * ```ts
   * { accountId, provider: new cloudflare.Provider("growth", { apiToken: config.requireSecret("cfToken") }) }
   * ```
   */
  provider?: cloudflare.Provider;
  /**
   * Adjust the resources this host creates without forking mailinfra: a partial args object merged over
   * mailinfra's, or a callback that edits args and options in place.
   *
   * @default no change
   * @example
   * ```ts
   * { accountId, transform: { record: { tags: ["team:growth"] }, zone: (args, opts) => { opts.protect = true; } } }
   * ```
   */
  transform?: {
    /** The zone, when mailinfra creates it (adopted zones are only read, so there is nothing to transform). */
    zone?: Transform<cloudflare.ZoneArgs>;
    /** Each DNS record. */
    record?: Transform<cloudflare.DnsRecordArgs>;
  };
}

/** A zone as `cloudflare.getZone` returns it, as far as the host uses it. */
export type FoundZone = Pick<cloudflare.GetZoneResult, "id" | "name" | "nameServers">;

/** How the registrar's steps name the host whose nameservers they enter. */
const HOST_NAME = "Cloudflare";

/** Where the records go: the zone's id (checked to be the domain's, when adopted) and its nameservers. */
interface ZoneRef {
  id: pulumi.Output<string>;
  nameservers: pulumi.Output<string[]>;
}

/**
 * Publishes a domain's records in a Cloudflare zone that mailinfra creates, or adopts by id or by name.
 * One `cloudflare.DnsRecord` per record, never proxied, commented as managed by mailinfra. In an adopted zone,
 * records that already exist are compared first (`existingCloudflareRecords`, which `program()` runs): equal
 * ones are adopted through the resource options it returns for the domain, rivals stop the run.
 *
 * @example
 * ```ts
 * const dns = cloudflareHost({ accountId: "023e105f4ecef8ad9ca31a8372d0c353" });
 * const published = dns.publish({ domain: "example.com", records, parent: mailDomain });
 * ```
 */
export function cloudflareHost(options: CloudflareHostOptions): DnsHost {
  const problems = cloudflareDnsProblems(options);
  if (problems.length > 0) {
    const lines = problems.map((p) => `${p.field}: ${p.message}. ${p.fix}`);
    throw new Error(`Cloudflare DNS host: ${lines.join("; ")}`);
  }
  const { accountId, zoneId, adoptExistingZone = false, onDelete = "retain", provider } = options;

  return { publish };

  function publish({ domain, records, registrar = "other", parent }: DnsHostArgs): PublishedDns {
    // Check every record before registering anything, so a bad record set creates nothing.
    const names = recordResourceNames(domain, records);
    const zone = zoneId
      ? readZone(domain, zoneId, parent)
      : adoptExistingZone
        ? findZone(domain, parent)
        : createZone(domain, parent);
    const dependencies = records.map((record, i) => createRecord(names[i], record, zone.id, parent));
    return {
      zoneId: zone.id,
      delegation: { hostName: HOST_NAME, nameservers: zone.nameservers },
      dependencies,
      instructions: zone.nameservers.apply((ns) =>
        renderNameserverInstructions(domain, nameserverInstructions(registrar, ns, HOST_NAME), HOST_NAME),
      ),
      // Records missing later are typed into Cloudflare's own DNS form, whatever the registrar.
      recordForm: "cloudflare",
    };
  }

  function createZone(domain: string, parent: pulumi.Resource): ZoneRef {
    const zone = new cloudflare.Zone(
      ...transform(
        options.transform?.zone,
        domain,
        { account: { id: accountId }, name: domain, type: "full" },
        { parent, provider, retainOnDelete: onDelete === "retain" },
      ),
    );
    return { id: zone.id, nameservers: zone.nameServers };
  }

  function readZone(domain: string, id: string, parent: pulumi.Resource): ZoneRef {
    // A name of its own, so switching a created zone to adoption never turns into a read-replacement of it.
    const zone = cloudflare.Zone.get(`${domain}/adopted`, id, undefined, { parent, provider });
    return { id: checkedZoneId(domain, zone.id, zone.name), nameservers: zone.nameServers };
  }

  function findZone(domain: string, parent: pulumi.Resource): ZoneRef {
    const found = options.foundZone
      ? pulumi.output(options.foundZone)
      : cloudflare.getZoneOutput(
          { filter: { name: domain, account: { id: accountId } } },
          { parent, provider },
        );
    return { id: checkedZoneId(domain, found.id, found.name), nameservers: found.nameServers };
  }

  function createRecord(
    name: string,
    record: PublishedRecord,
    inZone: pulumi.Output<string>,
    parent: pulumi.Resource,
  ): cloudflare.DnsRecord {
    const args: cloudflare.DnsRecordArgs = {
      zoneId: inZone,
      name: record.name,
      type: record.type,
      content: cloudflareContent(record),
      ...(record.type === "MX" ? { priority: record.priority } : {}),
      ttl: record.ttl,
      // Proxying applies to A/AAAA/CNAME; a proxied tracking CNAME would answer with Cloudflare's addresses.
      proxied: false,
      comment: managedRecordComment(record.purpose),
    };
    return new cloudflare.DnsRecord(
      ...transform(options.transform?.record, name, args, { parent, provider }),
    );
  }
}

/** The record's `content` as Cloudflare stores it; TXT values may be known only at deploy time. */
function cloudflareContent(record: PublishedRecord): pulumi.Input<string> {
  if (record.type !== "TXT") return record.content;
  const { content, strings } = record;
  if (typeof content === "string" && (strings === undefined || Array.isArray(strings))) {
    return cloudflareTxtContent(content, strings);
  }
  return pulumi
    .all([pulumi.output(content), pulumi.output(strings)])
    .apply(([value, chunks]) => cloudflareTxtContent(value, chunks));
}

/** The adopted zone's id, once its name is confirmed to be the domain's: records must not land elsewhere. */
function checkedZoneId(
  domain: string,
  id: pulumi.Output<string>,
  name: pulumi.Output<string>,
): pulumi.Output<string> {
  return pulumi.all([id, name]).apply(([zoneId, zoneName]) => {
    if (zoneName !== domain) {
      throw new Error(
        `Cloudflare zone ${zoneId} is ${zoneName}, not ${domain}: set the zone id of ${domain}. ${CLOUDFLARE_ID_FIXES.zoneId}`,
      );
    }
    return zoneId;
  });
}
