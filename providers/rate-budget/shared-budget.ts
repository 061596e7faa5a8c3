import { type BudgetWindow, pause, reserve, type Slot } from "./ledger";
import {
  budgetDirectoryVariable,
  type LedgerChange,
  type LedgerStore,
  memoryLedgerStore,
} from "./ledger-store";

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
}

export class SharedBudget {
  private readonly waiting: (() => void)[] = [];
  private pumping = false;
  private ledger: LedgerStore;

  constructor(private readonly options: SharedBudgetOptions) {
    this.ledger = options.ledger;
  }

  /** Resolves when the caller may send. */
  turn(): Promise<void> {
    return new Promise((resolve) => {
      this.waiting.push(resolve);
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
        const slot = await this.change((ledger, now) => {
          const reserved = reserve(ledger, this.options.windows, now);
          return { ledger: reserved.ledger, result: reserved.slot };
        });
        const waitMs = slot.at - Date.now();
        if (waitMs > 0) {
          this.options.onWait?.(slot, this.waiting.length);
          await new Promise((resolve) => setTimeout(resolve, Math.ceil(waitMs)));
        }
        this.waiting.shift()!();
      }
    } finally {
      this.pumping = false;
    }
  }

  /**
   * A change of the shared ledger; if the ledger file cannot be used at all (a directory that cannot be
   * written, a lock that never frees), this process goes on with a ledger of its own and says so once.
   */
  private async change<T>(change: LedgerChange<T>): Promise<T> {
    try {
      return await this.ledger.update(change);
    } catch (error) {
      const where = this.ledger.where;
      this.ledger = memoryLedgerStore();
      this.options.report(
        `${this.options.service}: the API budget shared with other processes could not be used (${where}: ` +
          `${error instanceof Error ? error.message : String(error)}); this process keeps its own budget from now on, ` +
          "so parallel stacks on the same key may meet the service's rate limit. Fix: point " +
          `${budgetDirectoryVariable} at a directory every stack's process can write.`,
      );
      return this.ledger.update(change);
    }
  }
}
