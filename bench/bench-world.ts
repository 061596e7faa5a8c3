import type { ConfigMap } from "@pulumi/pulumi/automation";
import { type LocalWorld, startLocalWorld } from "../emulators/local-world";
import { type DomainEntry, fleet } from "../test/support/fleet";
import { googleService, type LoggedCall } from "./api-calls";
import type { ScaledWorld } from "./world-spec";

/**
 * The local world with the published limits enforced by the emulators and realistic latency on every API
 * call, all on the scaled clock; plus the one Smartlead campaign every mailbox joins.
 */
export interface BenchWorld {
  world: LocalWorld;
  spec: ScaledWorld;
  campaignId: number;
  /** Every API call the emulators answered so far. */
  calls(): LoggedCall[];
  /** mailinfra's stack configuration for this world (Smartlead client budget on the scaled clock). */
  stackConfig(domains: DomainEntry[]): ConfigMap;
  stop(): Promise<void>;
}

export async function startBenchWorld(spec: ScaledWorld): Promise<BenchWorld> {
  const world = await startLocalWorld({
    resolverLagsMs: spec.resolverLagsMs,
    smartleadRateLimit: spec.smartleadPerMinute,
    googleDirectoryQueriesPerMinute: spec.googleDirectoryPerMinute,
    timeScale: spec.scale,
  });
  world.google.faults.latency(spec.apiLatencyMs);
  world.smartlead.faults.latency(spec.apiLatencyMs);
  const campaign = world.smartlead.state.addCampaign({ name: "Bench outreach", status: "DRAFTED" });

  return {
    world,
    spec,
    campaignId: campaign.id,
    calls: () => [
      ...world.google.state.calls.map((c) => ({
        service: googleService(c.endpoint),
        endpoint: c.endpoint,
        status: c.status,
        at: c.at,
      })),
      ...world.smartlead.state.calls.map((c) => ({
        service: "smartlead" as const,
        endpoint: c.route,
        status: c.status,
        at: c.at,
      })),
    ],
    stackConfig(domains) {
      const config = world.stackConfig();
      const smartlead = JSON.parse(config["mailinfra:smartlead"].value);
      return {
        ...config,
        "mailinfra:smartlead": {
          value: JSON.stringify({ ...smartlead, rateLimit: spec.smartleadClientBudget }),
          secret: true,
        },
        ...fleet(...domains),
      };
    },
    stop: () => world.stop(),
  };
}
