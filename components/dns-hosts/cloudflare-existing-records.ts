/**
 * Records that already exist in an adopted Cloudflare zone, compared with the records mailinfra publishes
 * there. Pure: reading the zone is `cloudflare-existing-records-lookup.ts`'s.
 *
 * Each existing record is one of three things:
 * - the same record mailinfra publishes (name, type, value, MX priority): adopted with Pulumi's `import`
 *   option instead of created a second time;
 * - a rival of one (a second SPF at the name, an MX set that differs, another DMARC or DKIM value, anything
 *   beside a CNAME): a conflict, reported at `preview` with its fix;
 * - anything else (A, AAAA, other TXT, records at other names): ignored.
 */
import type * as cloudflare from "@pulumi/cloudflare";
import type * as pulumi from "@pulumi/pulumi";
import { isDmarcRecord, sameDmarcPolicy } from "../dns/dmarc";
import { normalizeHost } from "../dns/name";
import type { MailDnsRecord } from "../dns/record";
import { isSpfRecord } from "../dns/spf-terms";

/**
 * A record as Cloudflare lists it (`GET /zones/{zone_id}/dns_records`,
 * https://developers.cloudflare.com/api/resources/dns/subresources/records/methods/list/), through
 * `cloudflare.getDnsRecords`. `name` is the full name in punycode; TXT `content` may be written as quoted
 * character-strings.
 */
export type ExistingDnsRecord = Pick<
  cloudflare.types.output.GetDnsRecordsResult,
  "id" | "name" | "type" | "content" | "priority" | "ttl" | "proxied" | "comment" | "tags"
>;

/** How every record mailinfra creates in Cloudflare is commented: what tells its own records from others. */
export const MANAGED_BY_MAILINFRA = "managed by mailinfra";

/** The comment of a record mailinfra creates, e.g. `managed by mailinfra (spf)`. */
export function managedRecordComment(purpose: MailDnsRecord["purpose"]): string {
  return `${MANAGED_BY_MAILINFRA} (${purpose})`;
}

/** A record mailinfra will publish in the zone, as far as it is known when the program runs. */
export interface PlannedRecord {
  /** The record's resource name (`recordResourceName`): what its adoption is keyed by. */
  resourceName: string;
  record: MailDnsRecord;
  /**
   * False when the value is produced during the run (Google's verification token, a generated DKIM key, a
   * flattened SPF): such a record can meet a rival, but cannot be adopted.
   */
  known: boolean;
}

/** An existing record that would stand beside one mailinfra publishes, and why that breaks the domain. */
export interface RecordConflict {
  planned: PlannedRecord;
  existing: ExistingDnsRecord[];
  /** What goes wrong if both are served, with the rule that says so. */
  why: string;
}

export interface ZoneComparison {
  /** Existing records equal to one mailinfra publishes, by that record's resource name. */
  adopted: Map<string, ExistingDnsRecord>;
  conflicts: RecordConflict[];
}

/**
 * Compares the records of the zone `apex` with the planned ones. Never throws; records mailinfra created are
 * skipped, and so is a CNAME at the apex (a website's): Cloudflare always flattens it and serves the apex's MX
 * and TXT records beside it (https://developers.cloudflare.com/dns/cname-flattening/set-up-cname-flattening/).
 */
export function compareWithZone(
  planned: readonly PlannedRecord[],
  existing: readonly ExistingDnsRecord[],
  apex: string,
): ZoneComparison {
  const others = existing.filter(
    (e) =>
      !(e.comment ?? "").startsWith(MANAGED_BY_MAILINFRA) && !(e.type === "CNAME" && sameName(e.name, apex)),
  );
  const result: ZoneComparison = { adopted: new Map(), conflicts: [] };
  const mxByName = new Map<string, PlannedRecord[]>();
  for (const p of planned.filter((p) => p.record.type === "MX")) {
    mxByName.set(p.record.name, [...(mxByName.get(p.record.name) ?? []), p]);
  }
  for (const [name, set] of mxByName) compareMxSet(set, others.filter(at(name, "MX")), result);
  for (const p of planned.filter((p) => p.record.type !== "MX")) {
    const rivals = rivalsOf(p.record, others.filter(at(p.record.name)));
    if (rivals.length === 0) continue;
    const [only] = rivals;
    if (rivals.length === 1 && p.known && sameRecord(p.record, only) && !only.proxied) {
      result.adopted.set(p.resourceName, only);
    } else {
      result.conflicts.push({ planned: p, existing: rivals, why: conflictReason(p, rivals) });
    }
  }
  return result;
}

/**
 * MX records are one set per name, and senders choose among all of them by preference (RFC 5321 §5.1): the
 * existing ones that belong to mailinfra's set are adopted (it creates the rest); one outside it is a conflict.
 */
function compareMxSet(set: PlannedRecord[], theirs: ExistingDnsRecord[], result: ZoneComparison): void {
  const strangers = theirs.filter((e) => !set.some((p) => sameRecord(p.record, e)));
  if (strangers.length > 0) {
    result.conflicts.push({
      planned: set[0],
      existing: strangers,
      why:
        `it is not one of the MX records mailinfra publishes (${set.map((p) => show(p.record)).join(", ")}), ` +
        "and senders would deliver some of the domain's mail to it (RFC 5321 §5.1)",
    });
    return;
  }
  for (const p of set) {
    const found = theirs.find((e) => sameRecord(p.record, e));
    if (found) result.adopted.set(p.resourceName, found);
  }
}

/** The existing records at a planned record's name that cannot be served beside it. */
function rivalsOf(record: MailDnsRecord, atName: ExistingDnsRecord[]): ExistingDnsRecord[] {
  // RFC 1034 §3.6.2: a CNAME is alone at its name, whichever of the two is the CNAME.
  if (record.type === "CNAME") return atName;
  const cnames = atName.filter((e) => e.type === "CNAME");
  const txt = atName.filter((e) => e.type === "TXT");
  switch (record.purpose) {
    case "spf":
      return [...cnames, ...txt.filter((e) => isSpfRecord(txtValue(e.content)))];
    case "dmarc":
    case "dmarc-report-auth":
      return [...cnames, ...txt.filter((e) => isDmarcRecord(txtValue(e.content)))];
    case "dkim":
      return [...cnames, ...txt];
    default:
      // A verification token beside other TXT records is fine; only the very same record would be a second one.
      return [...cnames, ...txt.filter((e) => sameRecord(record, e))];
  }
}

function conflictReason(p: PlannedRecord, rivals: ExistingDnsRecord[]): string {
  const ours = `the ${p.record.purpose} record mailinfra publishes, ${p.known ? show(p.record) : `${p.record.type} ${p.record.name} (its value is computed during the run, so mailinfra cannot adopt an existing one)`}`;
  if (rivals.some((e) => e.type === "CNAME") || p.record.type === "CNAME") {
    const proxied = rivals.length === 1 && rivals[0].proxied && sameRecord(p.record, rivals[0]);
    if (proxied) {
      return `it is proxied (orange cloud), so Cloudflare answers with its own addresses instead of ${p.record.content}; ${ours}, is never proxied`;
    }
    return `it would stand beside ${ours}, and a CNAME must be alone at its name (RFC 1034 §3.6.2): Cloudflare refuses the pair`;
  }
  switch (p.record.purpose) {
    case "spf":
      return `it would stand beside ${ours}: two SPF records make every SPF check fail with a permerror (RFC 7208 §3.2, §4.5)`;
    case "dmarc":
    case "dmarc-report-auth":
      return `it would stand beside ${ours}: with two DMARC records receivers apply no DMARC policy at all (RFC 7489 §6.6.3)`;
    case "dkim":
      return `it would stand beside ${ours}: a selector holds one key, and receivers would check signatures against either (RFC 6376 §3.6.2.2)`;
    default:
      return `it is the same record as ${ours}, and Cloudflare refuses to create an identical record`;
  }
}

/** `TXT example.com "v=spf1 …"`, `MX example.com 1 smtp.google.com`: a record as a person reads it. */
export function show(record: MailDnsRecord | ExistingDnsRecord): string {
  const value = record.type === "TXT" ? JSON.stringify(txtValue(record.content)) : record.content;
  const priority = record.type === "MX" ? `${record.priority} ` : "";
  return `${record.type} ${record.name} ${priority}${value}`;
}

/** Whether the existing record serves exactly what mailinfra publishes. */
function sameRecord(record: MailDnsRecord, e: ExistingDnsRecord): boolean {
  if (e.type !== record.type || !sameName(e.name, record.name)) return false;
  if (record.type === "TXT") {
    const theirs = txtValue(e.content);
    // A DMARC record stating the same policy in other words (the pct=100 mailinfra wrote before RFC 9989, tags
    // in another order) is adopted as it stands: there is nothing to fix in it.
    return (
      theirs === record.content || (isDmarcRecord(record.content) && sameDmarcPolicy(theirs, record.content))
    );
  }
  if (record.type === "MX" && e.priority !== record.priority) return false;
  return sameName(e.content, record.content);
}

function at(name: string, type?: string) {
  return (e: ExistingDnsRecord) => sameName(e.name, name) && (type === undefined || e.type === type);
}

/** Host names compare as records carry them: without case or a trailing dot (RFC 4343), in punycode. */
function sameName(a: string, b: string): boolean {
  return normalizeHost(a) === normalizeHost(b);
}

/** One quoted character-string in zone-file syntax (RFC 1035 §5.1), as `cloudflareTxtContent` writes them. */
const QUOTED = /"((?:[^"\\]|\\.)*)"/g;

/**
 * A TXT record's value, its character-strings joined: Cloudflare stores TXT content either as written
 * (one string it splits itself) or as quoted strings separated by spaces (see `cloudflareTxtContent`).
 */
export function txtValue(content: string): string {
  const trimmed = content.trim();
  const strings = [...trimmed.matchAll(QUOTED)];
  const quotedOnly = strings.length > 0 && trimmed.replace(QUOTED, "").trim() === "";
  if (!quotedOnly) return content;
  return strings.map((m) => m[1].replace(/\\(.)/g, "$1")).join("");
}

/** The resource type of a Cloudflare DNS record, as resources and transformations name it. */
const DNS_RECORD_TYPE = "cloudflare:index/dnsRecord:DnsRecord";

/**
 * The transformation that adopts `adopted` records of the zone `zoneId` instead of creating them: it sets
 * Pulumi's `import` option (Cloudflare's import id is `<zone_id>/<dns_record_id>`, the provider's
 * `DnsRecord` docs) and takes the existing record's content as stored, TTL, comment and tags, because an
 * import whose inputs differ from the record fails `up` ("inputs to import do not match the existing
 * resource", https://www.pulumi.com/docs/iac/concepts/resources/options/import/). Once imported, later runs
 * with the same `import` id are ordinary updates (https://github.com/pulumi/pulumi/blob/master/developer-docs/architecture/import.md).
 * Like an adopted zone, a record that existed before mailinfra is left in place when mailinfra lets it go
 * (`retainOnDelete`: https://www.pulumi.com/docs/iac/concepts/resources/options/retainondelete/).
 * Given to `MailDomain` as a resource option, it reaches the records its DNS host creates.
 */
export function adoptExistingRecords(
  zoneId: string,
  adopted: ReadonlyMap<string, ExistingDnsRecord>,
): pulumi.ResourceTransformation {
  return ({ type, name, props, opts }) => {
    const existing = type === DNS_RECORD_TYPE ? adopted.get(name) : undefined;
    if (!existing) return undefined;
    return {
      props: {
        ...props,
        content: existing.content,
        ttl: existing.ttl,
        comment: existing.comment || undefined,
        tags: existing.tags?.length ? existing.tags : undefined,
      },
      opts: { ...opts, import: `${zoneId}/${existing.id}`, retainOnDelete: true },
    };
  };
}
