import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { SMARTLEAD_RATE_LIMITS } from "../providers/smartlead/limits";
import { listPageSize } from "../providers/smartlead/smartlead-client";
import { DEFAULT_WARMUP_STATS_PER_RUN, runsPerRound, utcDay, warmupStatsTurn } from "./warmup-stats-budget";

describe("the warmup-stats budget of a health run", () => {
  it("500 domains × 3 mailboxes: the run's calls stay within a quarter of Smartlead's hour and leave the rest to up", () => {
    const mailboxes = 1_500;
    const listing = Math.floor(mailboxes / listPageSize) + 1; // pages until a short (here empty) one
    const calls =
      listing +
      warmupStatsTurn(
        Array.from({ length: mailboxes }, (_, i) => i + 1),
        DEFAULT_WARMUP_STATS_PER_RUN,
        0,
      ).size;
    expect(DEFAULT_WARMUP_STATS_PER_RUN).toBe(250);
    expect(calls).toBe(266);
    expect(calls).toBeLessThan(SMARTLEAD_RATE_LIMITS.hour.requests * 0.3);
    expect(runsPerRound(mailboxes, DEFAULT_WARMUP_STATS_PER_RUN)).toBe(6);
  });

  it("takes every account when they fit, none with a limit of 0, duplicates once", () => {
    expect([...warmupStatsTurn([3, 1, 2, 2], 10, 5)].sort()).toEqual([1, 2, 3]);
    expect(warmupStatsTurn([1, 2, 3], 0, 5).size).toBe(0);
    expect(runsPerRound(3, 0)).toBe(Number.POSITIVE_INFINITY);
  });

  it("property: a day's turn has exactly min(limit, n) accounts, and any ⌈n / limit⌉ consecutive days cover them all", () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 1, max: 100_000 }), { minLength: 1, maxLength: 300 }),
        fc.integer({ min: 1, max: 400 }),
        fc.integer({ min: 0, max: 40_000 }),
        (ids, limit, firstDay) => {
          const rounds = runsPerRound(ids.length, limit);
          const seen = new Set<number>();
          for (let day = firstDay; day < firstDay + rounds; day++) {
            const turn = warmupStatsTurn(ids, limit, day);
            expect(turn.size).toBe(Math.min(limit, ids.length));
            for (const id of turn) seen.add(id);
          }
          expect(seen.size).toBe(ids.length);
        },
      ),
    );
  });

  it("the rotation's day is the UTC day", () => {
    expect(utcDay(new Date("2026-11-28T00:00:00Z"))).toBe(utcDay(new Date("2026-11-28T23:59:59Z")));
    expect(utcDay(new Date("2026-11-29T00:00:00Z")) - utcDay(new Date("2026-11-28T12:00:00Z"))).toBe(1);
  });
});
