import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type EmulatedWorkspace, startEmulatedWorkspace } from "../../emulators/google/workspace-fixture";
import { parseLedger } from "../rate-budget/ledger";
import { workspaceSettings } from "./client-settings";
import {
  DIRECTORY_QUOTA,
  defaultDirectoryBudget,
  directoryBudgetVariable,
  directoryBudgetWindow,
  isDirectoryQuery,
} from "./directory-budget";
import { getUser } from "./directory-users";
import { getDnsTxtToken } from "./site-verification";
import { workspaceClient } from "./workspace-client";

describe("the Directory API budget's settings", () => {
  it("defaults to a share under Google's 2,400 queries per minute per user", () => {
    expect(DIRECTORY_QUOTA).toEqual({ requests: 2_400, windowMs: 60_000 });
    expect(directoryBudgetWindow({})).toEqual(defaultDirectoryBudget);
    expect(defaultDirectoryBudget.requests).toBeLessThan(DIRECTORY_QUOTA.requests);
    expect(defaultDirectoryBudget.intervalMs).toBeGreaterThan(DIRECTORY_QUOTA.windowMs);
  });

  it("takes another budget from MAILINFRA_GOOGLE_DIRECTORY_BUDGET, and names the variable and the fix when it is not one", () => {
    const env = (value: string) => ({ [directoryBudgetVariable]: value });
    expect(directoryBudgetWindow(env('{"requests":4500,"intervalMs":61000}'))).toEqual({
      requests: 4500,
      intervalMs: 61000,
    });
    for (const wrong of ["4500", '{"requests":0,"intervalMs":61000}', '{"requests":10}', "{"]) {
      expect(() => directoryBudgetWindow(env(wrong))).toThrow(
        /^MAILINFRA_GOOGLE_DIRECTORY_BUDGET is not a budget .*Fix: set it to JSON with whole positive numbers, e\.g\. '\{"requests":2200,"intervalMs":61000\}'/,
      );
    }
  });

  it("counts Directory queries only: not the token endpoint, not Site Verification", () => {
    expect(isDirectoryQuery("https://admin.googleapis.com/admin/directory/v1/users/ana%40acme.test")).toBe(
      true,
    );
    expect(isDirectoryQuery(new URL("http://127.0.0.1:4000/admin/directory/v1/customer/C01/domains"))).toBe(
      true,
    );
    expect(isDirectoryQuery("https://oauth2.googleapis.com/token")).toBe(false);
    expect(isDirectoryQuery("https://www.googleapis.com/siteVerification/v1/token")).toBe(false);
    expect(isDirectoryQuery(undefined)).toBe(false);
  });
});

/**
 * The Google client against the emulator with its per-user quota counted down and its minute scaled
 * (4 queries per 100 ms), and a budget that fits it (2 per 300 ms): queries wait for their slot instead of
 * collecting 429s. The margin is wide for the same reason as in the Smartlead processes test: the emulator counts
 * a query when its (loaded) process gets to it.
 */
describe("Google Directory queries under the shared budget", () => {
  let world: EmulatedWorkspace;
  let budgetDir: string;
  let restoreSettings: () => void;
  const saved = { budget: process.env[directoryBudgetVariable], dir: process.env.MAILINFRA_RATE_BUDGET_DIR };

  beforeAll(async () => {
    budgetDir = mkdtempSync(join(tmpdir(), "mailinfra-directory-budget-"));
    process.env.MAILINFRA_RATE_BUDGET_DIR = budgetDir;
    restoreSettings = workspaceSettings.use({
      retry: { retries: 2, baseDelayMs: 5, maxDelayMs: 20, maxRetryAfterMs: 1_000 },
    });
    world = await startEmulatedWorkspace({ directoryQueriesPerMinute: 4, timeScale: 1 / 600 });
  });
  afterEach(() => {
    world.google.state.clearCalls();
  });
  afterAll(async () => {
    restoreSettings();
    await world.stop();
    rmSync(budgetDir, { recursive: true, force: true });
    for (const [name, value] of [
      [directoryBudgetVariable, saved.budget],
      ["MAILINFRA_RATE_BUDGET_DIR", saved.dir],
    ] as const) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  });

  it("wait for their slot instead of collecting 429s", async () => {
    process.env[directoryBudgetVariable] = JSON.stringify({ requests: 2, intervalMs: 300 });
    const client = workspaceClient(world.connection);
    await Promise.all(Array.from({ length: 10 }, () => getUser(client, world.google.adminEmail)));
    const state = world.google.state;
    expect(state.callCount("directory.users.get", { status: 200 })).toBe(10);
    expect(state.calls.filter((c) => c.fault === "rateLimit")).toEqual([]);
  });

  it("take a slot in one ledger per service account and admin; the token and Site Verification take none", async () => {
    // A budget whose window keeps every reservation for the test's length, in a directory of its own; the
    // emulator's quota off, so that no query is retried (each attempt takes a slot).
    world.google.quota.queriesPerMinute = undefined;
    process.env.MAILINFRA_RATE_BUDGET_DIR = join(budgetDir, "count");
    process.env[directoryBudgetVariable] = JSON.stringify({ requests: 1_000, intervalMs: 600_000 });
    world.addDomain("budget.example.com");
    const client = workspaceClient(world.connection);
    await Promise.all([
      ...Array.from({ length: 10 }, () => getUser(client, world.google.adminEmail)),
      ...Array.from({ length: 6 }, () => getDnsTxtToken(client, "budget.example.com")),
    ]);
    expect(world.google.state.callCount("siteVerification.webResource.getToken", { status: 200 })).toBe(6);
    const ledgers = readdirSync(join(budgetDir, "count")).filter((f) => f.endsWith(".json"));
    expect(ledgers).toEqual([expect.stringMatching(/^google-directory-[0-9a-f]{32}\.json$/)]);
    const ledger = parseLedger(readFileSync(join(budgetDir, "count", ledgers[0]!), "utf8"));
    expect(ledger?.reservations).toHaveLength(10);
    process.env.MAILINFRA_RATE_BUDGET_DIR = budgetDir;
    world.google.quota.queriesPerMinute = 4;
  });

  it("without a budget that fits (one of 1,000 a millisecond), the same queries meet the quota", async () => {
    process.env[directoryBudgetVariable] = JSON.stringify({ requests: 1_000, intervalMs: 1 });
    const client = workspaceClient(world.connection);
    await Promise.allSettled(Array.from({ length: 10 }, () => getUser(client, world.google.adminEmail)));
    expect(world.google.state.callCount("directory.users.get", { fault: "rateLimit" })).toBeGreaterThan(0);
  });
});
