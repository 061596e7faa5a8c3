export type { ServerRole } from "./answer";
export { DnsblZones } from "./dnsbl";
export type { DnsFaults } from "./faults";
export { type DnsServer, type DnsServerOptions, type QueryLogEntry, startDnsServer } from "./server";
export { type DnsWorld, type DnsWorldOptions, type ResolverSpec, startDnsWorld } from "./world";
export type { ZoneRecord, ZoneRecordInput, ZoneRecordType } from "./zone-record";
export { canonicalDnsName, splitTxtValue, zoneRecordFromMail } from "./zone-record";
export { ZoneStore } from "./zone-store";
