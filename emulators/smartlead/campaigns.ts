import type { Reply } from "../http/reply";
import { campaignMemberShape } from "./account-record";
import { type ApiCall, asRecord, idParam } from "./api-call";
import { replies } from "./replies";
import type { CampaignRecord } from "./state";

/**
 * Campaigns and their sender accounts. Sources:
 *  - `GET /campaigns` — https://api.smartlead.ai/api-reference/campaigns/get-all: "Returns direct array of
 *    campaign objects (not wrapped)", newest first.
 *  - `GET /campaigns/{id}` — https://api.smartlead.ai/api-reference/campaigns/get-by-id: 404 when the campaign
 *    does not exist or is not the key's; the body is the help center's `Campaign not found - Invalid campaign_id.`
 *  - `GET /campaigns/{id}/email-accounts` — https://api.smartlead.ai/api-reference/campaigns/get-email-accounts:
 *    "Response Format: array" (its 200 example `{success, data: {}}` contradicts that; the repository's
 *    openapi.yaml also says array), so a bare array; 404 `{"error": "Resource not found"}`.
 *  - `POST /campaigns/{id}/email-accounts` `{email_account_ids: number[]}` —
 *    https://api.smartlead.ai/api-reference/campaigns/add-email-accounts: 200 `{"success": true, "data": {}}`;
 *    404 `{"error": "Resource not found"}` for a campaign or an email account that does not exist or is not the
 *    key's; 422 `{"error": "Invalid parameters provided"}` for a malformed `email_account_ids`. "Validates
 *    account ownership and connection status before adding": accounts must be connected (is_smtp_success and
 *    is_imap_success) and not suspended. Nothing is added when any id is refused (the page does not say it
 *    adds part of a batch; an all-or-nothing answer is the harder case for the client).
 *  - `DELETE /campaigns/{id}/email-accounts` same body —
 *    https://api.smartlead.ai/api-reference/campaigns/remove-email-accounts: 200
 *    `{"success": true, "data": {"message": "Email accounts removed successfully", "removed_count": N}}`, the same
 *    404 and 422; an ACTIVE campaign must keep one account ("returns error if trying to remove all").
 * None of the documented error bodies names the account that was refused.
 */

function campaignFor(call: ApiCall): CampaignRecord | undefined {
  const id = idParam(call, "id");
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
  if (!campaign) return replies.resourceNotFound();
  const members = [...campaign.accountIds]
    .map((id) => call.state.account(id, call.userId))
    .filter((a) => a !== undefined)
    .sort((a, b) => a.id - b.id);
  return replies.ok(members.map(campaignMemberShape));
}

function accountIds(call: ApiCall): number[] | Reply {
  const ids = asRecord(call.body)?.email_account_ids;
  if (!Array.isArray(ids) || ids.length === 0) return replies.validationFailed();
  if (!ids.every((id) => typeof id === "number" && Number.isInteger(id))) return replies.validationFailed();
  return ids as number[];
}

/**
 * An account that is connected but fails the page's other condition (connected and not suspended): the page does
 * not say which of its codes this check answers, nor with which body. Today's 400 is kept, in the documented
 * `{error}` form and without the account id, since no documented body names the account.
 */
const notConnected: Reply = {
  status: 400,
  body: { error: "Email accounts must be connected (SMTP and IMAP) and not suspended" },
};

export function addCampaignEmailAccounts(call: ApiCall): Reply {
  const campaign = campaignFor(call);
  if (!campaign) return replies.resourceNotFound();
  const ids = accountIds(call);
  if (!Array.isArray(ids)) return ids;
  for (const id of ids) {
    const account = call.state.account(id, call.userId);
    if (!account) return replies.resourceNotFound();
    if (!account.isSmtpSuccess || !account.isImapSuccess || account.isSuspended) return notConnected;
  }
  for (const id of ids) campaign.accountIds.add(id);
  return replies.ok({ success: true, data: {} });
}

export function removeCampaignEmailAccounts(call: ApiCall): Reply {
  const campaign = campaignFor(call);
  if (!campaign) return replies.resourceNotFound();
  const ids = accountIds(call);
  if (!Array.isArray(ids)) return ids;
  // A soft-deleted account of the key's user is accepted, as before: the page does not say otherwise.
  for (const id of ids) {
    if (call.state.accounts.get(id)?.userId !== call.userId) return replies.resourceNotFound();
  }
  const remaining = [...campaign.accountIds].filter((id) => !ids.includes(id));
  if (campaign.status === "ACTIVE" && remaining.length === 0 && campaign.accountIds.size > 0) {
    // The page says only that it "returns error"; today's 400 and its words are kept.
    return {
      status: 400,
      body: {
        error: "Campaign is ACTIVE: at least one email account must remain. Pause the campaign first.",
      },
    };
  }
  let removed = 0;
  for (const id of new Set(ids)) if (campaign.accountIds.delete(id)) removed += 1;
  return replies.ok({
    success: true,
    data: { message: "Email accounts removed successfully", removed_count: removed },
  });
}
