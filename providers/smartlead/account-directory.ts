import type { EmailAccount } from "./api-shapes";
import { accountList } from "./fleet-account-listing";
import type { SmartleadClient } from "./smartlead-client";

/**
 * Every email account of a key, fetched with the list endpoint (100 a call, campaign ids included) and shared
 * by all resources in the process: a refresh of 600 accounts costs 6 calls instead of 600, and concurrent
 * readers wait for the same fetch. The copy lives a few seconds (one refresh or one `up` burst) and is
 * patched with this process's own writes so a later read in the same process does not see stale data. In a
 * `npm run fleet` command, the list itself is the one the fleet's stacks share (fleet-account-listing.ts).
 */
export interface AccountDirectory {
  byId: Map<number, EmailAccount>;
  byEmail: Map<string, EmailAccount>;
  /** Smartlead answered `campaign_ids` for every account (the list honours fetch_campaigns). */
  hasCampaignIds: boolean;
}

export const directoryMaxAgeMs = 15_000;

interface Entry {
  startedAt: number;
  directory: Promise<AccountDirectory>;
}

const entries = new Map<string, Entry>();

function build(accounts: EmailAccount[]): AccountDirectory {
  const byId = new Map<number, EmailAccount>();
  const byEmail = new Map<string, EmailAccount>();
  for (const account of accounts) {
    byId.set(account.id, account);
    byEmail.set(account.from_email.toLowerCase(), account);
  }
  return { byId, byEmail, hasCampaignIds: accounts.every((a) => Array.isArray(a.campaign_ids)) };
}

export function accountDirectory(
  client: SmartleadClient,
  maxAgeMs = directoryMaxAgeMs,
): Promise<AccountDirectory> {
  const current = entries.get(client.identity);
  if (current && Date.now() - current.startedAt < maxAgeMs) return current.directory;
  const entry: Entry = {
    startedAt: Date.now(),
    directory: accountList(client).then(build),
  };
  entries.set(client.identity, entry);
  entry.directory.catch(() => {
    if (entries.get(client.identity) === entry) entries.delete(client.identity);
  });
  return entry.directory;
}

/** Applies a write of this process to the cached copy, if there is one. */
function patch(client: SmartleadClient, change: (directory: AccountDirectory) => void): void {
  const entry = entries.get(client.identity);
  entry?.directory.then(change, () => {});
}

export function rememberAccount(client: SmartleadClient, account: EmailAccount): void {
  patch(client, (d) => {
    const previous = d.byId.get(account.id);
    const merged = {
      ...previous,
      ...account,
      campaign_ids: account.campaign_ids ?? previous?.campaign_ids ?? [],
    };
    d.byId.set(account.id, merged);
    d.byEmail.set(account.from_email.toLowerCase(), merged);
  });
}

export function rememberMembership(
  client: SmartleadClient,
  accountId: number,
  campaignId: number,
  member: boolean,
): void {
  patch(client, (d) => {
    const account = d.byId.get(accountId);
    if (!account?.campaign_ids) return;
    const ids = new Set(account.campaign_ids);
    if (member) ids.add(campaignId);
    else ids.delete(campaignId);
    account.campaign_ids = [...ids].sort((a, b) => a - b);
  });
}

export function forgetAccount(client: SmartleadClient, accountId: number): void {
  patch(client, (d) => {
    const account = d.byId.get(accountId);
    d.byId.delete(accountId);
    if (account) d.byEmail.delete(account.from_email.toLowerCase());
  });
}

/** Drops every cached copy (tests; or after a change made outside this process). */
export function clearAccountDirectories(): void {
  entries.clear();
}
