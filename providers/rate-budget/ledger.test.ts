import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { mostWithin } from "../../test/support/sliding-window";
import {
  type BudgetWindow,
  emptyLedger,
  type Ledger,
  nextSlot,
  parseLedger,
  pause,
  reserve,
  serializeLedger,
} from "./ledger";

const minute: BudgetWindow = { requests: 3, intervalMs: 1_000 };
const spacing: BudgetWindow = { requests: 1, intervalMs: 100 };
const hour: BudgetWindow = { requests: 5, intervalMs: 10_000 };

/** `count` calls that all ask for a slot at `now`, as processes queued behind one lock do. */
function reserveAll(ledger: Ledger, windows: BudgetWindow[], count: number, now: number) {
  const slots = [];
  for (let i = 0; i < count; i++) {
    const reserved = reserve(ledger, windows, now);
    ledger = reserved.ledger;
    slots.push(reserved.slot);
  }
  return { ledger, slots };
}

describe("a shared budget's ledger", () => {
  it("lets the first calls go at once, then each when the window that holds it back frees a slot", () => {
    const { slots } = reserveAll(emptyLedger(), [minute, spacing, hour], 7, 50_000);
    expect(slots.map((s) => s.at - 50_000)).toEqual([0, 100, 200, 1_000, 1_100, 10_000, 10_100]);
    expect(slots.map((s) => s.heldBy)).toEqual([undefined, spacing, spacing, minute, spacing, hour, hour]);
  });

  it("counts reservations other processes made, in the past and in the future", () => {
    const theirs: Ledger = { reservations: [9_500, 9_900, 10_400], pausedUntil: 0 };
    // At 10,000 the minute holds 9,500, 9,900 and the future 10,400: the next slot is 9,500 + 1 s.
    expect(nextSlot(theirs, [minute], 10_000)).toEqual({ at: 10_500, heldBy: minute });
    // Once 9,500 is older than the minute, a call goes at once, the future reservation notwithstanding.
    expect(nextSlot(theirs, [minute], 10_600)).toEqual({ at: 10_600, heldBy: undefined });
  });

  it("holds every call until a 429's Retry-After has passed; an earlier pause does not shorten it", () => {
    let ledger = pause(emptyLedger(), 20_000);
    ledger = pause(ledger, 15_000);
    expect(nextSlot(ledger, [minute], 12_000)).toEqual({ at: 20_000, heldBy: "pause" });
    expect(nextSlot(ledger, [minute], 21_000)).toEqual({ at: 21_000, heldBy: undefined });
  });

  it("forgets reservations no window counts any more, and a pause that has passed", () => {
    const { ledger } = reserveAll(pause(emptyLedger(), 5), [minute, hour], 5, 0);
    const later = reserve(ledger, [minute, hour], 60_000).ledger;
    expect(later).toEqual({ reservations: [60_000], pausedUntil: 0 });
  });

  it("never lets more calls than a window allows into any span of its interval, whatever the arrivals", () => {
    const windows = [minute, spacing, hour];
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 3_000 }), { maxLength: 60 }), (gaps) => {
        let ledger = emptyLedger();
        let now = 1_000_000;
        const slots: number[] = [];
        for (const gap of gaps) {
          now += gap;
          const reserved = reserve(ledger, windows, now);
          ledger = reserved.ledger;
          slots.push(reserved.slot.at);
          expect(reserved.slot.at).toBeGreaterThanOrEqual(now);
        }
        for (const window of windows) {
          expect(mostWithin(slots, window.intervalMs)).toBeLessThanOrEqual(window.requests);
        }
      }),
    );
  });

  it("reads back what it wrote, and refuses a file that is not a ledger (truncated, other shape, not JSON)", () => {
    const ledger: Ledger = { reservations: [1, 2, 3], pausedUntil: 9 };
    const text = serializeLedger(ledger);
    expect(parseLedger(text)).toEqual(ledger);
    expect(parseLedger(text.slice(0, text.length - 3))).toBeUndefined();
    expect(parseLedger(JSON.stringify({ version: 2, reservations: [], pausedUntil: 0 }))).toBeUndefined();
    expect(parseLedger(JSON.stringify({ version: 1, reservations: ["x"], pausedUntil: 0 }))).toBeUndefined();
    expect(parseLedger("")).toBeUndefined();
    expect(parseLedger(JSON.stringify({ version: 1, reservations: [3, 1, 2], pausedUntil: 0 }))).toEqual({
      reservations: [1, 2, 3],
      pausedUntil: 0,
    });
  });
});
