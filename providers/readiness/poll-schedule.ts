/**
 * How long to wait before asking a resolver again. The pause grows with the time already spent
 * (a tenth of it), between 200 ms and 10 s, so the gate notices a record within about 10% of the
 * wait so far: within a second early on, within 10 s after minutes. Jitter of ±20% keeps many
 * gates from asking the same resolver in lockstep.
 */
export function nextPollDelayMs(elapsedMs: number, random: () => number = Math.random): number {
  const base = Math.min(10_000, Math.max(200, elapsedMs / 10));
  const jitter = 0.8 + 0.4 * random();
  return Math.min(10_000, Math.round(base * jitter));
}
