import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { type SmartleadEmulator, start } from "../../emulators/smartlead";
import { mostWithin } from "../../test/support/sliding-window";
import { hourBudget, type RateLimit } from "./rate-limiter";

/**
 * Three OS processes (as three stacks' provider processes of a `fleet` run) call Smartlead with ONE API key.
 * The emulator enforces Smartlead's windows scaled down (timeScale 1/600: a 100 ms "minute", a 6 s "hour", a
 * 1.7 ms "second") and counted down (6 a minute, 36 an hour, 10 a second); each process's client is given a budget
 * that alone fits (2 per 150 ms: 33 per 9 s in its hour), so only sharing the budget keeps the three under the
 * key's hour. Clients do not retry: a 429 fails the call.
 *
 * The budget leaves a wide margin under the emulator's minute on purpose: the emulator counts a request when its
 * process gets to it, and on a loaded machine that process stalls for a few hundred milliseconds at times, then
 * counts the requests that waited as one burst. Smartlead's real minute is 600 times longer than these stalls.
 */
const timeScale = 1 / 600;
const budget: RateLimit = { requests: 2, intervalMs: 150 };
const emulatorLimits = { minute: 6, hour: 36, burst: 10 };
const minuteMs = 60_000 * timeScale;
const hourMs = 3_600_000 * timeScale;

let emulator: SmartleadEmulator | undefined;
const dirs: string[] = [];
const children: ChildProcessWithoutNullStreams[] = [];

afterEach(async () => {
  for (const child of children.splice(0)) child.kill("SIGKILL");
  await emulator?.stop();
  emulator = undefined;
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function budgetDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "mailinfra-budget-processes-"));
  dirs.push(dir);
  return dir;
}

/** A process with its own SmartleadClient; makes `calls` calls when told to go, prints the failures. */
function callerProcess(baseUrl: string, apiKey: string, calls: number, budgetDirectory: string) {
  const client = join(__dirname, "smartlead-client.ts");
  const script = `
    require("tsx/cjs/api").register();
    const { SmartleadClient } = require(${JSON.stringify(client)});
    const client = new SmartleadClient({
      apiKey: ${JSON.stringify(apiKey)},
      baseUrl: ${JSON.stringify(baseUrl)},
      rateLimit: ${JSON.stringify(budget)},
      retry: { maxAttempts: 1 },
    });
    // Node loads its fetch on the first call, tens of milliseconds that a 100 ms "minute" feels and Smartlead's
    // real minute does not: loaded before the run, on an address nothing listens on.
    fetch("http://127.0.0.1:9/").catch(() => console.log("ready"));
    process.stdin.once("data", async () => {
      const results = await Promise.allSettled(Array.from({ length: ${calls} }, () => client.listCampaigns()));
      const failed = results.filter((r) => r.status === "rejected").map((r) => String(r.reason.message));
      console.log(JSON.stringify({ failed }));
      process.exit(0);
    });`;
  const child = spawn(process.execPath, ["-e", script], {
    env: { ...process.env, MAILINFRA_RATE_BUDGET_DIR: budgetDirectory },
  });
  children.push(child);
  const lines: string[] = [];
  let buffered = "";
  const ready = new Promise<void>((resolve) => {
    child.stdout.on("data", (chunk: Buffer) => {
      buffered += chunk.toString();
      const parts = buffered.split("\n");
      buffered = parts.pop()!;
      for (const line of parts) {
        lines.push(line);
        if (line === "ready") resolve();
      }
    });
  });
  const done = new Promise<{ failed: string[] }>((resolve, reject) => {
    child.on("exit", (code) => {
      const summary = lines.find((line) => line.startsWith("{"));
      if (code === 0 && summary) resolve(JSON.parse(summary));
      else reject(new Error(`caller process exited ${code}: ${lines.join("\n")}`));
    });
  });
  return { ready, go: () => child.stdin.write("go\n"), done };
}

/** Runs three caller processes at once; their budget directories decide whether they share a ledger. */
async function runThree(callsEach: number, directories: string[]) {
  emulator = await start({ timeScale, rateLimit: emulatorLimits.minute, burstLimit: emulatorLimits.burst });
  emulator.rateLimiter.hour = emulatorLimits.hour;
  const callers = directories.map((dir) =>
    callerProcess(emulator!.baseUrl, emulator!.apiKey, callsEach, dir),
  );
  await Promise.all(callers.map((c) => c.ready));
  for (const caller of callers) caller.go();
  return Promise.all(callers.map((c) => c.done));
}

describe("one Smartlead key shared by three OS processes", () => {
  it("gets no 429 and stays within the key's minute and hour, the hour holding the processes back together", async () => {
    const shared = budgetDir();
    const results = await runThree(13, [shared, shared, shared]);

    expect(results.flatMap((r) => r.failed)).toEqual([]);
    const calls = emulator!.state.calls;
    expect(calls).toHaveLength(39);
    expect(calls.filter((c) => c.status === 429)).toEqual([]);
    const times = calls.map((c) => c.at).sort((a, b) => a - b);
    expect(mostWithin(times, minuteMs)).toBeLessThanOrEqual(emulatorLimits.minute);
    // 39 calls at the minute's pace alone would all fall into one 6 s hour (36): the hour held them back.
    expect(mostWithin(times, hourMs)).toBeLessThanOrEqual(emulatorLimits.hour);
    expect(hourBudget(budget).requests).toBe(33);
  });

  it("without a shared ledger (one directory each), the same three processes collect 429s", async () => {
    const results = await runThree(13, [budgetDir(), budgetDir(), budgetDir()]);
    expect(results.flatMap((r) => r.failed).length).toBeGreaterThan(0);
    expect(emulator!.state.calls.filter((c) => c.status === 429).length).toBeGreaterThan(0);
  });
});
