/**
 * How the HTML report writes values: times in UTC, to the minute or the day (a value that is not a time is
 * shown as given), shares as whole percents.
 */

function parsed(iso: string): Date | undefined {
  const t = new Date(iso);
  return Number.isNaN(t.getTime()) ? undefined : t;
}

/** "2026-11-28T06:00:00.000Z" → "2026-11-28 06:00 UTC". */
export function utcTime(iso: string): string {
  const t = parsed(iso);
  return t ? `${t.toISOString().slice(0, 16).replace("T", " ")} UTC` : iso;
}

/** "2026-11-21T00:00:00.000Z" → "2026-11-21" (a DMARC report period's day, UTC). */
export function utcDay(iso: string): string {
  const t = parsed(iso);
  return t ? t.toISOString().slice(0, 10) : iso;
}

/** A share 0–1 as a whole percent; "–" when it is not a number. */
export function percent(share: number): string {
  return Number.isFinite(share) ? `${Math.round(share * 100)} %` : "–";
}
