/**
 * Before any resource is registered, the records of every adopted Cloudflare zone (`dns.zoneId` or
 * `dns.adoptExistingZone`) are read once and compared with what mailinfra publishes there: conflicts become
 * config errors (reported with the rest, at `preview`), exact matches become adoptions. Zones mailinfra
 * creates are new and empty, so they are not read: a fleet of created zones makes no extra call.
 */
import * as cloudflare from "@pulumi/cloudflare";
import type * as pulumi from "@pulumi/pulumi";
import pLimit from "p-limit";
import { type ConfigIssue, configError } from "../config/issue";
import type { DomainConfig, MailinfraConfig } from "../config/schema";
import { planRecords } from "../dns/record-set";
import { type DomainContext, domainContexts } from "../validation/rule";
import { settingPath } from "../validation/stack-record-names";
import { cloudflareHost, type FoundZone } from "./cloudflare";
import {
  adoptExistingRecords,
  compareWithZone,
  type ExistingDnsRecord,
  type PlannedRecord,
  type RecordConflict,
  show,
} from "./cloudflare-existing-records";
import type { DnsHost } from "./dns-host";
import { cloudflareHostOptions } from "./hosts";
import { recordResourceName } from "./resource-name";

export interface ExistingRecordsCheck {
  /** Conflicting records, one error each, at the setting that publishes mailinfra's record. */
  issues: ConfigIssue[];
  /**
   * Per domain name, the resource options that adopt its zone's matching records: pass them as the third
   * argument of its `MailDomain`. Domains without a record to adopt have no entry.
   */
  adoptions: Map<string, pulumi.ComponentResourceOptions>;
  /**
   * Per domain whose zone was found by name (`dns.adoptExistingZone`), its DNS host holding the zone found here:
   * pass it as its `MailDomain`'s `dnsHost`, so the zone is not looked up a second time.
   */
  dnsHosts: Map<string, DnsHost>;
}

/**
 * Adopted zones read at the same time. A fleet of hundreds of adopted zones must not open hundreds of
 * Cloudflare calls at once: every call of an API token counts against one limit of 1,200 requests per five
 * minutes (https://developers.cloudflare.com/fundamentals/api/reference/limits/), and a burst of them only
 * ends in 429s that fail the run.
 */
export const ZONE_READS_IN_FLIGHT = 8;

/**
 * Reads each adopted zone of `config` once (`cloudflare.getDnsRecords`; `cloudflare.getZone` first when the
 * zone is found by name) and compares it with the domain's records.
 *
 * @example
 * ```ts
 * const existing = await existingCloudflareRecords(config);
 * reportIssues(existing.issues);
 * new MailDomain(domain.name, { domain, dnsHost: existing.dnsHosts.get(domain.name) }, existing.adoptions.get(domain.name));
 * ```
 */
export async function existingCloudflareRecords(
  config: MailinfraConfig,
  opts?: pulumi.InvokeOptions,
): Promise<ExistingRecordsCheck> {
  type ZoneRead = { ctx: DomainContext } & (
    | { zoneId: string; found?: FoundZone; existing: ExistingDnsRecord[] }
    | { unreadable: ConfigIssue }
  );
  const limit = pLimit(ZONE_READS_IN_FLIGHT);
  const checks = await Promise.all(
    domainContexts(config).map((ctx): Promise<ZoneRead | undefined> | undefined => {
      const dns = ctx.domain.dns;
      if (dns.host !== "cloudflare" || (!dns.zoneId && !dns.adoptExistingZone)) return undefined;
      return limit(async () => {
        try {
          if (dns.zoneId)
            return { ctx, zoneId: dns.zoneId, existing: await readZoneRecords(dns.zoneId, opts) };
          const found = await zoneByName(ctx.domain.name, dns.accountId, opts);
          return { ctx, zoneId: found.id, found, existing: await readZoneRecords(found.id, opts) };
        } catch (error) {
          return { ctx, unreadable: unreadableZoneIssue(ctx, dns, error) };
        }
      });
    }),
  );
  const result: ExistingRecordsCheck = { issues: [], adoptions: new Map(), dnsHosts: new Map() };
  for (const check of checks) {
    if (!check) continue;
    if ("unreadable" in check) {
      result.issues.push(check.unreadable);
      continue;
    }
    const { dns, name } = check.ctx.domain;
    if (check.found && dns.host === "cloudflare") {
      result.dnsHosts.set(name, cloudflareHost({ ...cloudflareHostOptions(dns), foundZone: check.found }));
    }
    const { adopted, conflicts } = compareWithZone(plannedRecords(check.ctx.domain), check.existing, name);
    result.issues.push(...conflicts.map((c) => conflictIssue(check.ctx, c)));
    if (adopted.size > 0) {
      result.adoptions.set(check.ctx.domain.name, {
        transformations: [adoptExistingRecords(check.zoneId, adopted)],
      });
    }
  }
  return result;
}

/**
 * A zone that could not be read: records mailinfra cannot see might clash with its own, so the run stops here.
 * The list call needs DNS Read or DNS Write on the zone (accepted permissions of
 * https://developers.cloudflare.com/api/resources/dns/subresources/records/methods/list/).
 */
function unreadableZoneIssue(
  owner: DomainContext,
  { zoneId, accountId }: { zoneId?: string; accountId: string },
  error: unknown,
): ConfigIssue {
  const reason = error instanceof Error ? error.message : String(error);
  const token = "that cloudflare:apiToken has Zone › DNS › Edit on it (README, Cloudflare API token)";
  return zoneId
    ? configError(
        owner.path("dns", "zoneId"),
        `the records of Cloudflare zone ${zoneId} could not be read, so mailinfra cannot check them against its own: ${reason}`,
        `Check that ${zoneId} is the zone id of ${owner.domain.name} and ${token}.`,
      )
    : configError(
        owner.path("dns", "adoptExistingZone"),
        `the Cloudflare zone ${owner.domain.name} or its records could not be read, so mailinfra cannot check them against its own: ${reason}`,
        `Check that ${owner.domain.name} is a zone of account ${accountId} and ${token}; or remove adoptExistingZone to let mailinfra create the zone.`,
      );
}

/** Every record of the zone (the data source pages through them, up to `maxItems`, 1,000 by default). */
async function readZoneRecords(zoneId: string, opts?: pulumi.InvokeOptions): Promise<ExistingDnsRecord[]> {
  const { results } = await cloudflare.getDnsRecords({ zoneId }, opts);
  return results ?? [];
}

async function zoneByName(name: string, accountId: string, opts?: pulumi.InvokeOptions): Promise<FoundZone> {
  const {
    id,
    name: zoneName,
    nameServers,
  } = await cloudflare.getZone({ filter: { name, account: { id: accountId } } }, opts);
  return { id, name: zoneName, nameServers };
}

/**
 * The domain's records as the builders make them from its configuration. Values produced during the run are
 * marked not known: a flattened SPF, and the DKIM key mailinfra generates for a `custom` platform without
 * `dkim.publicKey` (as `MailDomain` does; a placeholder stands in for it). Google's verification token is
 * left out: a TXT of its own beside the others, it can only ever be a second copy of itself.
 */
export function plannedRecords(domain: DomainConfig): PlannedRecord[] {
  const generatedDkim = domain.platform.kind === "custom" && !domain.dkim.publicKey;
  const records = planRecords(domain, generatedDkim ? { dkimPublicKey: GENERATED_KEY_PLACEHOLDER } : {});
  return records.map((record) => ({
    resourceName: recordResourceName(domain.name, record),
    record,
    known: !(record.purpose === "spf" && domain.spf.flatten) && !(record.purpose === "dkim" && generatedDkim),
  }));
}

/** Stands in for a key generated during the run: only the DKIM record's name is used. */
const GENERATED_KEY_PLACEHOLDER = "generated-during-the-run";

function conflictIssue(owner: DomainContext, conflict: RecordConflict): ConfigIssue {
  const path = settingPath({ record: conflict.planned.record, owner });
  const found = conflict.existing.map((e) => `${show(e)} (record id ${e.id})`).join(", ");
  const them = conflict.existing.length === 1 ? "that record" : "those records";
  const match = conflict.planned.known
    ? `; or change ${path} so that mailinfra publishes exactly ${them}, which it then adopts instead of adding its own`
    : "";
  return configError(
    path,
    `the Cloudflare zone of ${owner.domain.name} already has ${found}: ${conflict.why}`,
    `Delete ${them} in Cloudflare (the zone's DNS › Records), then run pulumi up --refresh${match}.`,
  );
}
