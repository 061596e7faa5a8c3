import { Resolver } from "node:dns/promises";
import type { MailDnsRecord } from "../../components/dns/record";

/**
 * The seeds' DNS status check: ask every resolver for every record once; the domain is propagated when each
 * record is served by every resolver. One look, no waiting: the caller polls it on its 30-second schedule.
 */
export async function propagated(records: MailDnsRecord[], resolverAddresses: string[]): Promise<boolean> {
  const looks = await Promise.all(
    resolverAddresses.flatMap((address) => records.map((record) => served(record, address))),
  );
  return looks.every(Boolean);
}

async function served(record: MailDnsRecord, address: string): Promise<boolean> {
  const resolver = new Resolver({ timeout: 1000, tries: 1 });
  resolver.setServers([address]);
  const want = record.content.toLowerCase();
  try {
    switch (record.type) {
      case "TXT":
        return (await resolver.resolveTxt(record.name)).some(
          (strings) => strings.join("") === record.content,
        );
      case "MX":
        return (await resolver.resolveMx(record.name)).some(
          (mx) => mx.exchange.toLowerCase() === want && mx.priority === (record.priority ?? mx.priority),
        );
      case "CNAME":
        return (await resolver.resolveCname(record.name)).some((target) => target.toLowerCase() === want);
    }
  } catch {
    return false;
  }
}
