import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import lockfile from "proper-lockfile";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type SmartleadEmulator, start } from "../../emulators/smartlead";
import {
  accountList,
  fleetListingMaxAgeMs,
  fleetRunVariable,
  forgetFleetListings,
  newFleetRun,
} from "./fleet-account-listing";
import { SmartleadClient } from "./smartlead-client";

/**
 * A fleet's stacks share one Smartlead key. Within one `npm run fleet` command they share one account listing
 * (each stack's processes stand here for separate clients: nothing of the list is cached in this module's memory).
 */
const apiKey = "sl-fleet-SECRET-key";
let emulator: SmartleadEmulator;
let budgetDir: string;

beforeEach(async () => {
  emulator = await start({ apiKeys: [apiKey] });
  for (let i = 1; i <= 150; i++) emulator.state.addAccount({ fromEmail: `m${i}@fleet.test` });
  budgetDir = mkdtempSync(join(tmpdir(), "mailinfra-fleet-listing-"));
});
afterEach(async () => {
  await emulator.stop();
  rmSync(budgetDir, { recursive: true, force: true });
});

const client = () =>
  new SmartleadClient({ apiKey, baseUrl: emulator.baseUrl, retry: { initialDelayMs: 5, maxDelayMs: 20 } });
const listCalls = () => emulator.state.callCount("GET /email-accounts");
const fleetEnv = (run = newFleetRun()) => ({ [fleetRunVariable]: run, MAILINFRA_RATE_BUDGET_DIR: budgetDir });

describe("the account listing of a fleet run", () => {
  it("outside a fleet run every caller lists for itself", async () => {
    const env = { MAILINFRA_RATE_BUDGET_DIR: budgetDir };
    expect(await accountList(client(), { env })).toHaveLength(150);
    expect(await accountList(client(), { env })).toHaveLength(150);
    // Two pages (100 a call) each time.
    expect(listCalls()).toBe(4);
    expect(readdirSync(budgetDir)).toEqual([]);
  });

  it("within one run, the stacks after the first read its list: same accounts, no call", async () => {
    const env = fleetEnv();
    const first = await accountList(client(), { env });
    const second = await accountList(client(), { env });
    expect(listCalls()).toBe(2);
    expect(second).toEqual(first);
    expect(second.map((a) => a.from_email)).toContain("m150@fleet.test");
    expect(second.every((a) => Array.isArray(a.campaign_ids))).toBe(true);
  });

  it("stacks that ask at the same moment wait for one fetch", async () => {
    const env = fleetEnv();
    const lists = await Promise.all([1, 2, 3, 4].map(() => accountList(client(), { env })));
    expect(lists.map((l) => l.length)).toEqual([150, 150, 150, 150]);
    expect(listCalls()).toBe(2);
  });

  it("another fleet run, or a list a minute old, is listed afresh", async () => {
    let now = Date.now();
    const env = fleetEnv();
    await accountList(client(), { env, now: () => now });
    await accountList(client(), { env: fleetEnv(), now: () => now });
    expect(listCalls()).toBe(4);
    now += fleetListingMaxAgeMs - 1;
    await accountList(client(), { env, now: () => now });
    expect(listCalls()).toBe(4);
    now += 1;
    emulator.state.addAccount({ fromEmail: "late@fleet.test" });
    const later = await accountList(client(), { env, now: () => now });
    expect(listCalls()).toBe(6);
    expect(later.map((a) => a.from_email)).toContain("late@fleet.test");
  });

  it("a process that wrote through the key since the list was taken lists afresh, and shares that list", async () => {
    const env = fleetEnv();
    await accountList(client(), { env });
    const writer = client();
    const account = emulator.state.findByEmail("m1@fleet.test")!;
    await writer.setWarmup(account.id, { warmup_enabled: false });
    const seen = await accountList(writer, { env });
    expect(listCalls()).toBe(4);
    expect(seen.find((a) => a.id === account.id)?.warmup_details?.status).toBe("INACTIVE");
  });

  it("another process of the run reads the list a first one shared; after its own write it lists afresh", async () => {
    const env = fleetEnv();
    await accountList(client(), { env });
    expect(listCalls()).toBe(2);
    const script = join(budgetDir, "stack-process.ts");
    writeFileSync(
      script,
      `import { accountList } from ${JSON.stringify(join(__dirname, "fleet-account-listing.ts"))};
import { SmartleadClient } from ${JSON.stringify(join(__dirname, "smartlead-client.ts"))};
const client = new SmartleadClient({ apiKey: ${JSON.stringify(apiKey)}, baseUrl: ${JSON.stringify(emulator.baseUrl)} });
(async () => {
  if (process.argv[2]) await client.setWarmup(Number(process.argv[2]), { warmup_enabled: false });
  console.log((await accountList(client)).length);
})();
`,
    );
    // Run asynchronously: the emulator answering it lives in this process.
    const stackProcess = async (...args: string[]) =>
      (
        await promisify(execFile)(process.execPath, ["--import", "tsx", script, ...args], {
          env: { ...process.env, ...env },
          encoding: "utf8",
        })
      ).stdout.trim();
    expect(await stackProcess()).toBe("150");
    expect(listCalls()).toBe(2);
    const m1 = emulator.state.findByEmail("m1@fleet.test")!;
    expect(await stackProcess(String(m1.id))).toBe("150");
    expect(listCalls()).toBe(4);
    // The process that wrote shared what it listed after its write: this one, which wrote nothing, reads it.
    const seen = await accountList(client(), { env });
    expect(listCalls()).toBe(4);
    expect(seen.find((a) => a.id === m1.id)?.warmup_details?.status).toBe("INACTIVE");
  });

  it("waits for another process's fetch at most its own bound, then takes that list or lists alone", async () => {
    let now = Date.now();
    const env = fleetEnv();
    await accountList(client(), { env, now: () => now });
    const [file] = readdirSync(budgetDir).filter((name) => name.endsWith(".json"));
    const listing = join(budgetDir, file!);
    // Another process holds the lock (its fetch is slow), and the shared list is out of date.
    const release = await lockfile.lock(listing, { realpath: false });
    try {
      now += fleetListingMaxAgeMs;
      const started = Date.now();
      expect(await accountList(client(), { env, now: () => now, maxWaitMs: 1200 })).toHaveLength(150);
      expect(Date.now() - started).toBeLessThan(5_000);
      // Listed alone.
      expect(listCalls()).toBe(4);
      // The holder shares a list while this process waits: taken, no call.
      const waiting = accountList(client(), { env, now: () => now, maxWaitMs: 1200 });
      writeFileSync(
        listing,
        JSON.stringify({ takenAt: now, accounts: JSON.parse(readFileSync(listing, "utf8")).accounts }),
      );
      expect(await waiting).toHaveLength(150);
      expect(listCalls()).toBe(4);
    } finally {
      await release();
    }
  });

  it("the shared file is this user's alone, holds no key, and is removed when the fleet run ends", async () => {
    const run = newFleetRun();
    const env = fleetEnv(run);
    await accountList(client(), { env });
    const files = readdirSync(budgetDir).filter((name) => name.endsWith(".json"));
    expect(files).toHaveLength(1);
    const file = join(budgetDir, files[0]!);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, "utf8")).not.toContain(apiKey);
    await forgetFleetListings(run, env);
    expect(readdirSync(budgetDir)).toEqual([]);
  });

  it("a budget directory it cannot use only means listing alone", async () => {
    const env = { ...fleetEnv(), MAILINFRA_RATE_BUDGET_DIR: join(budgetDir, "file") };
    rmSync(budgetDir, { recursive: true, force: true });
    // A file where the directory should be.
    mkdirSync(budgetDir);
    writeFileSync(join(budgetDir, "file"), "");
    expect(await accountList(client(), { env })).toHaveLength(150);
    expect(await accountList(client(), { env })).toHaveLength(150);
    expect(listCalls()).toBe(4);
  });
});
