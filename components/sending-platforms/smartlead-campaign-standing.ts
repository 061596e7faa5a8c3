import { createHash } from "node:crypto";
import type { MailboxSignals } from "../../health/signals";
import { smartleadMailboxSignals } from "../../health/smartlead-mailboxes";
import type { EmailAccount } from "../../providers/smartlead/api-shapes";
import { accountList } from "../../providers/smartlead/fleet-account-listing";
import type { RetryOptions } from "../../providers/smartlead/retry-policy";
import { SmartleadClient } from "../../providers/smartlead/smartlead-client";
import type { MailboxStanding } from "../campaign-policy/campaign-policy";
import type { MailboxStandings } from "../campaign-policy/mailbox-standings";
import { revealConfigSecret as reveal } from "../config/config-secret";
import type { MailinfraConfig } from "../config/schema";

export interface SmartleadStandingOptions {
  /** Retries of the Smartlead client (tests shorten them). @default the client's */
  retry?: RetryOptions;
  /**
   * The longest one call waits for its slot in the key's shared rate budget before the policy gives up on
   * Smartlead for this run (the mailboxes then wait, with that reason).
   * @default 61000
   */
  maxWaitMs?: number;
}

const describe = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * How long one read of the key's account list serves the program's runs in this process. `up` runs the program
 * twice within seconds (preview, then update) in one process (`npm run pulumi`'s runtime): one listing serves both,
 * 16 calls for 1,500 accounts instead of 32, against Smartlead's 1,000 an hour. Short, so a later run (a consumer's
 * Automation API loop) reads membership afresh. In a `npm run fleet` command the fleet's stacks share one read
 * (fleet-account-listing.ts).
 */
export const ACCOUNT_LIST_REUSE_MS = 60_000;

const recentLists = new Map<string, { at: number; accounts: Promise<EmailAccount[]> }>();

/** The key's accounts, read at most once per `ACCOUNT_LIST_REUSE_MS` in this process; a failed read is not kept. */
function recentAccountList(
  client: SmartleadClient,
  baseUrl: string,
  apiKey: string,
  maxWaitMs: number,
): Promise<EmailAccount[]> {
  const key = createHash("sha256").update(`${baseUrl}\n${apiKey}`).digest("hex");
  const kept = recentLists.get(key);
  if (kept && Date.now() - kept.at < ACCOUNT_LIST_REUSE_MS) return kept.accounts;
  const accounts = accountList(client, { maxWaitMs });
  recentLists.set(key, { at: Date.now(), accounts });
  accounts.catch(() => {
    if (recentLists.get(key)?.accounts === accounts) recentLists.delete(key);
  });
  return accounts;
}

/** The mailboxes Smartlead connects that declare campaigns: the only ones the policy has anything to decide for. */
function declaring(config: MailinfraConfig) {
  return config.domains.flatMap((d) =>
    d.mailboxes.filter((m) => m.smartlead.enabled && m.smartlead.campaignIds.length > 0),
  );
}

/**
 * When the account's warmup started: `warmup_details.warmup_created_at` of the account list
 * (https://api.smartlead.ai/api-reference/email-accounts/get-all; the by-id answer names it `created_at`,
 * …/get-by-id). Smartlead does not document whether turning warmup off and on again moves it.
 */
function warmupStart(account: EmailAccount): MailboxStanding["warmup"] {
  const at = account.warmup_details?.warmup_created_at ?? account.warmup_details?.created_at;
  if (at) return { kind: "started", at };
  return { kind: "unknown", detail: "Smartlead's account list gave no warmup_details.warmup_created_at" };
}

/**
 * Smartlead's side of the campaign policy, read once at the start of a run: one listing of the key's accounts
 * (`GET /email-accounts/?fetch_campaigns=true`, 100 a call) gives each declaring mailbox's account, the campaigns
 * it is in and its warmup start. No call when no mailbox declares a campaign. Calls go through the key's shared
 * rate budget, as `up`'s own; a listing that fails (or would wait longer than `maxWaitMs` for the budget) leaves
 * every mailbox's membership and warmup start unknown, so they wait with that reason: never an error.
 * The health signals of the mailboxes whose domain is checked are health/smartlead-mailboxes.ts's, without
 * warmup stats (one more listing, only when a domain is checked).
 */
export async function smartleadCampaignStandings(
  config: MailinfraConfig,
  options: SmartleadStandingOptions = {},
): Promise<MailboxStandings> {
  const mailboxes = declaring(config);
  const smartlead = config.smartlead;
  const none: MailboxStandings = { mailboxes: new Map(), signals: async () => [] };
  if (mailboxes.length === 0 || smartlead === undefined) return none;
  const maxWaitMs = options.maxWaitMs ?? 61_000;
  const client = new SmartleadClient({
    apiKey: await reveal(smartlead.apiKey),
    baseUrl: smartlead.baseUrl,
    ...(smartlead.rateLimit ? { rateLimit: smartlead.rateLimit } : {}),
    ...(options.retry ? { retry: options.retry } : {}),
  });
  let byEmail: Map<string, EmailAccount> | undefined;
  let accounts: readonly EmailAccount[] | undefined;
  let failure = "";
  try {
    accounts = await recentAccountList(client, smartlead.baseUrl, await reveal(smartlead.apiKey), maxWaitMs);
    byEmail = new Map(accounts.map((a) => [a.from_email.toLowerCase(), a]));
  } catch (error) {
    failure = `Smartlead's account list could not be read: ${describe(error)}`;
  }
  const standings = new Map<string, MailboxStanding>();
  for (const m of mailboxes) {
    const address = m.address.toLowerCase();
    const campaignIds = m.smartlead.campaignIds;
    const account = byEmail?.get(address);
    // A mailbox whose configuration turns warmup off has no warmup period: Smartlead may give it no warmup start.
    const off = m.smartlead.warmup.enabled ? undefined : ({ kind: "off" } as const);
    standings.set(
      address,
      byEmail === undefined
        ? { address, campaignIds, warmup: off ?? { kind: "unknown", detail: failure } }
        : account === undefined
          ? { address, campaignIds, currentCampaignIds: [], warmup: off ?? { kind: "new" } }
          : {
              address,
              campaignIds,
              ...(account.campaign_ids ? { currentCampaignIds: account.campaign_ids } : {}),
              warmup: off ?? warmupStart(account),
            },
    );
  }
  const signals = async (addresses: string[]): Promise<MailboxSignals[]> =>
    smartleadMailboxSignals(
      client,
      addresses.map((address) => {
        const id = byEmail?.get(address.toLowerCase())?.id;
        return { address, ...(id === undefined ? {} : { smartleadAccountId: id }) };
      }),
      { warmupStats: false, maxWaitMs, ...(accounts ? { accounts } : {}) },
    );
  return { mailboxes: standings, signals, ...(byEmail === undefined ? { unreadable: failure } : {}) };
}
