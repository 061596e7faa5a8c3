import { providerSettings } from "../provider-settings";
import type { RetryObservation } from "./google-retry";
import { defaultRetryPolicy, type RetryPolicy } from "./retry-policy";

/**
 * What the Workspace providers take from their process (see ../provider-settings.ts): the Google client's retry
 * policy, per-request timeout, concurrency and retry observer, the wait for new mailboxes, where progress lines go. Read at
 * request time, so every call (token and API) in the process follows the same policy.
 */
export interface WorkspaceClientSettings {
  retry: RetryPolicy;
  timeoutMs: number;
  /** Concurrent HTTP requests to Google from this process (all resources, all endpoints, tokens included). @default 8 */
  concurrency: number;
  onRetry?: (observation: RetryObservation) => void;
  /**
   * How long a new mailbox may take to become usable (found by users.get with `isMailboxSetup` true) before the
   * create fails saying what blocks it. Google: most changes "take effect in a few minutes", some up to 24 hours
   * (https://support.google.com/a/answer/7514107); past this, `pulumi up` again picks the mailbox up.
   */
  mailboxSetupWaitMs: number;
  /** Backoff between those checks (full jitter, as retry-policy.ts; `retries` unused). */
  mailboxSetupPoll: RetryPolicy;
  /** Where progress lines go (domain verification). @default stderr of the provider process, which the engine shows */
  report: (line: string) => void;
}

export const workspaceSettings = providerSettings<WorkspaceClientSettings>({
  retry: defaultRetryPolicy,
  timeoutMs: 30_000,
  concurrency: 8,
  mailboxSetupWaitMs: 180_000,
  mailboxSetupPoll: { retries: 0, baseDelayMs: 1_000, maxDelayMs: 15_000, maxRetryAfterMs: 0 },
  report: (line) => {
    process.stderr.write(`${line}\n`);
  },
});

/** The settings in force now. */
export function clientSettings(): WorkspaceClientSettings {
  return workspaceSettings.current();
}
