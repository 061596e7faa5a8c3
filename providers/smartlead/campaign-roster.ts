import type { SmartleadClient } from "./smartlead-client";

/**
 * Who is in a campaign, one `GET /campaigns/{id}/email-accounts` per campaign, shared by the process for a few
 * seconds. Used only when the account list does not carry `campaign_ids`: then a refresh costs one call per
 * declared campaign instead of one per account.
 */
const rosters = new Map<string, { startedAt: number; members: Promise<Set<number>> }>();

export function campaignRoster(
  client: SmartleadClient,
  campaignId: number,
  maxAgeMs = 15_000,
): Promise<Set<number>> {
  const key = `${client.identity}|${campaignId}`;
  const current = rosters.get(key);
  if (current && Date.now() - current.startedAt < maxAgeMs) return current.members;
  const entry = {
    startedAt: Date.now(),
    members: client.listCampaignEmailAccounts(campaignId).then((list) => new Set(list.map((a) => a.id))),
  };
  rosters.set(key, entry);
  entry.members.catch(() => {
    if (rosters.get(key) === entry) rosters.delete(key);
  });
  return entry.members;
}

export function clearCampaignRosters(): void {
  rosters.clear();
}

export function rememberRosterChange(
  client: SmartleadClient,
  campaignId: number,
  accountId: number,
  member: boolean,
): void {
  rosters.get(`${client.identity}|${campaignId}`)?.members.then(
    (members) => (member ? members.add(accountId) : members.delete(accountId)),
    () => {},
  );
}
