import { type CountWindow, fixedWindow } from "../http/fixed-window";

/**
 * The Admin SDK Directory API quota: "Queries per minute per user: 2,400" per Google Cloud project
 * (developers.google.com/workspace/admin/directory/v1/limits). Going over it answers 429 rateLimitExceeded
 * (or 403 userRateLimitExceeded); Google documents no Retry-After for it, clients back off exponentially.
 *
 * Modelled as a fixed one-minute window per service account (the emulator's stand-in for a project), counting
 * Directory calls only: the token endpoint and Site Verification have quotas of their own. Off unless a limit
 * is given, so existing tests see the emulator as before. `timeScale` shrinks the minute for benchmarks
 * (0.1 → 6 s), as the Smartlead emulator's limiter does.
 */
export interface DirectoryQuotaOptions {
  /** Directory queries per minute and service account. @default undefined (no limit) */
  queriesPerMinute?: number;
  /** Real-time window length = 60 s × timeScale. @default 1 */
  timeScale?: number;
}

export class DirectoryQuota {
  private readonly windows = new Map<string, CountWindow>();
  queriesPerMinute: number | undefined;
  timeScale: number;

  constructor(
    options: DirectoryQuotaOptions = {},
    private readonly clock: () => number = Date.now,
  ) {
    this.queriesPerMinute = options.queriesPerMinute;
    this.timeScale = options.timeScale ?? 1;
  }

  get windowMs(): number {
    return 60_000 * this.timeScale;
  }

  /** Counts one query of `caller`; false when it is over the quota (and is refused, not counted). */
  take(caller: string): boolean {
    if (this.queriesPerMinute === undefined) return true;
    const now = this.clock();
    const window = fixedWindow(this.windows, caller, now, this.windowMs);
    if (window.count >= this.queriesPerMinute) return false;
    window.count += 1;
    return true;
  }

  reset(): void {
    this.windows.clear();
  }
}
