import type { RetryOptions } from "../../providers/smartlead/retry-policy";
import { SmartleadClient } from "../../providers/smartlead/smartlead-client";
import { SmartleadApiError } from "../../providers/smartlead/smartlead-error";
import { revealConfigSecret as reveal } from "../config/config-secret";
import { type ConfigIssue, configError, configPath } from "../config/issue";
import type { MailinfraConfig } from "../config/schema";
import {
  declaredCampaigns,
  distinctCampaignIds,
  unknownCampaignIssues,
} from "./smartlead-declared-campaigns";

export interface CampaignPreflightOptions {
  /** Retries of the Smartlead client (tests shorten them). @default the client's */
  retry?: RetryOptions;
}

const API_KEY_PATH = configPath(["smartlead", "apiKey"]);
const SET_KEY = `pulumi config set --secret --path '${API_KEY_PATH}' <api-key>`;

/** What to tell the user when Smartlead could not answer whether the campaigns exist. */
function lookupFailure(error: unknown, ids: readonly number[]): ConfigIssue {
  if (error instanceof SmartleadApiError && error.status === 401) {
    return configError(
      API_KEY_PATH,
      "was rejected by Smartlead (HTTP 401), so the campaign ids could not be checked",
      `Copy the key again from Smartlead › Settings › API key and run: ${SET_KEY}`,
    );
  }
  if (error instanceof SmartleadApiError && error.status === 403) {
    return configError(
      API_KEY_PATH,
      "is not allowed to use Smartlead's API (HTTP 403), so the campaign ids could not be checked",
      `Turn on API access for the account (Smartlead › Settings, a plan with API access), or use the key of an account that has it: ${SET_KEY}`,
    );
  }
  const reason = error instanceof Error ? error.message : String(error);
  return configError(
    configPath(["smartlead"]),
    `Smartlead did not say whether campaigns ${ids.join(", ")} exist: ${reason}`,
    "Check that mailinfra:smartlead.baseUrl (default https://server.smartlead.ai/api/v1) is reachable from here, then run the command again; nothing was created.",
  );
}

/**
 * Checks every campaign id the configuration assigns to a connected mailbox against Smartlead, read only,
 * before any resource is registered: `up` would otherwise create the Workspace user and the Smartlead account
 * and only then fail on "Campaign not found". One `GET /campaigns` answers for every id (Smartlead lists all
 * campaigns in one answer, api.smartlead.ai/api-reference/campaigns/get-all); an id missing from it is asked
 * for alone (`GET /campaigns/{id}`, 404 when unknown, .../campaigns/get-by-id) before it is called unknown, so
 * each distinct id costs at most one call per run. Returns config issues, never throws; no call when no
 * connected mailbox declares a campaign. The API key never appears in an issue (the client redacts it).
 */
export async function campaignPreflight(
  config: MailinfraConfig,
  options: CampaignPreflightOptions = {},
): Promise<ConfigIssue[]> {
  const declarations = declaredCampaigns(config);
  const smartlead = config.smartlead;
  if (declarations.length === 0 || smartlead === undefined) return [];
  const ids = distinctCampaignIds(declarations);
  try {
    const client = new SmartleadClient({
      apiKey: await reveal(smartlead.apiKey),
      baseUrl: smartlead.baseUrl,
      ...(smartlead.rateLimit ? { rateLimit: smartlead.rateLimit } : {}),
      ...(options.retry ? { retry: options.retry } : {}),
    });
    const listed = await client.listCampaigns();
    const known = new Set(listed.map((c) => c.id));
    const unlisted = ids.filter((id) => !known.has(id));
    const exists = await Promise.all(unlisted.map((id) => client.campaignExists(id)));
    const missing = new Set(unlisted.filter((_, k) => !exists[k]));
    return unknownCampaignIssues(declarations, missing, listed);
  } catch (error) {
    return [lookupFailure(error, ids)];
  }
}
