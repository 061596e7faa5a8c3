/**
 * The most times that fall into any span of `spanMs` (a sliding window), from ascending times: how the rate-limit
 * tests count what a client sent or an emulator saw against a limit of N per window, whatever the window's phase.
 */
export function mostWithin(times: readonly number[], spanMs: number): number {
  let most = 0;
  for (let first = 0, last = 0; last < times.length; last++) {
    while (times[last]! - times[first]! >= spanMs) first++;
    most = Math.max(most, last - first + 1);
  }
  return most;
}
