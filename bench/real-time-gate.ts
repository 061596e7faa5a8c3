import { planRecords } from "../components/dns/record-set";
import { startDnsWorld } from "../emulators/dns";
import { provider } from "../providers/readiness/readiness.provider";
import { readinessSettings } from "../providers/readiness/readiness-settings";
import { parsedConfig } from "../test/support/config";
import { benchFleet } from "./fleet";
import { type LatencySummary, summarizeLatencies } from "./readiness-latency";
import type { RealWorld } from "./world-spec";

/**
 * The readiness gate on the REAL clock: the scaled runs shrink propagation lags tenfold, but the gate's poll
 * schedule (a tenth of the time waited, 200 ms–10 s) does not shrink with them, so detection latency measured
 * there is optimistic. Here `domains` gates (the provider's own create, in this process, no engine) wait for
 * records the registrar publishes `registrarLagMs` after they start, with the real resolver lags.
 */
export interface RealTimeGateMeasurement {
  domains: number;
  registrarLagMs: number;
  resolverLagsMs: number[];
  wallMs: number;
  readiness: LatencySummary;
}

export async function runRealTimeGate(real: RealWorld, domains: number): Promise<RealTimeGateMeasurement> {
  const dns = await startDnsWorld({
    resolvers: real.resolverLagsMs.map((lagMs, i) => ({ name: `resolver-${i + 1}`, lagMs })),
  });
  const config = parsedConfig({ domains: benchFleet(domains, 1) });
  const quiet = readinessSettings.use({ report: () => {} });
  const visibleAt = new Map<string, number>();
  const timers: NodeJS.Timeout[] = [];
  const start = Date.now();
  try {
    const latencies = await Promise.all(
      config.domains.map(async (domain) => {
        const records = planRecords(domain, {
          googleVerificationToken: `google-site-verification=${domain.name}`,
        });
        timers.push(
          setTimeout(() => {
            dns.zones.addZone(domain.name);
            dns.zones.addMail(...records);
            visibleAt.set(domain.name, Date.now() + Math.max(...real.resolverLagsMs));
          }, real.registrarLagMs),
        );
        const created = await provider.create({
          domain: domain.name,
          records,
          resolvers: dns.resolvers.map((r) => r.address),
          quorum: "all",
          timeoutSeconds: 600,
        });
        const readyAt = Date.parse((created.outs as { readyAt: string }).readyAt);
        return readyAt - (visibleAt.get(domain.name) ?? Number.NaN);
      }),
    );
    return {
      domains,
      registrarLagMs: real.registrarLagMs,
      resolverLagsMs: real.resolverLagsMs,
      wallMs: Date.now() - start,
      readiness: summarizeLatencies(latencies),
    };
  } finally {
    for (const timer of timers) clearTimeout(timer);
    quiet();
    await dns.stop();
  }
}
