import { type ConfigIssue, configError } from "../config/issue";
import { writtenSetting } from "../config/provenance";
import type { MailinfraConfig } from "../config/schema";

/** One Smartlead campaign id as the user wrote it, with its exact config path. */
export interface CampaignDeclaration {
  campaignId: number;
  /** `mailinfra:domains[0].smartlead.campaignIds[1]`, `mailinfra:defaults.smartlead.campaignIds[0]`, ... */
  path: string;
}

/** Where `campaignId` is written in a list of campaign ids read back from the config, with its index. */
function entryPath(setting: { path: string; value: unknown }, campaignId: number): string {
  const index = Array.isArray(setting.value) ? setting.value.indexOf(campaignId) : -1;
  return index >= 0 ? `${setting.path}[${index}]` : setting.path;
}

/**
 * Pure: every campaign id a mailbox connected to Smartlead will be assigned to, once per line that declares
 * it (an id in mailinfra:defaults is one declaration, whatever the number of domains inheriting it). Ids of
 * mailboxes with `smartlead.enabled: false`, or of a stack without `mailinfra:smartlead`, are never used, so
 * they are not declarations here (validation warns about them).
 */
export function declaredCampaigns(config: MailinfraConfig): CampaignDeclaration[] {
  if (config.smartlead === undefined) return [];
  const byPath = new Map<string, CampaignDeclaration>();
  config.domains.forEach((domain, i) => {
    domain.mailboxes.forEach((mailbox, j) => {
      if (!mailbox.smartlead.enabled) return;
      for (const campaignId of mailbox.smartlead.campaignIds) {
        // A mailbox's ids are its domain's (written on the domain or in the defaults) plus its own.
        const sub = domain.smartlead.campaignIds.includes(campaignId)
          ? ["smartlead", "campaignIds"]
          : ["mailboxes", j, "smartlead", "campaignIds"];
        const path = entryPath(writtenSetting(domain, i, sub), campaignId);
        if (!byPath.has(path)) byPath.set(path, { campaignId, path });
      }
    });
  });
  return [...byPath.values()];
}

/** The distinct ids of `declarations`, ascending: what must be looked up in Smartlead, each once. */
export function distinctCampaignIds(declarations: readonly CampaignDeclaration[]): number[] {
  return [...new Set(declarations.map((d) => d.campaignId))].sort((a, b) => a - b);
}

/** How many existing campaigns a fix names, so a large account does not flood the preview. */
const CAMPAIGNS_SHOWN = 5;

/**
 * Pure: an error at each declaration whose campaign Smartlead does not have. `existing` are campaigns the
 * key sees (newest first, as Smartlead lists them), offered in the fix.
 */
export function unknownCampaignIssues(
  declarations: readonly CampaignDeclaration[],
  missing: ReadonlySet<number>,
  existing: readonly { id: number; name?: string | null }[] = [],
): ConfigIssue[] {
  const shown = existing
    .slice(0, CAMPAIGNS_SHOWN)
    .map((c) => (c.name ? `${c.id} (${c.name})` : String(c.id)))
    .join(", ");
  const more = existing.length > CAMPAIGNS_SHOWN ? ", ..." : "";
  const offer = shown
    ? ` Campaigns this API key sees: ${shown}${more}.`
    : " This API key sees no campaign yet.";
  return declarations
    .filter((d) => missing.has(d.campaignId))
    .map((d) =>
      configError(
        d.path,
        `campaign ${d.campaignId} does not exist in Smartlead (or this API key cannot see it)`,
        `Replace ${d.campaignId} with the id of an existing campaign, or remove it; create the campaign in Smartlead first if it is new.${offer}`,
      ),
    );
}
