import { mkdtempSync, rmSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { type BudgetWindow, emptyLedger, type Ledger, parseLedger } from "./ledger";
import { fileLedgerStore, type LedgerStore, memoryLedgerStore } from "./ledger-store";
import { SharedBudget } from "./shared-budget";

const windows: BudgetWindow[] = [{ requests: 1, intervalMs: 10_000 }];
const tenMinutes: BudgetWindow[] = [{ requests: 10, intervalMs: 600_000 }];

function failure(code: string): Error {
  return Object.assign(new Error(`${code}: simulated`), { code });
}

/** A store that fails with `failing()`'s code while it returns one; otherwise a ledger kept here ("the file"). */
function flakyStore(failing: () => string | undefined): LedgerStore & { ledger: Ledger } {
  const store = {
    where: "/budget/key.json",
    ledger: emptyLedger(),
    async update<T>(change: (ledger: Ledger, now: number) => { ledger: Ledger; result: T }): Promise<T> {
      const code = failing();
      if (code) throw failure(code);
      const next = change(store.ledger, Date.now());
      store.ledger = next.ledger;
      return next.result;
    },
  };
  return store;
}

describe("a ledger update that fails", () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "mailinfra-shared-budget-test-"));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it("once for a reason that passes (ELOCKED after contention) is retried: the reservation lands in the file", async () => {
    const path = join(dir, "key.json");
    const file = fileLedgerStore(path, { report: () => undefined });
    let failures = 1;
    const store: LedgerStore = {
      where: path,
      update: (change) => (failures-- > 0 ? Promise.reject(failure("ELOCKED")) : file.update(change)),
    };
    const lines: string[] = [];
    const budget = new SharedBudget({
      service: "Smartlead",
      windows: [{ requests: 10, intervalMs: 60_000 }],
      ledger: store,
      report: (l) => lines.push(l),
      retryDelaysMs: [1, 1, 1],
    });
    await budget.turn();
    expect(parseLedger(await readFile(path, "utf8"))?.reservations).toHaveLength(1);
    expect(lines).toEqual([]);
  });
});

describe("the shared budget on a fake clock", () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: new Date("2026-03-02T09:00:00Z") });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("falls back to its own ledger when the directory cannot be used, and returns to the file once it can", async () => {
    let broken = true;
    const store = flakyStore(() => (broken ? "EACCES" : undefined));
    const lines: string[] = [];
    const budget = new SharedBudget({
      service: "Smartlead",
      windows: tenMinutes,
      ledger: store,
      report: (l) => lines.push(l),
    });
    await budget.turn();
    await budget.turn();
    expect(store.ledger.reservations).toEqual([]);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain("Smartlead: the API budget shared with other processes could not be used");
    expect(lines[0]).toContain("tries again in 60 s");
    expect(lines[0]).toContain(
      "Fix: point MAILINFRA_RATE_BUDGET_DIR at a directory every stack's process can write",
    );

    broken = false;
    await vi.advanceTimersByTimeAsync(30_000);
    await budget.turn(); // still within the minute: this process's own ledger
    expect(store.ledger.reservations).toEqual([]);
    await vi.advanceTimersByTimeAsync(31_000);
    await budget.turn();
    // Back on the file, with the reservations made meanwhile that still count against its window.
    expect(store.ledger.reservations).toHaveLength(4);
    expect(lines).toHaveLength(1);
  });

  it("retries a failure that may pass (EBUSY) but falls back after the retries, and tries the file again later", async () => {
    let broken = true;
    const store = flakyStore(() => (broken ? "EBUSY" : undefined));
    const lines: string[] = [];
    const budget = new SharedBudget({
      service: "Smartlead",
      windows: tenMinutes,
      ledger: store,
      report: (l) => lines.push(l),
    });
    const first = budget.turn();
    await vi.advanceTimersByTimeAsync(2_100);
    await first;
    expect(lines).toEqual([expect.stringContaining("EBUSY: simulated")]);
    broken = false;
    await vi.advanceTimersByTimeAsync(60_000);
    await budget.turn();
    expect(store.ledger.reservations).toHaveLength(2);
  });

  it("does not send a waiting call into a pause another process set while it waited: it waits for the Retry-After", async () => {
    const shared = memoryLedgerStore(); // both processes' ledger
    const a = new SharedBudget({ service: "Smartlead", windows, ledger: shared, report: () => undefined });
    const b = new SharedBudget({ service: "Smartlead", windows, ledger: shared, report: () => undefined });
    const start = Date.now();
    const sentAt: number[] = [];
    const calls = [a.turn(), a.turn()].map((turn) => turn.then(() => sentAt.push(Date.now())));
    await vi.advanceTimersByTimeAsync(1_000);
    expect(sentAt).toEqual([start]); // the second call holds the slot at start + 10 s
    await b.pauseUntil(start + 30_000); // b got a 429 with Retry-After: 29 s
    await vi.advanceTimersByTimeAsync(40_000);
    await Promise.all(calls);
    expect(sentAt[1]).toBeGreaterThanOrEqual(start + 30_000);
  });
});

describe("a turn with a latest time (a reader that must not wait for the hour)", () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("is refused without waiting, reserving nothing, when the windows put its slot later; granted when it fits", async () => {
    const shared = memoryLedgerStore();
    const budget = new SharedBudget({
      service: "Smartlead",
      windows,
      ledger: shared,
      report: () => undefined,
    });
    expect(await budget.turn()).toBe(true); // the window's one call: the next slot is 10 s away
    // Resolves with no timer advanced: it did not wait for the slot.
    expect(await budget.turn(Date.now() + 1_000)).toBe(false);
    const reservations = await shared.update((ledger) => ({ ledger, result: ledger.reservations.length }));
    expect(reservations).toBe(1);
    const granted = budget.turn(Date.now() + 60_000);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(await granted).toBe(true);
  });

  it("is refused, its slot given back, when a pause another process set while it waited runs past its latest time", async () => {
    const shared = memoryLedgerStore();
    const a = new SharedBudget({ service: "Smartlead", windows, ledger: shared, report: () => undefined });
    const b = new SharedBudget({ service: "Smartlead", windows, ledger: shared, report: () => undefined });
    const start = Date.now();
    expect(await a.turn()).toBe(true);
    const bounded = a.turn(start + 20_000); // its slot, start + 10 s, fits
    await vi.advanceTimersByTimeAsync(1_000);
    await b.pauseUntil(start + 3_600_000); // a 429 with an hour's Retry-After, while it waits
    await vi.advanceTimersByTimeAsync(10_000);
    expect(await bounded).toBe(false);
    const reservations = await shared.update((ledger) => ({ ledger, result: ledger.reservations }));
    expect(reservations).toEqual([start]);
  });
});
