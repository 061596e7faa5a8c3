import type { EngineEvent } from "@pulumi/pulumi/automation";
import type { MailDnsRecord } from "../../components/dns/record";
import type { LocalWorld } from "../../emulators/local-world";

/**
 * The demo plays the registrar of every manual-DNS domain: when `up` starts a readiness gate, it creates the
 * records that gate prints (the local world publishes them after `lagMs`, and each resolver sees them after its
 * own lag), and says so in the transcript.
 */
export function playRegistrar(
  world: LocalWorld,
  lagMs: number,
  registrarOf: (domain: string) => string,
  say: (line: string) => void,
): (event: EngineEvent) => void {
  const publish = world.registrar(lagMs);
  return (event) => {
    const step = event.resourcePreEvent?.metadata;
    if (step?.type.endsWith(":DnsReadiness") && (step.op === "create" || step.op === "update")) {
      const domain = String(step.new?.inputs?.domain ?? "");
      const records = (step.new?.inputs?.records ?? []) as MailDnsRecord[];
      const what =
        step.op === "create"
          ? `the ${records.length} records of ${domain}`
          : `what is missing of ${domain}'s records`;
      say(
        `      registrar: at ${registrarOf(domain)}, creating ${what} (saved in ${(lagMs / 1000).toFixed(1)} s)`,
      );
    }
    publish(event);
  };
}
