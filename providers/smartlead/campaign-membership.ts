import { rememberMembership } from "./account-directory";
import { rememberRosterChange } from "./campaign-roster";
import type { SmartleadClient } from "./smartlead-client";
import {
  SmartleadApiError,
  SmartleadCampaignNotFoundError,
  SmartleadMembershipError,
} from "./smartlead-error";

/**
 * Campaign assignment in as few calls as the API allows. Smartlead's `POST|DELETE /campaigns/{id}/email-accounts`
 * take many account ids at once, so the resources of one provider process that need "account X into (or out
 * of) campaign C" are coalesced: a batch per (key, campaign, direction) collects ids until no new id came for
 * `settleMs` AND the key has no other request waiting or in flight (the saves of the accounts still being
 * created would add theirs), bounded by `maxWaitMs`. One call then carries every id.
 *
 * One bad account must not fail its batch. Smartlead's documented refusals
 * (https://api.smartlead.ai/api-reference/campaigns/add-email-accounts and …/remove-email-accounts: 404
 * `{"error": "Resource not found"}`, 422 `{"error": "Invalid parameters provided"}`, and 400) do not name the
 * account, so a refused batch is split in halves until each refused account stands alone: the good ones end up
 * in the campaign, each bad one fails with a SmartleadMembershipError naming it, the campaign and Smartlead's
 * answer. A batch of n with k bad accounts costs at most 1 + 2·k·⌈log2 n⌉ calls (never more than 2n − 1); the
 * happy path stays one call. A 404 for the whole batch is first checked against the campaign itself (one
 * `GET /campaigns/{id}`): a campaign that does not exist fails every account at once instead of splitting.
 * The older help-center answer `Email account id - N not allowed` does name the account: that one is set aside
 * directly, without splitting.
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

/** The older help-center refusal, which names the account (https://helpcenter.smartlead.ai/en/articles/125-full-api-documentation). */
const refusedId = /Email account id - (\d+)/;

/** Refusals that concern the ids sent (not the key, the rate or the server): worth splitting the batch for. */
function refusesIds(error: unknown): error is SmartleadApiError {
  return error instanceof SmartleadApiError && [400, 404, 422].includes(error.status);
}

async function send(batch: Batch): Promise<void> {
  const failures = new Map<number, unknown>();
  const call = (ids: number[]) =>
    batch.change === "add"
      ? batch.client.addEmailAccountsToCampaign(batch.campaignId, ids)
      : batch.client.removeEmailAccountsFromCampaign(batch.campaignId, ids);
  const done = (ids: number[]) => {
    for (const id of ids) {
      rememberMembership(batch.client, id, batch.campaignId, batch.change === "add");
      rememberRosterChange(batch.client, batch.campaignId, id, batch.change === "add");
    }
  };

  const settle = async (ids: number[], whole = false): Promise<void> => {
    try {
      await call(ids);
      done(ids);
      return;
    } catch (error) {
      if (!refusesIds(error)) {
        for (const id of ids) failures.set(id, error);
        return;
      }
      if (whole && error.status === 404 && !(await campaignStillExists(batch))) {
        const missing = new SmartleadCampaignNotFoundError(batch.campaignId, error);
        for (const id of ids) failures.set(id, missing);
        return;
      }
      if (ids.length === 1) {
        failures.set(ids[0]!, new SmartleadMembershipError(batch.change, ids[0]!, batch.campaignId, error));
        return;
      }
      const named = Number(refusedId.exec(error.message)?.[1]);
      if (ids.includes(named)) {
        failures.set(named, new SmartleadMembershipError(batch.change, named, batch.campaignId, error));
        await settle(ids.filter((id) => id !== named));
        return;
      }
      const half = Math.ceil(ids.length / 2);
      await Promise.all([settle(ids.slice(0, half)), settle(ids.slice(half))]);
    }
  };

  await settle([...new Set(batch.waiters.map((w) => w.accountId))], true);
  for (const w of batch.waiters) {
    if (failures.has(w.accountId)) w.reject(failures.get(w.accountId));
    else w.resolve();
  }
}

/** True unless Smartlead answers that the campaign itself is gone (a failed check leaves the split to decide). */
async function campaignStillExists(batch: Batch): Promise<boolean> {
  try {
    return await batch.client.campaignExists(batch.campaignId);
  } catch {
    return true;
  }
}
