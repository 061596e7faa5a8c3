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
  /**
   * How long a new mailbox may take to become usable (found by users.get with `isMailboxSetup` true) before the
   * create fails saying what blocks it. Google: most changes "take effect in a few minutes", some up to 24 hours
   * (https://support.google.com/a/answer/7514107); past this, `pulumi up` again picks the mailbox up.
   */
  mailboxSetupWaitMs: number;
  /** Backoff between those checks (full jitter, as retry-policy.ts; `retries` unused). */
  mailboxSetupPoll: RetryPolicy;
}

let settings: WorkspaceClientSettings = {
  retry: defaultRetryPolicy,
  timeoutMs: 30_000,
  mailboxSetupWaitMs: 180_000,
  mailboxSetupPoll: { retries: 0, baseDelayMs: 1_000, maxDelayMs: 15_000, maxRetryAfterMs: 0 },
};

export function clientSettings(): WorkspaceClientSettings {
  return settings;
}

/** Tests shorten delays and watch retries; nothing else needs to call this. */
export function configureWorkspaceClients(
  next: Partial<Omit<WorkspaceClientSettings, "retry" | "mailboxSetupPoll">> & {
    retry?: Partial<RetryPolicy>;
    mailboxSetupPoll?: Partial<RetryPolicy>;
  },
): void {
  settings = {
    ...settings,
    ...next,
    retry: { ...settings.retry, ...next.retry },
    mailboxSetupPoll: { ...settings.mailboxSetupPoll, ...next.mailboxSetupPoll },
  };
}
