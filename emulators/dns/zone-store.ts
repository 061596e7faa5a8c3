import type { MailDnsRecord } from "../../components/dns/record";
import {
  canonicalDnsName,
  type SoaFields,
  toZoneRecord,
  type ZoneRecord,
  type ZoneRecordInput,
  type ZoneRecordType,
  zoneRecordFromMail,
} from "./zone-record";

interface Snapshot {
  at: number;
  records: readonly ZoneRecord[];
}

export interface ZoneOptions {
  /** NS hosts for the apex. @default ["ns1.<apex>"] */
  nameservers?: string[];
  /** Negative-caching TTL in the SOA. @default 60 */
  negativeTtl?: number;
}

export interface ZoneStoreOptions {
  /** Clock, so tests can reason about lags. @default Date.now */
  now?: () => number;
  /** How long past versions are kept for lagging resolvers. @default 600_000 */
  retainMs?: number;
}

/**
 * The authoritative truth of the test DNS world. Every edit is a new version stamped with the
 * time it was made; a resolver with a propagation lag of L answers from the version that was
 * current L milliseconds ago, which is how tests model slow propagation.
 */
export class ZoneStore {
  private readonly now: () => number;
  private readonly retainMs: number;
  private history: Snapshot[];
  private serial = 1;
  private readonly refusals = new Map<string, (name: string) => boolean>();

  constructor(options: ZoneStoreOptions = {}) {
    this.now = options.now ?? Date.now;
    this.retainMs = options.retainMs ?? 600_000;
    this.history = [{ at: Number.NEGATIVE_INFINITY, records: [] }];
  }

  /** Creates a zone: SOA and NS records at the apex. */
  addZone(apex: string, options: ZoneOptions = {}): void {
    const zone = canonicalDnsName(apex);
    if (this.current().some((r) => r.type === "SOA" && r.name === zone)) {
      throw new Error(`zone ${zone} already exists`);
    }
    const nameservers = (options.nameservers ?? [`ns1.${zone}`]).map(canonicalDnsName);
    const soa: SoaFields = {
      mname: nameservers[0] ?? `ns1.${zone}`,
      rname: `hostmaster.${zone}`,
      serial: this.serial,
      refresh: 3600,
      retry: 600,
      expire: 604800,
      minimum: options.negativeTtl ?? 60,
    };
    this.commit([
      ...this.current(),
      { name: zone, type: "SOA", ttl: 3600, soa },
      ...nameservers.map((host): ZoneRecord => ({ name: zone, type: "NS", ttl: 3600, host })),
    ]);
  }

  /** Deletes a zone and every record under it. */
  removeZone(apex: string): void {
    const zone = canonicalDnsName(apex);
    this.commit(this.current().filter((r) => !(r.name === zone || r.name.endsWith(`.${zone}`))));
  }

  add(...records: ZoneRecordInput[]): void {
    const added = records.map(toZoneRecord);
    for (const r of added) this.requireZoneFor(r.name);
    this.commit([...this.current(), ...added]);
  }

  /** Publishes desired mail records the way a DNS host would. */
  addMail(...records: MailDnsRecord[]): void {
    this.add(...records.map(zoneRecordFromMail));
  }

  /**
   * Removes the records at `name` (of `type`, if given, and matching `match`, if given).
   * Returns how many were removed.
   */
  remove(name: string, type?: ZoneRecordType, match?: (record: ZoneRecord) => boolean): number {
    const owner = canonicalDnsName(name);
    const before = this.current();
    const kept = before.filter(
      (r) =>
        !(r.name === owner && (type === undefined || r.type === type) && (match === undefined || match(r))),
    );
    this.commit(kept);
    return before.length - kept.length;
  }

  /** Replaces every record of `type` at `name` with `records` (an out-of-band edit, in tests). */
  replace(name: string, type: ZoneRecordType, records: ZoneRecordInput[]): void {
    const owner = canonicalDnsName(name);
    const added = records.map(toZoneRecord);
    for (const r of added) {
      if (r.name !== owner || r.type !== type)
        throw new Error(`replace ${type} ${owner}: got ${r.type} ${r.name}`);
    }
    this.requireZoneFor(owner);
    this.commit([...this.current().filter((r) => !(r.name === owner && r.type === type)), ...added]);
  }

  /**
   * Replaces every record of the zone `apex` except its SOA and apex NS with `records`, in one edit: resolvers never
   * see the zone half rewritten (the DNSBL zones re-render this way).
   */
  replaceZoneContent(apex: string, records: ZoneRecordInput[]): void {
    const zone = canonicalDnsName(apex);
    const added = records.map(toZoneRecord);
    for (const r of added) {
      if (r.name !== zone && !r.name.endsWith(`.${zone}`))
        throw new Error(`${r.name} is not in the zone ${zone}`);
    }
    this.requireZoneFor(zone);
    const inZone = (r: ZoneRecord) => r.name === zone || r.name.endsWith(`.${zone}`);
    const kept = this.current().filter(
      (r) => !inZone(r) || (r.name === zone && (r.type === "SOA" || r.type === "NS")),
    );
    this.commit([...kept, ...added]);
  }

  /**
   * Makes the zone's authoritative servers refuse (RCODE REFUSED) the names under `apex` that `refuses` picks,
   * and the resolvers answer SERVFAIL for them, as a recursive resolver passes on an upstream refusal; with
   * `undefined`, answers them from the records again. Seen at once by every server (no propagation lag).
   * @example zones.setRefusal("dq.spamhaus.net", (name) => !name.includes(".goodkey.")) // a DQS key it does not know
   */
  setRefusal(apex: string, refuses: ((name: string) => boolean) | undefined): void {
    const zone = canonicalDnsName(apex);
    if (refuses === undefined) this.refusals.delete(zone);
    else this.refusals.set(zone, refuses);
  }

  /** Whether a query for `name` is refused (setRefusal). */
  refuses(name: string): boolean {
    const owner = canonicalDnsName(name);
    for (const [zone, refuses] of this.refusals) {
      if ((owner === zone || owner.endsWith(`.${zone}`)) && refuses(owner)) return true;
    }
    return false;
  }

  /** The records as the authoritative servers serve them now. */
  current(): readonly ZoneRecord[] {
    return this.history[this.history.length - 1]!.records;
  }

  /** The records as they were at `time` (epoch ms). */
  asOf(time: number): readonly ZoneRecord[] {
    for (let i = this.history.length - 1; i >= 0; i--) {
      const snapshot = this.history[i]!;
      if (snapshot.at <= time) return snapshot.records;
    }
    return this.history[0]!.records;
  }

  private requireZoneFor(name: string): void {
    const inZone = this.current().some(
      (r) => r.type === "SOA" && (name === r.name || name.endsWith(`.${r.name}`)),
    );
    if (!inZone) throw new Error(`${name} is in no zone of this DNS world; call zones.addZone(apex) first`);
  }

  private commit(records: ZoneRecord[]): void {
    this.serial += 1;
    const serial = this.serial;
    // A changed serial is what secondaries and humans look at to see that the zone moved.
    const stamped = records.map((r) => (r.type === "SOA" ? { ...r, soa: { ...r.soa, serial } } : r));
    const now = this.now();
    this.history.push({ at: now, records: Object.freeze(stamped) });
    this.prune(now);
  }

  private prune(now: number): void {
    const cutoff = now - this.retainMs;
    // Keep the newest version older than the cutoff: it is what the slowest resolver still sees.
    let firstKept = 0;
    for (let i = 0; i < this.history.length; i++) {
      if (this.history[i]!.at <= cutoff) firstKept = i;
    }
    if (firstKept > 0) this.history = this.history.slice(firstKept);
  }
}
