/**
 * What the campaign policy lets a mailbox's account do with its declared campaigns in this run, and the one rule
 * that turns it into the campaigns the account is converged to. The planner (campaign-policy.ts) decides the
 * admission; the sending platform's resource applies `admittedCampaigns` against the membership it reads live, so
 * a mailbox already in a campaign is never taken out of it because its domain waits.
 */

/**
 * - `join`: the declared campaigns, as always (missing ones added, undeclared ones removed);
 * - `hold`: waiting: joins no campaign it is not in yet; stays in those of its declared campaigns it is in;
 * - `leave`: out of every campaign (only when `campaignPolicy.whenListed: leave` and the domain is listed).
 */
export type CampaignAdmission = "join" | "hold" | "leave";

export const CAMPAIGN_ADMISSIONS = ["join", "hold", "leave"] as const satisfies readonly CampaignAdmission[];

/**
 * The campaigns the account is to be in: `declared` for `join`; for `hold` those of `declared` it is `current`ly
 * in (a campaign dropped from the configuration is still left, as under `join`); none for `leave`. Sorted.
 *
 * @example admittedCampaigns([501, 502], "hold", [502, 999]) // [502]
 */
export function admittedCampaigns(
  declared: readonly number[],
  admission: CampaignAdmission,
  current: readonly number[],
): number[] {
  const sorted = (ids: readonly number[]) => [...new Set(ids)].sort((a, b) => a - b);
  if (admission === "join") return sorted(declared);
  if (admission === "leave") return [];
  const now = new Set(current);
  return sorted(declared.filter((id) => now.has(id)));
}
