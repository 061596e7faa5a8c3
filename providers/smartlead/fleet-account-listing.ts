import { createHash, randomBytes } from "node:crypto";
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import lockfile from "proper-lockfile";
import { budgetDirectory } from "../rate-budget/ledger-store";
import { type EmailAccount, emailAccountListSchema } from "./api-shapes";
import type { SmartleadClient } from "./smartlead-client";

/**
 * One Smartlead account listing per key for all the stacks of one `npm run fleet` command.
 *
 * Each stack's processes list every account of the key (`GET /email-accounts`, 100 a call,
 * https://api.smartlead.ai/api-reference/email-accounts/get-all): the campaign policy in the program, and the
 * provider's reads, adoptions and disconnects. A fleet's stacks share one key, so each listed the same accounts:
 * 1,500 accounts in 20 stacks cost 20 × 16 calls per `refresh` (and as many per `up`), ~5 minutes of Smartlead's
 * 60 requests a minute (https://api.smartlead.ai/guides/rate-limits) spent reading the same list 20 times.
 *
 * Within one fleet command (`MAILINFRA_FLEET_RUN`, set by the fleet for the stacks it runs), the first process to
 * need the list fetches it under a lock and leaves it, as zod parsed it (no password or token: Smartlead's answer
 * has none, and unknown fields are dropped), in a file only this user can read, next to the rate-limit ledgers;
 * the other processes read that file while it is under a minute old. Nothing else is shared: a stack alone
 * (`npm run pulumi`), or one stack per CI job, lists as before.
 *
 * Why no process needs another's writes: a domain belongs to one stack (the fleet refuses it in two), so each
 * account and its campaign memberships are written by one stack's processes only, and those keep their own
 * writes on top of the list (account-directory.ts) and never take a list older than their own last write. A
 * change made by hand in Smartlead's app shows at most a
 * minute later in a fleet run; an address connected by hand meanwhile is taken over when `create` meets
 * Smartlead's "already exists" answer.
 */
export const fleetRunVariable = "MAILINFRA_FLEET_RUN";

/** How long one fleet run's listing serves its other stacks. */
export const fleetListingMaxAgeMs = 60_000;

/** Longest a process waits for another one's fetch before it lists the accounts itself. */
const longestWaitMs = 120_000;

/** When this process last wrote through each key (SmartleadClient notes it before and after every write). */
const ownWrites = new Map<string, number>();

/** Called by the client around each write it sends with the key `identity` names. */
export function noteOwnWrite(identity: string, at = Date.now()): void {
  ownWrites.set(identity, Math.max(at, ownWrites.get(identity) ?? 0));
}

/** A new fleet run's id, for `MAILINFRA_FLEET_RUN`. */
export function newFleetRun(): string {
  return randomBytes(8).toString("hex");
}

const listingPrefix = "smartlead-accounts-";
const filePrefix = (run: string) => `${listingPrefix}${run}-`;

function listingFile(directory: string, run: string, identity: string): string {
  const key = createHash("sha256").update(identity).digest("hex").slice(0, 32);
  return join(directory, `${filePrefix(run)}${key}.json`);
}

export interface AccountListOptions {
  /** Longest wait for a rate-limit slot (SmartleadBudgetSpentError past it). @default no bound */
  maxWaitMs?: number;
  /** @default process.env */
  env?: NodeJS.ProcessEnv;
  /** @default Date.now */
  now?: () => number;
}

/** Every account of the client's key, with campaign ids: the fleet run's listing when there is a fresh one. */
export async function accountList(
  client: SmartleadClient,
  options: AccountListOptions = {},
): Promise<EmailAccount[]> {
  const fetchAll = () =>
    client.listAllEmailAccounts({
      fetchCampaigns: true,
      ...(options.maxWaitMs === undefined ? {} : { maxWaitMs: options.maxWaitMs }),
    });
  const env = options.env ?? process.env;
  const run = env[fleetRunVariable];
  if (!run || !/^[0-9a-f]{16}$/.test(run)) return fetchAll();
  const now = options.now ?? Date.now;
  const directory = budgetDirectory(env);
  const file = listingFile(directory, run, client.identity);

  let release: (() => Promise<void>) | undefined;
  try {
    await mkdir(directory, { recursive: true, mode: 0o700 });
    const waitMs = Math.min(options.maxWaitMs ?? longestWaitMs, longestWaitMs);
    release = await lockfile.lock(file, {
      realpath: false,
      stale: 10_000,
      retries: { retries: Math.max(1, Math.ceil(waitMs / 250)), minTimeout: 250, maxTimeout: 250 },
      // A lock broken while we fetch only means another process may fetch too.
      onCompromised: () => {},
    });
  } catch {
    // No shared directory, or another process's fetch outlasted the wait: this process lists alone.
    return fetchAll();
  }
  try {
    // A listing taken before this process's own last write may not show it: fetched afresh (and shared) then.
    const kept = await freshListing(file, now(), ownWrites.get(client.identity) ?? Number.NEGATIVE_INFINITY);
    if (kept) return kept;
    const takenAt = now();
    const accounts = await fetchAll();
    await keep(file, { takenAt, accounts });
    return accounts;
  } finally {
    await release().catch(() => {});
  }
}

async function freshListing(
  file: string,
  now: number,
  lastOwnWrite: number,
): Promise<EmailAccount[] | undefined> {
  try {
    const kept = JSON.parse(await readFile(file, "utf8"));
    const takenAt = Number(kept?.takenAt);
    const age = now - takenAt;
    if (!(age >= 0 && age < fleetListingMaxAgeMs) || takenAt <= lastOwnWrite) return undefined;
    const accounts = emailAccountListSchema.safeParse(kept.accounts);
    return accounts.success ? accounts.data : undefined;
  } catch {
    return undefined;
  }
}

/** Written whole, readable by this user only, and renamed into place: a reader never sees half a list. */
async function keep(file: string, listing: { takenAt: number; accounts: EmailAccount[] }): Promise<void> {
  const partial = `${file}.${process.pid}.tmp`;
  try {
    await writeFile(partial, JSON.stringify(listing), { mode: 0o600 });
    await rename(partial, file);
  } catch {
    // Sharing is an optimisation: the other stacks list for themselves.
    await rm(partial, { force: true });
  }
}

/** A listing of another run this old was left by a fleet command that was killed: removed too. */
const abandonedAfterMs = 60 * 60_000;

/**
 * Removes a finished fleet run's listings (the fleet command calls it when its stacks are done), and those an
 * hour old that a killed fleet command left.
 */
export async function forgetFleetListings(run: string, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const directory = budgetDirectory(env);
  let names: string[];
  try {
    names = await readdir(directory);
  } catch {
    return;
  }
  const forget = async (name: string) => {
    const file = join(directory, name);
    if (!name.startsWith(filePrefix(run))) {
      const modified = await stat(file).then(
        (s) => s.mtimeMs,
        () => Date.now(),
      );
      if (Date.now() - modified < abandonedAfterMs) return;
    }
    await rm(file, { recursive: true, force: true });
  };
  await Promise.all(names.filter((name) => name.startsWith(listingPrefix)).map(forget));
}
