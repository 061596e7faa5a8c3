import { isIPv4, isIPv6 } from "node:net";
import type { Blocklist, BlocklistTarget } from "./blocklist";

/**
 * Pure: the name to ask for `target` on `list` (RFC 5782 §2.1 and §2.4): an IPv4 address with its octets
 * reversed, an IPv6 address as its 32 nibbles reversed, a domain as the list holds it, each prepended to the
 * list's zone, or to `<dqsKey>.<dqsZone>` when a Spamhaus DQS key is given
 * (https://docs.spamhaus.com/datasets/docs/source/70-access-methods/data-query-service/040-dqs-queries.html:
 * `79.113.0.203.<key>.sbl.dq.spamhaus.net`, `example.com.<key>.dbl.dq.spamhaus.net`). Undefined when the list
 * does not take this target (an IPv6 address on an IPv4-only list, a name on an IP list).
 * The returned name holds the DQS key: it goes to the resolver and nowhere else.
 */
export function dnsblQueryName(
  list: Blocklist,
  target: BlocklistTarget,
  dqsKey?: string,
): string | undefined {
  if (target.kind !== list.kind) return undefined;
  const zone = dqsKey && list.dqsZone ? `${dqsKey}.${list.dqsZone}` : list.zone;
  const prefix = queryPrefix(list, target.target);
  return prefix === undefined ? undefined : `${prefix}.${zone}`;
}

/** The part before the zone: reversed address or the listed name. */
function queryPrefix(list: Blocklist, target: string): string | undefined {
  if (list.kind === "domain") {
    const name = target.trim().replace(/\.+$/, "").toLowerCase();
    return list.listedName ? list.listedName(name) : name;
  }
  if (isIPv4(target)) return target.split(".").reverse().join(".");
  if (isIPv6(target)) return list.ipv6 ? ipv6Nibbles(target).reverse().join(".") : undefined;
  return undefined;
}

/** The 32 hex digits of an IPv6 address, in order (`2001:db8::1` → 2,0,0,1,0,d,b,8,0,…,1). */
export function ipv6Nibbles(address: string): string[] {
  let text = address.toLowerCase();
  // An embedded IPv4 tail (`::ffff:192.0.2.1`) is two more groups.
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (v4) {
    const [a, b, c, d] = v4[1]!.split(".").map(Number) as [number, number, number, number];
    text = `${text.slice(0, v4.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = "", tail] = text.split("::");
  const headGroups = head ? head.split(":") : [];
  const tailGroups = tail ? tail.split(":") : [];
  const missing = tail === undefined ? 0 : 8 - headGroups.length - tailGroups.length;
  const groups = [...headGroups, ...Array.from({ length: missing }, () => "0"), ...tailGroups];
  return groups.flatMap((g) => g.padStart(4, "0").split(""));
}
