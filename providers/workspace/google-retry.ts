import type { Common } from "googleapis";
import { isRetryableFailure, type RetryPolicy, retryDelayMs } from "./retry-policy";

/**
 * Plugs mailinfra's retry policy into googleapis' own retry machinery (Gaxios `retryConfig`), which
 * re-sends the same request and keeps the attempt count on the error. Chosen over wrapping calls in
 * p-retry because it also covers the token request and needs no second copy of each call; Gaxios' stock
 * backoff ignores Retry-After and has no jitter, so the delay and the retry decision come from
 * retry-policy.ts through the `shouldRetry` and `retryBackoff` hooks.
 */

export interface RetryObservation {
  attempt: number;
  delayMs: number;
  status?: number;
  reason?: string;
  method: string;
  url: string;
}

export function errorReasons(error: Common.GaxiosError): string[] {
  const data = error.response?.data as { error?: { errors?: { reason?: string }[] } } | undefined;
  return (data?.error?.errors ?? []).map((item) => item.reason ?? "").filter(Boolean);
}

/** Google's `error.message` from the JSON envelope, or "". */
export function errorMessage(error: Common.GaxiosError): string {
  const data = error.response?.data as { error?: { message?: unknown } } | undefined;
  return typeof data?.error?.message === "string" ? data.error.message : "";
}

/** How many times Gaxios already retried the request that ended in this error. */
export function retriesMade(error: unknown): number {
  const config = (error as { config?: { retryConfig?: { currentRetryAttempt?: number } } })?.config;
  return config?.retryConfig?.currentRetryAttempt ?? 0;
}

function retryAfterHeader(error: Common.GaxiosError): string | null {
  const headers = error.response?.headers as Headers | Record<string, string> | undefined;
  if (!headers) return null;
  if (typeof (headers as Headers).get === "function") return (headers as Headers).get("retry-after");
  return (headers as Record<string, string>)["retry-after"] ?? null;
}

export function googleRetryConfig(
  policy: RetryPolicy,
  onRetry?: (observation: RetryObservation) => void,
): Common.RetryConfig {
  return {
    retry: policy.retries,
    noResponseRetries: policy.retries,
    // Inserts are retried too: the callers make a repeated insert safe (a 409 after a retry is checked).
    httpMethodsToRetry: ["GET", "HEAD", "PUT", "PATCH", "DELETE", "POST", "OPTIONS"],
    shouldRetry: (error) => {
      const config = error.config?.retryConfig;
      if (!config) return false;
      if (error.code === "AbortError") return false;
      if ((config.currentRetryAttempt ?? 0) >= policy.retries) return false;
      return isRetryableFailure(error.response?.status, errorReasons(error), errorMessage(error));
    },
    retryBackoff: async (error) => {
      const attempt = error.config?.retryConfig?.currentRetryAttempt ?? 1;
      const delayMs = retryDelayMs(attempt, retryAfterHeader(error), policy);
      onRetry?.({
        attempt,
        delayMs,
        status: error.response?.status,
        reason: errorReasons(error)[0] ?? (error.response ? undefined : (error.code ?? error.message)),
        method: String(error.config?.method ?? "GET"),
        url: String(error.config?.url ?? ""),
      });
      await new Promise((resolve) => setTimeout(resolve, delayMs));
    },
  };
}
