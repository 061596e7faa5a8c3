import { campaignMemberShape } from "./account-record";
import { type ApiCall, asRecord, idParam } from "./api-call";
import { type Reply, replies } from "./replies";
import type { CampaignRecord } from "./state";

/**
 * Campaigns and their sender accounts. Sources:
 *  - `GET /campaigns` — help-center "List all Campaigns" (bare array of campaigns).
 *  - `GET /campaigns/{id}/email-accounts` — "List all email accounts per campaign" and
 *    api-reference/campaigns/get-email-accounts (bare array of accounts).
 *  - `POST /campaigns/{id}/email-accounts` `{email_account_ids: number[]}` — "Add Email Account To A Campaign":
 *    `{ok: true, result: [{id, email_campaign_id, email_account_id, updated_at}]}`; unknown/foreign account →
 *    400 `Email account id - N not allowed. Permission Error.`; the current reference adds that accounts must be
 *    connected (is_smtp_success and is_imap_success) and not suspended.
 *  - `DELETE /campaigns/{id}/email-accounts` same body — "Remove Email Account From A Campaign":
 *    `{ok: true, result: <rows removed>}`; the current reference: an ACTIVE campaign must keep one account.
 */

let nextMappingId = 46001;

function campaignFor(call: ApiCall): CampaignRecord | undefined {
  const id = idParam(call, "campaignId");
  const campaign = id === undefined ? undefined : call.state.campaigns.get(id);
  return campaign && campaign.userId === call.userId ? campaign : undefined;
}

function campaignShape(campaign: CampaignRecord) {
  return {
    id: campaign.id,
    user_id: campaign.userId,
    created_at: campaign.createdAt,
    updated_at: campaign.createdAt,
    status: campaign.status,
    name: campaign.name,
    client_id: null,
  };
}

export function listCampaigns(call: ApiCall): Reply {
  return replies.ok(
    [...call.state.campaigns.values()]
      .filter((c) => c.userId === call.userId)
      .sort((a, b) => b.id - a.id)
      .map(campaignShape),
  );
}

export function getCampaign(call: ApiCall): Reply {
  const campaign = campaignFor(call);
  return campaign ? replies.ok(campaignShape(campaign)) : replies.campaignNotFound();
}

export function listCampaignEmailAccounts(call: ApiCall): Reply {
  const campaign = campaignFor(call);
  if (!campaign) return replies.campaignNotFound();
  const members = [...campaign.accountIds]
    .map((id) => call.state.account(id, call.userId))
    .filter((a) => a !== undefined)
    .sort((a, b) => a.id - b.id);
  return replies.ok(members.map(campaignMemberShape));
}

function accountIds(call: ApiCall): number[] | Reply {
  const ids = asRecord(call.body)?.email_account_ids;
  if (!Array.isArray(ids) || ids.length === 0) {
    return replies.invalid("email_account_ids", '"email_account_ids" must be a non-empty array', "required");
  }
  for (const id of ids) {
    if (typeof id !== "number" || !Number.isInteger(id)) return replies.accountNotAllowed(id);
  }
  return ids as number[];
}

export function addCampaignEmailAccounts(call: ApiCall): Reply {
  const campaign = campaignFor(call);
  if (!campaign) return replies.campaignNotFound();
  const ids = accountIds(call);
  if (!Array.isArray(ids)) return ids;
  for (const id of ids) {
    const account = call.state.account(id, call.userId);
    if (!account) return replies.accountNotAllowed(id);
    if (!account.isSmtpSuccess || !account.isImapSuccess || account.isSuspended) {
      return { status: 400, body: { error: `Email account id - ${id} is not connected or is suspended.` } };
    }
  }
  const updatedAt = call.state.now();
  const result = [...new Set(ids)].map((id) => {
    campaign.accountIds.add(id);
    return {
      id: nextMappingId++,
      email_campaign_id: campaign.id,
      email_account_id: id,
      updated_at: updatedAt,
    };
  });
  return replies.ok({ ok: true, result });
}

export function removeCampaignEmailAccounts(call: ApiCall): Reply {
  const campaign = campaignFor(call);
  if (!campaign) return replies.campaignNotFound();
  const ids = accountIds(call);
  if (!Array.isArray(ids)) return ids;
  for (const id of ids) {
    if (!call.state.accounts.has(id) || call.state.accounts.get(id)!.userId !== call.userId) {
      return replies.accountNotAllowed(id);
    }
  }
  const remaining = [...campaign.accountIds].filter((id) => !ids.includes(id));
  if (campaign.status === "ACTIVE" && remaining.length === 0 && campaign.accountIds.size > 0) {
    return {
      status: 400,
      body: {
        error: "Campaign is ACTIVE: at least one email account must remain. Pause the campaign first.",
      },
    };
  }
  let removed = 0;
  for (const id of new Set(ids)) if (campaign.accountIds.delete(id)) removed += 1;
  return replies.ok({ ok: true, result: removed });
}
