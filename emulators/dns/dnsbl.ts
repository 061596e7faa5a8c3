import type { Blocklist, BlocklistTarget } from "../../health/blocklists/blocklist";
import { BLOCKLISTS } from "../../health/blocklists/catalogue";
import { dnsblQueryName } from "../../health/blocklists/query-name";
import type { ZoneRecordInput } from "./zone-record";
import type { ZoneStore } from "./zone-store";

/**
 * The answer each list gives a listed name when a test does not say which: the first documented listing code
 * (Spamhaus DBL spam domain, ZEN SBL, SURBL ABUSE, URIBL black, Barracuda and SpamCop 127.0.0.2; the pages are
 * named in health/blocklists/<list>.ts).
 */
const DEFAULT_LISTING: Readonly<Record<string, string>> = {
  "Spamhaus DBL": "127.0.1.2",
  "Spamhaus ZEN": "127.0.0.2",
  "SURBL multi": "127.0.0.64",
  "URIBL multi": "127.0.0.2",
  "Barracuda BRBL": "127.0.0.2",
  "SpamCop SCBL": "127.0.0.2",
};

/** The zone holding every Spamhaus Data Query Service zone (`<key>.dbl.dq.spamhaus.net`, `<key>.zen.…`). */
const DQS_APEX = "dq.spamhaus.net";

/** A DNSBL answers its listings from a few seconds' TTL, so a test's change is seen at once. */
const DNSBL_TTL = 60;

/**
 * The blocklists of the local world, served by the DNS world's servers as the real lists answer: an A record with
 * the list's code for a listed name, NXDOMAIN for anything else (RFC 5782), and on demand one answer to every
 * query, as the public mirrors give a resolver they refuse (Spamhaus 127.255.255.254, URIBL and SURBL 127.0.0.1).
 * A domain listed on a wildcarded list (DBL, SURBL) lists its hosts too. Names and addresses take each list's query form (health/blocklists/query-name.ts); with `acceptDqsKey`, the
 * Spamhaus lists also answer on `<key>.dbl.dq.spamhaus.net` and `<key>.zen.dq.spamhaus.net`, where a public
 * mirror's refusal does not reach. A query on a key it was not told to accept is refused (DNS RCODE REFUSED from
 * the zone's servers, SERVFAIL from the resolvers), never NXDOMAIN, which would read as "not listed":
 * https://docs.spamhaus.com/datasets/docs/source/70-access-methods/data-query-service/020-dqs-auth.html ("If a
 * service is off, a DNS 'refused' answer packet is returned, resulting in a SERVFAIL DNS answer provided by the
 * resolver"; "Keys corresponding to terminated contracts no longer work"). The zones page
 * (https://docs.spamhaus.com/datasets/docs/source/10-data-type-documentation/datasets/040-zones.html) also gives
 * invalid keys two 127.255.255.x return codes; which two could not be read there, so the emulator does not play
 * them (health/blocklists/spamhaus.ts reads the whole 127.255.255.0/24 as an error either way).
 * @example
 * const dnsbl = new DnsblZones(world.zones);
 * dnsbl.list("Spamhaus DBL", "getacme.test");                    // 127.0.1.2
 * dnsbl.list("Spamhaus ZEN", "192.0.2.10", "127.0.0.10");        // PBL
 * dnsbl.answerEveryQuery("Spamhaus DBL", "127.255.255.254");     // a public resolver, refused
 */
export class DnsblZones {
  private readonly listings = new Map<string, Map<string, { target: BlocklistTarget; answers: string[] }>>();
  private readonly everyQuery = new Map<string, string>();
  private readonly dqsKeys = new Set<string>();

  /** Creates the lists' zones in `zones` (each list's public zone, and dq.spamhaus.net), all empty. */
  constructor(
    private readonly zones: ZoneStore,
    private readonly lists: readonly Blocklist[] = BLOCKLISTS,
  ) {
    for (const list of lists) {
      zones.addZone(list.zone);
      this.listings.set(list.name, new Map());
    }
    if (lists.some((l) => l.dqsZone)) {
      zones.addZone(DQS_APEX);
      zones.setRefusal(DQS_APEX, (name) => this.refusesDqsName(name));
    }
  }

  /**
   * Lists `target` (a domain or an IP address, as the list takes it) on `listName` with `answers` (A records).
   * @default answers the list's usual listing code (DEFAULT_LISTING)
   */
  list(listName: string, target: string, ...answers: string[]): void {
    const list = this.byName(listName);
    const codes = answers.length > 0 ? answers : [DEFAULT_LISTING[list.name] ?? "127.0.0.2"];
    const entry: BlocklistTarget = {
      target,
      kind: list.kind,
      role: list.kind === "ip" ? "sending-ip" : "domain",
    };
    if (dnsblQueryName(list, entry) === undefined) {
      throw new Error(`DnsblZones.list: ${list.name} does not take "${target}"`);
    }
    this.listings.get(list.name)!.set(target.toLowerCase(), { target: entry, answers: codes });
    this.render(list);
  }

  /** Takes `target` off `listName`: NXDOMAIN again. */
  unlist(listName: string, target: string): void {
    const list = this.byName(listName);
    this.listings.get(list.name)!.delete(target.toLowerCase());
    this.render(list);
  }

  /**
   * Makes the list's public zone answer `code` to every query, listed or not (a refused resolver), or, with
   * `undefined`, answer its listings again. The DQS zones are not affected.
   */
  answerEveryQuery(listName: string, code: string | undefined): void {
    const list = this.byName(listName);
    if (code === undefined) this.everyQuery.delete(list.name);
    else this.everyQuery.set(list.name, code);
    this.render(list);
  }

  /** Serves the Spamhaus lists on `<key>.<zone>.dq.spamhaus.net` too; other keys stay refused. */
  acceptDqsKey(key: string): void {
    this.dqsKeys.add(key.toLowerCase());
    this.renderDqs();
  }

  /** Whether `name` (canonical) asks a DQS zone with a key this world does not accept. */
  private refusesDqsName(name: string): boolean {
    for (const list of this.lists) {
      if (!list.dqsZone || !name.endsWith(`.${list.dqsZone}`)) continue;
      const labels = name.slice(0, -(list.dqsZone.length + 1)).split(".");
      return !this.dqsKeys.has(labels[labels.length - 1]!);
    }
    return false;
  }

  private byName(listName: string): Blocklist {
    const list = this.lists.find((l) => l.name.toLowerCase() === listName.toLowerCase());
    if (!list) {
      throw new Error(
        `DnsblZones: no list named "${listName}"; the local world serves ${this.lists.map((l) => l.name).join(", ")}`,
      );
    }
    return list;
  }

  private records(list: Blocklist, key?: string): ZoneRecordInput[] {
    const records: ZoneRecordInput[] = [];
    for (const { target, answers } of this.listings.get(list.name)!.values()) {
      const name = dnsblQueryName(list, target, key);
      if (name === undefined) continue;
      // A wildcarded list answers for the listed domain's hosts too.
      const names = list.wildcarded ? [name, `*.${name}`] : [name];
      for (const owner of names) {
        for (const address of answers) records.push({ name: owner, type: "A", ttl: DNSBL_TTL, address });
      }
    }
    return records;
  }

  private render(list: Blocklist): void {
    const code = this.everyQuery.get(list.name);
    this.zones.replaceZoneContent(
      list.zone,
      code === undefined
        ? this.records(list)
        : [{ name: `*.${list.zone}`, type: "A", ttl: DNSBL_TTL, address: code }],
    );
    if (list.dqsZone) this.renderDqs();
  }

  private renderDqs(): void {
    const records = this.lists
      .filter((l) => l.dqsZone)
      .flatMap((l) => [...this.dqsKeys].flatMap((key) => this.records(l, key)));
    this.zones.replaceZoneContent(DQS_APEX, records);
  }
}
