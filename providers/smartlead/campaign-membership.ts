import { rememberMembership } from "./account-directory";
import { rememberRosterChange } from "./campaign-roster";
import type { SmartleadClient } from "./smartlead-client";
import { SmartleadApiError } from "./smartlead-error";

/**
 * Campaign assignment in as few calls as the API allows. Smartlead's `POST|DELETE /campaigns/{id}/email-accounts`
 * take many account ids at once, so the resources of one provider process that need "account X into (or out
 * of) campaign C" are coalesced: a batch per (key, campaign, direction) collects ids until no new id came for
 * `settleMs` AND the key has no other request waiting or in flight (the saves of the accounts still being
 * created would add theirs), bounded by `maxWaitMs`. One call then carries every id.
 *
 * If Smartlead refuses one id of a batch ("Email account id - N not allowed"), that account's caller gets the
 * error and the rest are sent again without it.
 */
export type MembershipChange = "add" | "remove";

export interface BatchTiming {
  /** Quiet time after the last id before the batch may go. @default 300 */
  settleMs?: number;
  /** Longest a batch waits for the key's other requests to drain. @default 30000 */
  maxWaitMs?: number;
}

interface Waiter {
  accountId: number;
  resolve: () => void;
  reject: (error: unknown) => void;
}

interface Batch {
  client: SmartleadClient;
  campaignId: number;
  change: MembershipChange;
  waiters: Waiter[];
  openedAt: number;
  timer?: NodeJS.Timeout;
  timing: Required<BatchTiming>;
}

const open = new Map<string, Batch>();

export function changeCampaignMembership(
  client: SmartleadClient,
  campaignId: number,
  change: MembershipChange,
  accountId: number,
  timing: BatchTiming = {},
): Promise<void> {
  const key = `${client.identity}|${campaignId}|${change}`;
  let batch = open.get(key);
  if (!batch) {
    batch = {
      client,
      campaignId,
      change,
      waiters: [],
      openedAt: Date.now(),
      timing: { settleMs: timing.settleMs ?? 300, maxWaitMs: timing.maxWaitMs ?? 30_000 },
    };
    open.set(key, batch);
  }
  const target = batch;
  const done = new Promise<void>((resolve, reject) => target.waiters.push({ accountId, resolve, reject }));
  schedule(key, target);
  return done;
}

function schedule(key: string, batch: Batch): void {
  if (batch.timer) clearTimeout(batch.timer);
  batch.timer = setTimeout(() => {
    const busy = batch.client.pendingRequests > 0;
    if (busy && Date.now() - batch.openedAt < batch.timing.maxWaitMs) {
      schedule(key, batch);
      return;
    }
    if (open.get(key) === batch) open.delete(key);
    void send(batch);
  }, batch.timing.settleMs);
}

const refusedId = /Email account id - (\d+)/;

async function send(batch: Batch): Promise<void> {
  let waiters = batch.waiters;
  while (waiters.length > 0) {
    const ids = [...new Set(waiters.map((w) => w.accountId))];
    try {
      if (batch.change === "add") await batch.client.addEmailAccountsToCampaign(batch.campaignId, ids);
      else await batch.client.removeEmailAccountsFromCampaign(batch.campaignId, ids);
      for (const id of ids) {
        rememberMembership(batch.client, id, batch.campaignId, batch.change === "add");
        rememberRosterChange(batch.client, batch.campaignId, id, batch.change === "add");
      }
      for (const w of waiters) w.resolve();
      return;
    } catch (error) {
      const refused =
        error instanceof SmartleadApiError && error.status === 400 ? refusedId.exec(error.message) : null;
      const culprit = refused ? Number(refused[1]) : undefined;
      if (culprit === undefined || ids.length === 1 || !ids.includes(culprit)) {
        for (const w of waiters) w.reject(error);
        return;
      }
      for (const w of waiters.filter((w) => w.accountId === culprit)) w.reject(error);
      waiters = waiters.filter((w) => w.accountId !== culprit);
    }
  }
}
