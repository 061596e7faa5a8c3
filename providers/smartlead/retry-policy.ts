import { DelegateBackoff, handleWhen, type IRetryBackoffContext, retry } from "cockatiel";
import { isRetryable, SmartleadApiError } from "./smartlead-error";

export interface RetryOptions {
  /** Attempts in total, the first included. @default 6 */
  maxAttempts?: number;
  /** @default 1000 */
  initialDelayMs?: number;
  /** @default 60000 */
  maxDelayMs?: number;
}

/** Exponential backoff with jitter, never shorter than the Retry-After Smartlead sent with a 429. */
export function retryDelayMs(
  attempt: number,
  error: unknown,
  options: RetryOptions = {},
  random = Math.random,
): number {
  const initial = options.initialDelayMs ?? 1000;
  const max = options.maxDelayMs ?? 60_000;
  const exponential = Math.min(max, initial * 2 ** Math.max(0, attempt - 1));
  const jittered = exponential / 2 + (random() * exponential) / 2;
  const retryAfter = error instanceof SmartleadApiError ? (error.retryAfterMs ?? 0) : 0;
  return Math.max(jittered, Math.min(retryAfter, 5 * 60_000));
}

/** Retries 429, 5xx and network failures (timeouts, refused or dropped connections) with cockatiel. */
export function smartleadRetryPolicy(
  options: RetryOptions = {},
  onRetry?: (error: unknown, delayMs: number, attempt: number) => void,
) {
  const policy = retry(handleWhen(isRetryable), {
    maxAttempts: (options.maxAttempts ?? 6) - 1,
    backoff: new DelegateBackoff((context: IRetryBackoffContext<unknown>) => {
      const error = "error" in context.result ? context.result.error : undefined;
      return retryDelayMs(context.attempt, error, options);
    }),
  });
  if (onRetry) {
    policy.onRetry((event) =>
      onRetry("error" in event ? event.error : undefined, event.delay, event.attempt),
    );
  }
  return policy;
}
