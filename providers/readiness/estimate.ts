/**
 * A rough time-to-ready: assumes the rest propagates at the pace seen so far. `done` and `needed`
 * count (record, resolver) answers that count toward the quorum. Undefined until something
 * appeared, since nothing can be inferred from silence.
 */
export function estimateRemainingMs(elapsedMs: number, done: number, needed: number): number | undefined {
  if (done <= 0 || needed <= 0) return undefined;
  if (done >= needed) return 0;
  return Math.round((elapsedMs * (needed - done)) / done);
}
