import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type BudgetWindow, parseLedger, reserve } from "./ledger";
import { budgetDirectory, fileLedgerStore, ledgerFileName } from "./ledger-store";
import { SharedBudget } from "./shared-budget";

const windows: BudgetWindow[] = [{ requests: 100, intervalMs: 60_000 }];
const reserveOne = (ledger: Parameters<typeof reserve>[0], now: number) => {
  const reserved = reserve(ledger, windows, now);
  return { ledger: reserved.ledger, result: reserved.slot.at };
};

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "mailinfra-budget-test-"));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe("the ledger file", () => {
  it("is named by a hash of the key's identity, never the key, under MAILINFRA_RATE_BUDGET_DIR", () => {
    const name = ledgerFileName("smartlead", "https://server.smartlead.ai/api/v1#0123456789abcdef");
    expect(name).toMatch(/^smartlead-[0-9a-f]{32}\.json$/);
    expect(name).not.toContain("0123456789abcdef");
    expect(budgetDirectory({ MAILINFRA_RATE_BUDGET_DIR: dir })).toBe(dir);
    expect(budgetDirectory({})).toBe(join(tmpdir(), "mailinfra-rate-budget"));
  });

  it("keeps every reservation two stores of the same file make", async () => {
    const path = join(dir, "sub", "key.json");
    const lines: string[] = [];
    const a = fileLedgerStore(path, { report: (l) => lines.push(l) });
    const b = fileLedgerStore(path, { report: (l) => lines.push(l) });
    await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? a : b).update(reserveOne)));
    expect(parseLedger(await readFile(path, "utf8"))?.reservations).toHaveLength(20);
    expect(lines).toEqual([]);
  });

  it("is rebuilt from what this process last saw when it cannot be read, with a line saying so", async () => {
    const path = join(dir, "key.json");
    const lines: string[] = [];
    const store = fileLedgerStore(path, { report: (l) => lines.push(l) });
    await store.update(reserveOne);
    await store.update(reserveOne);
    writeFileSync(path, '{"version":1,"reservations":[17'); // a writer killed half-way (not ours: we rename)
    await store.update(reserveOne);
    expect(parseLedger(await readFile(path, "utf8"))?.reservations).toHaveLength(3);
    expect(lines).toEqual([expect.stringContaining(`the ledger ${path} could not be read`)]);
  });

  it("is not blocked by a lock its holder left when it was killed: the stale lock is broken", async () => {
    const path = join(dir, "key.json");
    // Another process takes the lock and is killed while holding it (SIGKILL: no exit handler runs).
    const holder = spawn(
      process.execPath,
      [
        "-e",
        `require("proper-lockfile").lock(${JSON.stringify(path)}, { realpath: false, stale: 2000 })` +
          `.then(() => { console.log("locked"); setInterval(() => {}, 1000); });`,
      ],
      { stdio: ["ignore", "pipe", "inherit"] },
    );
    await new Promise<void>((resolve) => holder.stdout.on("data", () => resolve()));
    holder.kill("SIGKILL");
    await new Promise((resolve) => holder.on("exit", resolve));
    expect(existsSync(`${path}.lock`)).toBe(true);

    const store = fileLedgerStore(path, { report: () => undefined, staleMs: 2_000 });
    await expect(store.update(reserveOne)).resolves.toBeTypeOf("number");
    expect(parseLedger(await readFile(path, "utf8"))?.reservations).toHaveLength(1);
    expect(existsSync(`${path}.lock`)).toBe(false);
  });

  it("that cannot be written at all leaves the process its own budget, with a line that says how to fix it", async () => {
    const notADirectory = join(dir, "file");
    writeFileSync(notADirectory, "");
    const lines: string[] = [];
    const budget = new SharedBudget({
      service: "Smartlead",
      windows,
      ledger: fileLedgerStore(join(notADirectory, "key.json"), { report: (l) => lines.push(l) }),
      report: (l) => lines.push(l),
    });
    await budget.turn();
    await budget.turn();
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain("Smartlead: the API budget shared with other processes could not be used");
    expect(lines[0]).toContain(
      "Fix: point MAILINFRA_RATE_BUDGET_DIR at a directory every stack's process can write",
    );
  });
});

describe("an update of the ledger file", () => {
  it("whose file another process rewrote meanwhile (its lock lost) writes nothing and fails, to be redone", async () => {
    const path = join(dir, "key.json");
    const store = fileLedgerStore(path, { report: () => undefined });
    await store.update(reserveOne);
    const other = join(dir, "other.json");
    // The other process's write lands while this one computes (a rename, as fileLedgerStore writes).
    const update = store.update((ledger, now) => {
      writeFileSync(other, '{"version":1,"reservations":[1,2,3],"pausedUntil":0}');
      renameSync(other, path);
      return reserveOne(ledger, now);
    });
    await expect(update).rejects.toMatchObject({ code: "ECOMPROMISED" });
    expect(parseLedger(await readFile(path, "utf8"))?.reservations).toEqual([1, 2, 3]);
    expect(existsSync(`${path}.lock`)).toBe(false);
  });
});
