import { createHash, randomBytes } from "node:crypto";
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import lockfile from "proper-lockfile";
import { budgetDirectory } from "../rate-budget/ledger-store";
import { type EmailAccount, emailAccountListSchema } from "./api-shapes";
import { lastWriteThrough, type SmartleadClient } from "./smartlead-client";

/**
 * One Smartlead account listing per key for all the stacks of one `npm run fleet` command.
 *
 * Each stack's processes list every account of the key (`GET /email-accounts`, 100 a call,
 * https://api.smartlead.ai/api-reference/email-accounts/get-all): the campaign policy in the program, and the
 * provider's reads, adoptions and disconnects. A fleet's stacks share one key, so each listed the same accounts:
 * 1,500 accounts in 20 stacks cost 20 × 16 calls per `refresh` (and as many per `up`), ~5 minutes of Smartlead's
 * 60 requests a minute (https://api.smartlead.ai/guides/rate-limits) spent reading the same list 20 times.
 *
 * Within one fleet command (`MAILINFRA_FLEET_RUN`, set by the fleet for the stacks it runs), a process that needs
 * the list reads the run's listing file if it is under a minute old; otherwise it takes a lock, looks again (the
 * holder may just have shared one), fetches, and leaves the list, as zod parsed it (no password or token:
 * Smartlead's answer has none, and unknown fields are dropped), in a file only this user can read, next to the
 * rate-limit ledgers. A process waits for another's fetch at most half its own bound (`maxWaitMs`, else two
 * minutes), then lists alone. Nothing else is shared: a stack alone (`npm run pulumi`), or one stack per CI job, lists as
 * before.
 *
 * Why no process needs another's writes: a domain belongs to one stack (the fleet refuses it in two), so each
 * account and its campaign memberships are written by one stack's processes only. Of those, the provider process
 * keeps its own writes on top of the list (account-directory.ts) and never takes a list older than its own last
 * write (SmartleadClient `lastWriteThrough`); the program reads the list once at the start of a command, before
 * that command's writes. How old what a process sees can be: a change made by hand in Smartlead's app shows in a
 * fleet's `refresh` at most 75 s later (the list's minute, then the provider's 15 s copy), and the campaign policy
 * may decide on a list two minutes old (its own minute of reuse within one command). An address connected by hand
 * meanwhile is taken over when `create` meets Smartlead's "already exists" answer, and a `read` that does not
 * find its account in the list asks for it by id before concluding it is gone.
 */
export const fleetRunVariable = "MAILINFRA_FLEET_RUN";

/** How long one fleet run's listing serves its other stacks. */
export const fleetListingMaxAgeMs = 60_000;

/** Longest a process waits for another one's fetch before it lists the accounts itself. */
const longestWaitMs = 120_000;

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
  const began = Date.now();
  const fetchAll = () =>
    client.listAllEmailAccounts({
      fetchCampaigns: true,
      // What the lock wait took counts against the caller's bound.
      ...(options.maxWaitMs === undefined
        ? {}
        : { maxWaitMs: Math.max(0, options.maxWaitMs - (Date.now() - began)) }),
    });
  const env = options.env ?? process.env;
  const run = env[fleetRunVariable];
  if (!run || !/^[0-9a-f]{16}$/.test(run)) return fetchAll();
  const now = options.now ?? Date.now;
  const directory = budgetDirectory(env);
  const file = listingFile(directory, run, client.identity);
  // A listing taken before this process's own last write may not show it: fetched afresh (and shared) then.
  const fresh = () => freshListing(file, now(), lastWriteThrough(client.identity));

  // Read without the lock (a listing is renamed into place whole): only a fetch waits for another.
  const kept = await fresh();
  if (kept) return kept;
  let release: (() => Promise<void>) | undefined;
  try {
    await mkdir(directory, { recursive: true, mode: 0o700 });
    // At most half the caller's bound waiting for another's fetch: the other half is for this one's own.
    const waitMs = Math.min(
      options.maxWaitMs === undefined ? longestWaitMs : options.maxWaitMs / 2,
      longestWaitMs,
    );
    release = await lockfile.lock(file, {
      realpath: false,
      stale: 10_000,
      retries: { retries: Math.max(1, Math.ceil(waitMs / 250)), minTimeout: 250, maxTimeout: 250 },
      // A lock broken while we fetch only means another process may fetch too.
      onCompromised: () => {},
    });
  } catch {
    // No shared directory, or another process's fetch outlasted the wait: its listing if it is there by now,
    // else this process lists alone.
    return (await fresh()) ?? fetchAll();
  }
  try {
    // The process that held the lock may have just shared its listing.
    const shared = await fresh();
    if (shared) return shared;
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
