import { createHash } from "node:crypto";
import { mkdir, readFile, rename, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import lockfile from "proper-lockfile";
import { emptyLedger, type Ledger, parseLedger, serializeLedger } from "./ledger";

/**
 * Where a budget's ledger lives. Every process on the machine that uses the same key (each stack's
 * dynamic-provider process of a `fleet` run, a second `pulumi up` in another terminal) opens the same file,
 * named by a hash of the key's identity, never the key, under one directory:
 * `MAILINFRA_RATE_BUDGET_DIR`, or `mailinfra-rate-budget` in the system's temporary directory.
 */
export const budgetDirectoryVariable = "MAILINFRA_RATE_BUDGET_DIR";

export function budgetDirectory(env: NodeJS.ProcessEnv = process.env): string {
  return env[budgetDirectoryVariable] || join(tmpdir(), "mailinfra-rate-budget");
}

/** `<service>-<hash>.json`: which service is readable, which key is not. */
export function ledgerFileName(service: string, identity: string): string {
  const hash = createHash("sha256").update(identity).digest("hex").slice(0, 32);
  return `${service}-${hash}.json`;
}

/** One change of the ledger: the new ledger and what the caller gets back. */
export type LedgerChange<T> = (ledger: Ledger, now: number) => { ledger: Ledger; result: T };

/** Holds one budget's ledger; `update` is one step no other user of the same ledger interleaves with. */
export interface LedgerStore {
  update<T>(change: LedgerChange<T>): Promise<T>;
  /** For messages: the file, or "this process". */
  readonly where: string;
}

/** A ledger only this process sees: tests with a fake clock, and the fallback when the file cannot be used. */
export function memoryLedgerStore(): LedgerStore {
  let ledger = emptyLedger();
  return {
    where: "this process",
    async update(change) {
      const next = change(ledger, Date.now());
      ledger = next.ledger;
      return next.result;
    },
  };
}

export interface FileLedgerOptions {
  /** Where lines meant for a person go (a ledger rebuilt). */
  report: (line: string) => void;
  /**
   * After how long a lock whose holder stopped refreshing it (a process killed while holding it) is broken.
   * proper-lockfile's default (10 s); its floor is 2 s. Every process on the same file must use the same value.
   * @default 10000
   */
  staleMs?: number;
}

/**
 * The update lost the lock or the file changed under it: nothing was written, the caller may redo the update
 * (shared-budget.ts retries it).
 */
export class LedgerConflictError extends Error {
  readonly code = "ECOMPROMISED";
}

/**
 * The ledger file, read and rewritten under a proper-lockfile lock (a `<file>.lock` directory: mkdir is atomic on
 * local file systems). The holder keeps it a millisecond or two: read, compute, write to a temporary file, rename
 * over the ledger (a reader never sees half a file), unlock. A lock left by a killed process is broken once stale.
 * A ledger that cannot be parsed is rebuilt from the last ledger this process read, with a line saying so.
 *
 * A holder whose event loop stalls longer than `staleMs` (tsx compiling on first require on a loaded machine) may
 * have its lock broken by another process while it still means to write. proper-lockfile 4.1.2 (README,
 * "Compromised" and `onCompromised`, https://github.com/moxystudio/node-proper-lockfile#compromised) refreshes the
 * lock's mtime every `stale / 2` and calls `onCompromised` when a refresh fails or finds the mtime not its own;
 * its default `onCompromised` throws (and kills the process). Here a compromised lock, or a ledger file replaced
 * since it was read (each write is a rename: a new inode), fails the update before the rename with a
 * LedgerConflictError, so no reservation another process wrote meanwhile is overwritten; the caller redoes it.
 */
export function fileLedgerStore(path: string, options: FileLedgerOptions): LedgerStore {
  const staleMs = options.staleMs ?? 10_000;
  /** The last ledger read or written here: what an unreadable or deleted file is rebuilt from. */
  let lastSeen = emptyLedger();
  let directoryReady: Promise<unknown> | undefined;
  const temporary = `${path}.${process.pid}.tmp`;

  /** The file's inode now (undefined: no file): it changes with every write, ours or another process's. */
  async function identity(): Promise<number | undefined> {
    try {
      return (await stat(path)).ino;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
      throw error;
    }
  }

  async function read(): Promise<Ledger> {
    let text: string;
    try {
      text = await readFile(path, "utf8");
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return lastSeen;
      throw error;
    }
    const ledger = parseLedger(text);
    if (ledger) return ledger;
    options.report(
      `API budget: the ledger ${path} could not be read (${text.length} bytes, not a ledger); rebuilt from what ` +
        "this process last saw. Nothing to do: the run continues.",
    );
    return lastSeen;
  }

  return {
    where: path,
    async update(change) {
      // Not kept when it fails: a directory created or made writable later is used on a later update.
      directoryReady ??= mkdir(join(path, ".."), { recursive: true, mode: 0o700 }).catch((error) => {
        directoryReady = undefined;
        throw error;
      });
      await directoryReady;
      let compromised: Error | undefined;
      let release: () => Promise<void>;
      try {
        release = await lockfile.lock(path, {
          realpath: false,
          stale: staleMs,
          // Waits of a few milliseconds while another process holds the lock; long enough in all (about 20 s) to
          // outlast a stale lock. Gives up with ELOCKED, which the caller retries.
          retries: { retries: 1_000, minTimeout: 1, maxTimeout: 20, factor: 1.3, randomize: true },
          onCompromised: (error) => {
            compromised = error;
          },
        });
      } catch (error) {
        // The directory was removed since it was created here: create it again on the next update.
        if ((error as NodeJS.ErrnoException).code === "ENOENT") directoryReady = undefined;
        throw error;
      }
      try {
        const before = await identity();
        const ledger = await read();
        const next = change(ledger, Date.now());
        await writeFile(temporary, serializeLedger(next.ledger), { mode: 0o600 });
        const after = await identity();
        if (compromised || after !== before) {
          throw new LedgerConflictError(
            `the lock on ${path} was lost while this process held it (${compromised?.message ?? "the ledger was rewritten by another process"}); nothing written`,
          );
        }
        await rename(temporary, path);
        lastSeen = next.ledger;
        return next.result;
      } finally {
        await release().catch(() => undefined);
      }
    },
  };
}
