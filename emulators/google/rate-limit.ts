import { type CountWindow, fixedWindow } from "../http/fixed-window";

/**
 * The Admin SDK Directory API quota: "Queries per minute per user: 2,400" per Google Cloud project
 * (developers.google.com/workspace/admin/directory/v1/limits). Going over it answers 429 rateLimitExceeded
 * (or 403 userRateLimitExceeded); Google documents no Retry-After for it, clients back off exponentially.
 *
 * Modelled as a fixed one-minute window per user and service account (the service account standing in for its
 * project; the user is the admin it acts as, whom the quota counts), counting Directory calls only: the token
 * endpoint and Site Verification have quotas of their own. Off unless a limit is given, so existing tests see the
 * emulator as before. `timeScale` shrinks the minute for benchmarks (0.1 → 6 s), as the Smartlead emulator's
 * limiter does.
 *
 * Not confirmed: the status. The limits page names 403 userRateLimitExceeded for this quota; reports of other
 * Google APIs over "Queries per minute per user" show 403 or 429 with reason rateLimitExceeded. The emulator
 * answers 429 rateLimitExceeded; mailinfra's client retries all of them alike (providers/workspace/retry-policy.ts).
 */

/** Whose quota a Directory query spends: the service account (its project) acting as one user. */
export function directoryQuotaUser(caller: { clientEmail: string; subject: string }): string {
  return `${caller.clientEmail} as ${caller.subject.toLowerCase()}`;
}
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
