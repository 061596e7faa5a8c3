import { z } from "zod";

/**
 * The arithmetic of one API budget shared by every process that uses the same key: a list of reserved send times
 * (the ledger) and the windows a call must fit in. Pure: reading and writing the ledger under a lock is
 * ledger-file.ts, waiting for the slot is shared-budget.ts.
 *
 * A call reserves the earliest time at which every window still has room, counting every reservation in the
 * ledger, past or future, made by this process or another, then waits until that time. Windows are sliding:
 * never more than `requests` reservations in ANY `intervalMs` span, so whatever the phase of the service's own
 * windows (fixed or sliding), a budget with an interval at least the service's stays under its limit. A process
 * that dies holding reservations costs nothing but those slots: they leave the windows as time passes.
 */

/** At most `requests` calls in any span of `intervalMs`. */
export interface BudgetWindow {
  requests: number;
  intervalMs: number;
}

/** What the ledger file holds. Times are epoch milliseconds. */
export interface Ledger {
  /** Reserved send times, ascending. */
  reservations: number[];
  /** No call goes before this time: the service answered 429 with a Retry-After (0: no pause). */
  pausedUntil: number;
}

const ledgerSchema = z.object({
  version: z.literal(1),
  reservations: z.array(z.number().finite()),
  pausedUntil: z.number().finite(),
});

export function emptyLedger(): Ledger {
  return { reservations: [], pausedUntil: 0 };
}

/** When `window` lets the next call go, from ascending reservations (-Infinity: any time). */
function windowFreeAt(reservations: readonly number[], window: BudgetWindow): number {
  const count = reservations.length;
  return count >= window.requests ? reservations[count - window.requests]! + window.intervalMs : -Infinity;
}

/** The reservation a call gets, and which rule set its time. */
export interface Slot {
  at: number;
  /** The window that held the call back, "pause" for a Retry-After, undefined when the call may go now. */
  heldBy: BudgetWindow | "pause" | undefined;
}

/** The earliest time every window and the pause allow the next call, from `now` on. */
export function nextSlot(ledger: Ledger, windows: readonly BudgetWindow[], now: number): Slot {
  let slot: Slot = { at: now, heldBy: undefined };
  if (ledger.pausedUntil > now) slot = { at: ledger.pausedUntil, heldBy: "pause" };
  // On a tie the later window is named: the caller lists its windows shortest first, and the longest wait is news.
  for (const window of windows) {
    const at = windowFreeAt(ledger.reservations, window);
    if (at > now && at >= slot.at) slot = { at, heldBy: window };
  }
  return slot;
}

/**
 * Reserves the next slot: drops reservations that no window of `windows` can count any more (older than the
 * longest interval), appends the new one in order.
 */
export function reserve(
  ledger: Ledger,
  windows: readonly BudgetWindow[],
  now: number,
): { ledger: Ledger; slot: Slot } {
  const current = forget(ledger, windows, now);
  const slot = nextSlot(current, windows, now);
  const reservations = [...current.reservations];
  let index = reservations.length;
  while (index > 0 && reservations[index - 1]! > slot.at) index--;
  reservations.splice(index, 0, slot.at);
  return { ledger: { reservations, pausedUntil: current.pausedUntil }, slot };
}

/** Holds every call until `until` (a 429's Retry-After); an earlier pause never shortens a later one. */
export function pause(ledger: Ledger, until: number): Ledger {
  return { ...ledger, pausedUntil: Math.max(ledger.pausedUntil, until) };
}

/**
 * After a call waited for its slot at `reservedAt`: if a pause began meanwhile (another process got a 429 with a
 * Retry-After), the reservation is given back and a new one made after the pause (`slot`); otherwise the ledger
 * is unchanged and `slot` is undefined: the call may go.
 */
export function recheckPause(
  ledger: Ledger,
  windows: readonly BudgetWindow[],
  reservedAt: number,
  now: number,
): { ledger: Ledger; slot: Slot | undefined } {
  if (ledger.pausedUntil <= now) return { ledger, slot: undefined };
  const reservations = [...ledger.reservations];
  const index = reservations.indexOf(reservedAt);
  if (index >= 0) reservations.splice(index, 1);
  return reserve({ ...ledger, reservations }, windows, now);
}

/**
 * The file's ledger with what this process reserved while it could not use the file (merged when it can again),
 * so the reservations it made meanwhile still count against the shared windows.
 */
export function mergeLedgers(shared: Ledger, local: Ledger): Ledger {
  return {
    reservations: [...shared.reservations, ...local.reservations].sort((x, y) => x - y),
    pausedUntil: Math.max(shared.pausedUntil, local.pausedUntil),
  };
}

/** The ledger without reservations older than the longest window, and without a pause that has passed. */
function forget(ledger: Ledger, windows: readonly BudgetWindow[], now: number): Ledger {
  const longest = Math.max(0, ...windows.map((w) => w.intervalMs));
  return {
    reservations: ledger.reservations.filter((at) => at > now - longest),
    pausedUntil: ledger.pausedUntil > now ? ledger.pausedUntil : 0,
  };
}

/** The ledger as its file stores it; anything else in the file is refused by `ledgerSchema`. */
export function serializeLedger(ledger: Ledger): string {
  return JSON.stringify({ version: 1, ...ledger });
}

/** The ledger in `text`, or undefined when the text is not one (truncated, another version, not JSON). */
export function parseLedger(text: string): Ledger | undefined {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return undefined;
  }
  const parsed = ledgerSchema.safeParse(json);
  if (!parsed.success) return undefined;
  return {
    reservations: [...parsed.data.reservations].sort((x, y) => x - y),
    pausedUntil: parsed.data.pausedUntil,
  };
}
