import {
  type BudgetWindow,
  emptyLedger,
  type Ledger,
  mergeLedgers,
  nextSlot,
  pause,
  recheckPause,
  reserve,
  type Slot,
} from "./ledger";
import { budgetDirectoryVariable, type LedgerChange, type LedgerStore } from "./ledger-store";

/**
 * Errors that say the ledger's directory cannot be used (no retry helps): this process falls back to a ledger of
 * its own at once. Any other failure (ELOCKED after contention, EBUSY on rename, ENOSPC, a lost lock) is retried
 * first.
 */
const unusableDirectoryCodes = new Set([
  "EACCES",
  "EPERM",
  "EROFS",
  "ENOTDIR",
  "EISDIR",
  "ELOOP",
  "ENAMETOOLONG",
]);

/**
 * One API budget as a process uses it: calls go in arrival order, each after reserving its slot in the ledger
 * that every process using the same key shares (ledger.ts, ledger-store.ts) and waiting until that slot. One
 * reservation at a time per budget and process, made when the previous call's slot has come, so processes
 * interleave and no process holds more than one future slot: a process killed while waiting wastes one slot.
 */
export interface SharedBudgetOptions {
  /** What the service is called in messages. @example "Smartlead" */
  service: string;
  /** Every window a call must fit in, shortest first (the longest one that holds a call back is named). */
  windows: BudgetWindow[];
  /** Where the reservations are kept. @example fileLedgerStore(path, { report }) // shared by the machine */
  ledger: LedgerStore;
  /** Called when a call must wait for its slot; `queued` counts the calls waiting, this one included. */
  onWait?: (slot: Slot, queued: number) => void;
  /** Where lines meant for a person go (the ledger file unusable). */
  report: (line: string) => void;
  /** The waits before each retry of a ledger update that failed for a reason that may pass. @default [100, 400, 1600] */
  retryDelaysMs?: number[];
  /** How long this process keeps its own budget before it tries the shared ledger again. @default 60000 */
  fallbackMs?: number;
}

export class SharedBudget {
  /** Calls waiting for their turn: `latest` is the last slot time the caller accepts (Infinity: any). */
  private readonly waiting: { resolve: (granted: boolean) => void; latest: number }[] = [];
  private pumping = false;
  /** While the shared ledger cannot be used: this process's own ledger, and when to try the file again. */
  private fallback: { ledger: Ledger; retryAt: number } | undefined;

  constructor(private readonly options: SharedBudgetOptions) {}

  /**
   * Resolves true when the caller may send. With `latest` (epoch ms), resolves false at once, reserving nothing,
   * when the call's slot would come after it: a caller that must not wait for the hour (`npm run health`) learns
   * the budget is spent instead of waiting.
   */
  turn(latest = Number.POSITIVE_INFINITY): Promise<boolean> {
    return new Promise((resolve) => {
      this.waiting.push({ resolve, latest });
      void this.pump();
    });
  }

  /** Holds every call of every process on this budget until `until` (epoch ms): the service's Retry-After. */
  async pauseUntil(until: number): Promise<void> {
    await this.change((ledger) => ({ ledger: pause(ledger, until), result: undefined }));
  }

  private async pump(): Promise<void> {
    if (this.pumping) return;
    this.pumping = true;
    try {
      while (this.waiting.length > 0) {
        const { latest } = this.waiting[0]!;
        const slot = await this.change((ledger, now) => {
          if (nextSlot(ledger, this.options.windows, now).at > latest) return { ledger, result: undefined };
          const reserved = reserve(ledger, this.options.windows, now);
          return { ledger: reserved.ledger, result: reserved.slot };
        });
        if (!slot) {
          this.waiting.shift()!.resolve(false);
          continue;
        }
        let waited = await this.waitFor(slot);
        let granted = true;
        // A 429 answered to any process while this one waited pauses the key: the slot is given back and a new
        // one taken after the Retry-After, instead of sending into it; a caller whose `latest` that passes gets
        // nothing (the slot given back, no new one).
        while (waited) {
          const reserved = waited;
          const after = await this.change<Slot | "refused" | undefined>((ledger, now) => {
            const rechecked = recheckPause(ledger, this.options.windows, reserved.at, now);
            if (rechecked.slot && rechecked.slot.at > latest) {
              const reservations = [...ledger.reservations];
              const index = reservations.indexOf(reserved.at);
              if (index >= 0) reservations.splice(index, 1);
              return { ledger: { ...ledger, reservations }, result: "refused" as const };
            }
            return { ledger: rechecked.ledger, result: rechecked.slot };
          });
          if (after === "refused") {
            granted = false;
            break;
          }
          waited = after ? await this.waitFor(after) : undefined;
        }
        this.waiting.shift()!.resolve(granted);
      }
    } finally {
      this.pumping = false;
    }
  }

  /** Waits until `slot`; the slot when there was something to wait for, undefined when it had come. */
  private async waitFor(slot: Slot): Promise<Slot | undefined> {
    const waitMs = slot.at - Date.now();
    if (waitMs <= 0) return undefined;
    this.options.onWait?.(slot, this.waiting.length);
    await new Promise((resolve) => setTimeout(resolve, Math.ceil(waitMs)));
    return slot;
  }

  /**
   * A change of the shared ledger. A failure that may pass (ELOCKED, EBUSY, ENOSPC, a lost lock) is retried after
   * a short wait. When the directory cannot be used (EACCES, EROFS, ENOTDIR…) or the retries are spent, this
   * process goes on with a ledger of its own, says so, and tries the file again after `fallbackMs`; what it
   * reserved meanwhile is added to the file's ledger then.
   */
  private async change<T>(change: LedgerChange<T>): Promise<T> {
    const fallback = this.fallback;
    if (fallback && Date.now() < fallback.retryAt) return this.changeLocally(fallback, change);
    const withLocal: LedgerChange<T> = fallback
      ? (ledger, now) => change(mergeLedgers(ledger, fallback.ledger), now)
      : change;
    const delays = this.options.retryDelaysMs ?? [100, 400, 1_600];
    for (let attempt = 0; ; attempt++) {
      try {
        const result = await this.options.ledger.update(withLocal);
        this.fallback = undefined;
        return result;
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (attempt < delays.length && !unusableDirectoryCodes.has(code ?? "")) {
          await new Promise((resolve) => setTimeout(resolve, delays[attempt]));
          continue;
        }
        return this.fallBack(error, change);
      }
    }
  }

  private changeLocally<T>(fallback: { ledger: Ledger }, change: LedgerChange<T>): T {
    const next = change(fallback.ledger, Date.now());
    fallback.ledger = next.ledger;
    return next.result;
  }

  private fallBack<T>(error: unknown, change: LedgerChange<T>): T {
    const fallbackMs = this.options.fallbackMs ?? 60_000;
    this.fallback = {
      ledger: this.fallback?.ledger ?? emptyLedger(),
      retryAt: Date.now() + fallbackMs,
    };
    const where = this.options.ledger.where;
    this.options.report(
      `${this.options.service}: the API budget shared with other processes could not be used (${where}: ` +
        `${error instanceof Error ? error.message : String(error)}); this process keeps its own budget and tries ` +
        `again in ${Math.round(fallbackMs / 1000)} s, so parallel stacks on the same key may meet the service's ` +
        `rate limit meanwhile. Fix: point ${budgetDirectoryVariable} at a directory every stack's process can write.`,
    );
    return this.changeLocally(this.fallback, change);
  }
}
