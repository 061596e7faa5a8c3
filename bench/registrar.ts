import type { EngineEvent } from "@pulumi/pulumi/automation";
import type { MailDnsRecord } from "../components/dns/record";
import type { LocalWorld } from "../emulators/local-world";

/**
 * The registrar of the manual-DNS fleet: `registrarLagMs` after a readiness gate starts (its engine event), the
 * domain's records are added to the authoritative zones. Remembers when, per domain, so readiness latency
 * can be measured from the moment the records became visible on the resolver quorum.
 */
export interface Registrar {
  /** `onEvent` for `stack.up`. */
  onEvent(event: EngineEvent): void;
  /** Publishes a domain's records (the baseline calls it when it shows them to the user). */
  publish(domain: string, records: MailDnsRecord[]): void;
  /** Epoch ms when each domain's records were added to the zones. */
  publishedAt: Map<string, number>;
  stop(): void;
}

/**
 * `unpublished`: domains whose records the registrar never adds (a nameserver change or registrar that takes
 * hours), so their gates time out while the fleet goes on (`world.registrar`'s option of the same name).
 */
export function benchRegistrar(
  world: LocalWorld,
  registrarLagMs: number,
  unpublished: readonly string[] = [],
): Registrar {
  const publishedAt = new Map<string, number>();
  const timers = new Set<NodeJS.Timeout>();
  const publish = (domain: string, records: MailDnsRecord[]) => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      publishedAt.set(domain, Date.now());
      world.publish(records, 0);
    }, registrarLagMs);
    timers.add(timer);
  };
  return {
    publishedAt,
    publish,
    onEvent(event) {
      const step = event.resourcePreEvent?.metadata;
      if (!step?.type.endsWith(":DnsReadiness") || !["create", "update"].includes(step.op)) return;
      const inputs = step.new?.inputs as { domain?: string; records?: MailDnsRecord[] } | undefined;
      if (!inputs?.domain || !inputs.records?.length || unpublished.includes(inputs.domain)) return;
      publish(inputs.domain, inputs.records);
    },
    stop() {
      for (const timer of timers) clearTimeout(timer);
    },
  };
}
