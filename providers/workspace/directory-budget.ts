import { join } from "node:path";
import { z } from "zod";
import type { BudgetWindow } from "../rate-budget/ledger";
import {
  budgetDirectory,
  fileLedgerStore,
  type LedgerStore,
  ledgerFileName,
} from "../rate-budget/ledger-store";
import { SharedBudget } from "../rate-budget/shared-budget";

/**
 * Google's Directory API quota: "2,400 queries per minute per user per Google Cloud project" by default, raised
 * on the project's Admin SDK API Quotas page; over it Google answers 403 userRateLimitExceeded
 * (https://developers.google.com/workspace/admin/directory/v1/limits). The user here is the super admin the
 * service account impersonates, and one service account belongs to one project: every stack's provider process
 * that uses the same key and admin spends the same quota, so they share one budget (providers/rate-budget/),
 * keyed by the token endpoint, the service account and the admin (hashed: the file name carries none of them).
 * Only Directory queries count; the token endpoint and Site Verification have quotas of their own.
 */
export const DIRECTORY_QUOTA = { requests: 2_400, windowMs: 60_000 } as const;

/** mailinfra's share: 2,200 queries per 61 s, room for the admin console and other tools on the same project. */
export const defaultDirectoryBudget: BudgetWindow = {
  requests: DIRECTORY_QUOTA.requests - 200,
  intervalMs: DIRECTORY_QUOTA.windowMs + 1_000,
};

/**
 * Another budget for the provider processes, e.g. a quota raised on the project, or a world whose clock is scaled
 * (the benchmark): JSON as `mailinfra:smartlead.rateLimit` takes it.
 * @example MAILINFRA_GOOGLE_DIRECTORY_BUDGET='{"requests":4500,"intervalMs":61000}'
 */
export const directoryBudgetVariable = "MAILINFRA_GOOGLE_DIRECTORY_BUDGET";

const budgetSchema = z.strictObject({ requests: z.int().positive(), intervalMs: z.int().positive() });

/** The budget in force: the variable's, or the default. Throws naming the variable and the fix when it is not one. */
export function directoryBudgetWindow(env: NodeJS.ProcessEnv = process.env): BudgetWindow {
  const text = env[directoryBudgetVariable];
  if (!text) return defaultDirectoryBudget;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  const parsed = budgetSchema.safeParse(json);
  if (parsed.success) return parsed.data;
  throw new Error(
    `${directoryBudgetVariable} is not a budget (${JSON.stringify(text)}). Fix: set it to JSON with whole positive ` +
      `numbers, e.g. '{"requests":${defaultDirectoryBudget.requests},"intervalMs":${defaultDirectoryBudget.intervalMs}}' ` +
      "(queries per interval in milliseconds), or unset it for Google's default quota.",
  );
}

/** Whether a request to Google is a Directory API query (what the per-user quota counts). */
export function isDirectoryQuery(url: string | URL | undefined): boolean {
  return url !== undefined && new URL(url).pathname.includes("/admin/directory/v1/");
}

/** Who spends the quota: the service account acting as the admin, at one token endpoint (Google, or an emulator). */
export interface DirectoryCaller {
  /** The service account's `client_email`: one service account belongs to one Cloud project. */
  clientEmail: string;
  /** The super admin it acts as: the user the quota counts. */
  subject: string;
  /** The key's token endpoint: Google's, or an emulator's (which has quotas of its own). */
  tokenUri: string;
}

const budgets = new Map<string, SharedBudget>();

/** What of a Gaxios request the budget reads and, once the request got its slot, renews. */
export interface DirectoryRequest {
  url?: string | URL;
  timeout?: number;
  signal?: AbortSignal | null;
}

/**
 * Resolves when the request may go: at once for anything but a Directory query, else at its slot in the budget of
 * `caller`, shared with every process on the machine. Every attempt counts, retries included, as Google counts them.
 * Gaxios arms an attempt's timeout before its adapter runs, so a query that waited for its slot gets its timeout
 * afresh from the moment it goes (mailinfra's Gaxios requests carry no signal of their own to keep).
 */
export async function directorySlot(
  request: DirectoryRequest,
  caller: DirectoryCaller,
  report: (line: string) => void,
  ledger?: LedgerStore,
): Promise<void> {
  if (!isDirectoryQuery(request.url)) return;
  const window = directoryBudgetWindow();
  const identity = [caller.tokenUri, caller.clientEmail.toLowerCase(), caller.subject.toLowerCase()].join(
    "\n",
  );
  const key = `${identity}|${window.requests}/${window.intervalMs}`;
  let budget = budgets.get(key);
  if (!budget) {
    budget = new SharedBudget({
      service: "Google Directory API",
      windows: [window],
      ledger:
        ledger ??
        fileLedgerStore(join(budgetDirectory(), ledgerFileName("google-directory", identity)), { report }),
      report,
    });
    budgets.set(key, budget);
  }
  await budget.turn();
  if (request.timeout) request.signal = AbortSignal.timeout(request.timeout);
}
