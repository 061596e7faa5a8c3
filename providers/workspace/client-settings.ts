import type { RetryObservation } from "./google-retry";
import { defaultRetryPolicy, type RetryPolicy } from "./retry-policy";

/**
 * Process-wide knobs of the Google client: retry policy, per-request timeout, a retry observer.
 * Read at request time, so every call (token and API) in the process follows the same policy.
 */
export interface WorkspaceClientSettings {
  retry: RetryPolicy;
  timeoutMs: number;
  onRetry?: (observation: RetryObservation) => void;
}

let settings: WorkspaceClientSettings = { retry: defaultRetryPolicy, timeoutMs: 30_000 };

export function clientSettings(): WorkspaceClientSettings {
  return settings;
}

/** Tests shorten delays and watch retries; nothing else needs to call this. */
export function configureWorkspaceClients(
  next: Partial<Omit<WorkspaceClientSettings, "retry">> & { retry?: Partial<RetryPolicy> },
): void {
  settings = { ...settings, ...next, retry: { ...settings.retry, ...next.retry } };
}
