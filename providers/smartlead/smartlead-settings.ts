import { providerSettings } from "../provider-settings";
import type { BatchTiming } from "./campaign-membership";
import type { RetryOptions } from "./retry-policy";

/**
 * What the SmartleadEmailAccount provider takes from its process (see ../provider-settings.ts), not from its
 * inputs: they say how to talk to Smartlead, not what the account is, so they have no place in the state.
 */
export interface SmartleadSettings {
  /** Per HTTP attempt, to Smartlead and to Google's token endpoint. @default the clients' own (30 s) */
  timeoutMs?: number;
  /** Backoff of Smartlead calls. @default retry-policy.ts's (6 attempts, 1 s up to 60 s) */
  retry: RetryOptions;
  /** How long campaign changes of concurrent resources are collected into one call. @default campaign-membership.ts's */
  campaignBatch: BatchTiming;
}

export const smartleadSettings = providerSettings<SmartleadSettings>({
  retry: {},
  campaignBatch: {},
});
