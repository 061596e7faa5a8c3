import pLimit from "p-limit";
import { providerSettings } from "../provider-settings";
import type { DefaultResolverOptions } from "./default-resolvers";
import type { GateDependencies } from "./gate";
import { reportToUser } from "./progress-sink";

/** What the DnsReadiness provider takes from its process (see ../provider-settings.ts). */
export interface ReadinessSettings {
  /** Where progress lines go. @default reportToUser (stderr of the provider process) */
  report: (line: string) => void;
  /**
   * Query plumbing for the gate. One query limit for the whole provider process, so a stack of hundreds of
   * domains does not flood public resolvers with thousands of parallel queries.
   * @default { limit: pLimit(64) }
   */
  gate: GateDependencies;
  /** How default resolvers are found (tests point them at the local DNS world). @default {} */
  defaults: DefaultResolverOptions;
}

export const readinessSettings = providerSettings<ReadinessSettings>({
  report: reportToUser,
  gate: { limit: pLimit(64) },
  defaults: {},
});
