import { createHash } from "node:crypto";
import type { CallFault } from "../http/emulator-server";
import type { EmailAccountRecord, WarmupStatus } from "./account-record";
import type { RegisteredOAuthClient } from "./oauth-connection";

export type CampaignStatus = "DRAFTED" | "ACTIVE" | "COMPLETED" | "STOPPED" | "PAUSED";

export interface CampaignRecord {
  id: number;
  userId: number;
  name: string;
  status: CampaignStatus;
  createdAt: string;
  accountIds: Set<number>;
}

export interface CallRecord {
  /** Route template, e.g. `POST /email-accounts/save` or `GET /campaigns/{id}/email-accounts`. */
  route: string;
  method: string;
  /** Path without the query string: the api_key never lands in the log. */
  path: string;
  status: number;
  at: number;
  /** First 8 hex digits of sha256(api_key), to tell keys apart in tests. */
  key?: string;
  fault?: CallFault;
}

export interface NewAccount {
  fromEmail: string;
  fromName?: string;
  userId?: number;
  password?: string;
  smtpHost?: string;
  smtpPort?: number;
  imapHost?: string;
  imapPort?: number;
  messagePerDay?: number;
  customTrackingDomain?: string;
  warmup?: { enabled?: boolean; perDay?: number; dailyRampup?: number; replyRate?: number };
  isSmtpSuccess?: boolean;
  isImapSuccess?: boolean;
}

export function keyFingerprint(apiKey: string): string {
  return createHash("sha256").update(apiKey).digest("hex").slice(0, 8);
}

const warmupWords = [
  "apple",
  "brass",
  "cedar",
  "delta",
  "ember",
  "frost",
  "grape",
  "haze",
  "iris",
  "juniper",
];

/**
 * Everything the Smartlead emulator knows, open to tests: accounts, campaigns and who is in them, API keys
 * (each belongs to a user; data is per user, as in Smartlead) and a log of every call for counting.
 * `ui` holds the edits a person makes in Smartlead's web app, which the API then reports.
 */
export class SmartleadState {
  readonly accounts = new Map<number, EmailAccountRecord>();
  readonly campaigns = new Map<number, CampaignRecord>();
  readonly calls: CallRecord[] = [];
  private readonly keys = new Map<string, { userId: number; disabled: boolean }>();
  private readonly oauthClients = new Map<number, RegisteredOAuthClient>();
  private nextAccountId = 1001;
  private nextCampaignId = 501;
  private nextWarmupId = 90001;

  addApiKey(apiKey: string, userId = 1): void {
    this.keys.set(apiKey, { userId, disabled: false });
  }

  /** The key still exists but API access is off (Smartlead answers 403 for such keys). */
  disableApiKey(apiKey: string): void {
    const entry = this.keys.get(apiKey);
    if (entry) entry.disabled = true;
  }

  keyInfo(apiKey: string): { userId: number; disabled: boolean } | undefined {
    return this.keys.get(apiKey);
  }

  now(): string {
    return new Date().toISOString();
  }

  newWarmupKey(): string {
    const a = warmupWords[this.nextWarmupId % warmupWords.length];
    const b = warmupWords[(this.nextWarmupId * 7) % warmupWords.length];
    return `${a}-${b}-${this.nextWarmupId}`;
  }

  /** Creates an account directly, as if it had been connected earlier (e.g. by hand in the web app). */
  addAccount(input: NewAccount): EmailAccountRecord {
    const now = this.now();
    const email = input.fromEmail.toLowerCase();
    const password = input.password ?? "connected-earlier";
    const record: EmailAccountRecord = {
      id: this.nextAccountId++,
      userId: input.userId ?? 1,
      createdAt: now,
      updatedAt: now,
      fromName: input.fromName ?? email.split("@")[0]!,
      fromEmail: email,
      username: email,
      password,
      smtpHost: input.smtpHost ?? "smtp.gmail.com",
      smtpPort: input.smtpPort ?? 465,
      imapHost: input.imapHost ?? "imap.gmail.com",
      imapPort: input.imapPort ?? 993,
      imapUsername: email,
      imapPassword: password,
      messagePerDay: input.messagePerDay ?? 50,
      differentReplyToAddress: "",
      signature: null,
      customTrackingDomain: input.customTrackingDomain ?? "",
      bccEmail: null,
      isSmtpSuccess: input.isSmtpSuccess ?? true,
      isImapSuccess: input.isImapSuccess ?? true,
      smtpFailureError: null,
      imapFailureError: null,
      type: "SMTP",
      dailySentCount: 0,
      clientId: null,
      timeToWaitInMins: null,
      isSuspended: false,
      deleted: false,
      oauth: null,
      warmup: {
        id: this.nextWarmupId++,
        status: input.warmup?.enabled === false ? "INACTIVE" : "ACTIVE",
        createdAt: now,
        perDay: input.warmup?.perDay ?? 20,
        dailyRampup: input.warmup?.dailyRampup ?? 5,
        replyRate: input.warmup?.replyRate ?? 30,
        warmupKeyId: this.newWarmupKey(),
        blockedReason: null,
        totalSentCount: 0,
        totalSpamCount: 0,
        minCount: 3,
        reputation: "100%",
      },
    };
    this.accounts.set(record.id, record);
    return record;
  }

  addCampaign(input: {
    name: string;
    status?: CampaignStatus;
    userId?: number;
    accountIds?: number[];
  }): CampaignRecord {
    const campaign: CampaignRecord = {
      id: this.nextCampaignId++,
      userId: input.userId ?? 1,
      name: input.name,
      status: input.status ?? "DRAFTED",
      createdAt: this.now(),
      accountIds: new Set(input.accountIds ?? []),
    };
    this.campaigns.set(campaign.id, campaign);
    return campaign;
  }

  /** A live (not deleted) account of this user. */
  account(id: number, userId: number): EmailAccountRecord | undefined {
    const account = this.accounts.get(id);
    return account && !account.deleted && account.userId === userId ? account : undefined;
  }

  findByEmail(email: string): EmailAccountRecord | undefined {
    const wanted = email.toLowerCase();
    for (const account of this.accounts.values()) {
      if (!account.deleted && account.fromEmail === wanted) return account;
    }
    return undefined;
  }

  liveAccounts(userId: number): EmailAccountRecord[] {
    return [...this.accounts.values()]
      .filter((a) => !a.deleted && a.userId === userId)
      .sort((a, b) => a.id - b.id);
  }

  campaignIdsOf(accountId: number): number[] {
    return [...this.campaigns.values()]
      .filter((c) => c.accountIds.has(accountId))
      .map((c) => c.id)
      .sort((a, b) => a - b);
  }

  softDelete(account: EmailAccountRecord): void {
    // As documented for DELETE /email-accounts/{id}: out of every campaign, warmup INACTIVE, row kept.
    account.deleted = true;
    account.warmup.status = "INACTIVE";
    account.warmup.blockedReason = "Email account is deleted by user action";
    for (const campaign of this.campaigns.values()) campaign.accountIds.delete(account.id);
  }

  /**
   * An admin action in Smartlead's web app: Settings → OAuth Configuration → Google, the customer's own OAuth
   * client ("Private Infrastructure",
   * https://helpcenter.smartlead.ai/en/articles/296-how-to-set-up-private-infrastructure-oauth-in-smartlead-for-google-and-microsoft).
   * `save-oauth` with `use_whitelabel_credentials: true` refreshes tokens with it.
   */
  registerOAuthClient(client: RegisteredOAuthClient, userId = 1): void {
    this.oauthClients.set(userId, { clientId: client.clientId, clientSecret: client.clientSecret });
  }

  oauthClientOf(userId: number): RegisteredOAuthClient | undefined {
    return this.oauthClients.get(userId);
  }

  /**
   * What Smartlead shows once it can no longer refresh a mailbox's token (revoked, password changed): both
   * connection flags false with the reason, as the list's is_smtp_success / is_imap_success /
   * smtp_failure_error / imap_failure_error fields carry it (api-reference/email-accounts/get-all). The
   * failure text Smartlead stores is not documented; Google's refresh error is used.
   */
  markConnectionBroken(
    email: string,
    reason = "invalid_grant: Token has been expired or revoked.",
  ): EmailAccountRecord {
    const account = this.findByEmail(email);
    if (!account) throw new Error(`emulator: no email account ${email}`);
    account.isSmtpSuccess = false;
    account.isImapSuccess = false;
    account.smtpFailureError = reason;
    account.imapFailureError = reason;
    account.updatedAt = this.now();
    return account;
  }

  /**
   * The warmup days `GET /email-accounts/{id}/warmup-stats` reports for the account of `email` (dates outside its
   * 7-day window are kept but not answered). Counts not given are derived: delivered = sent − spam, no opens or
   * replies.
   */
  setWarmupDays(
    email: string,
    days: { date: string; sent: number; spam: number; opened?: number; replied?: number }[],
  ): EmailAccountRecord {
    const account = this.findByEmail(email);
    if (!account) throw new Error(`emulator: no email account ${email}`);
    account.warmup.days = days.map((d) => ({
      date: d.date,
      sent: d.sent,
      spam: d.spam,
      delivered: d.sent - d.spam,
      opened: d.opened ?? 0,
      replied: d.replied ?? 0,
    }));
    return account;
  }

  /** Number of logged calls, optionally for one route template (`"GET /email-accounts"`). */
  callCount(route?: string): number {
    return route ? this.calls.filter((c) => c.route === route).length : this.calls.length;
  }

  /** Calls per route template, e.g. `{ "POST /email-accounts/save": 3 }`. */
  callsByRoute(): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const call of this.calls) counts[call.route] = (counts[call.route] ?? 0) + 1;
    return counts;
  }

  /** What a person does in Smartlead's web app: the API reports it afterwards. */
  readonly ui = {
    setWarmup: (
      accountId: number,
      change: { enabled?: boolean; perDay?: number; dailyRampup?: number; replyRate?: number },
    ): void => {
      const account = this.mustGet(accountId);
      const w = account.warmup;
      if (change.enabled !== undefined)
        w.status = (change.enabled ? "ACTIVE" : "INACTIVE") satisfies WarmupStatus;
      if (change.perDay !== undefined) w.perDay = change.perDay;
      if (change.dailyRampup !== undefined) w.dailyRampup = change.dailyRampup;
      if (change.replyRate !== undefined) w.replyRate = change.replyRate;
      account.updatedAt = this.now();
    },
    setSettings: (
      accountId: number,
      change: {
        fromName?: string;
        messagePerDay?: number;
        customTrackingDomain?: string;
        isSuspended?: boolean;
      },
    ): void => {
      const account = this.mustGet(accountId);
      if (change.fromName !== undefined) account.fromName = change.fromName;
      if (change.messagePerDay !== undefined) account.messagePerDay = change.messagePerDay;
      if (change.customTrackingDomain !== undefined)
        account.customTrackingDomain = change.customTrackingDomain;
      if (change.isSuspended !== undefined) account.isSuspended = change.isSuspended;
      account.updatedAt = this.now();
    },
    removeAccount: (accountId: number): void => this.softDelete(this.mustGet(accountId)),
    addToCampaign: (campaignId: number, accountId: number): void => {
      this.mustGetCampaign(campaignId).accountIds.add(this.mustGet(accountId).id);
    },
    removeFromCampaign: (campaignId: number, accountId: number): void => {
      this.mustGetCampaign(campaignId).accountIds.delete(accountId);
    },
    setCampaignStatus: (campaignId: number, status: CampaignStatus): void => {
      this.mustGetCampaign(campaignId).status = status;
    },
  };

  private mustGet(accountId: number): EmailAccountRecord {
    const account = this.accounts.get(accountId);
    if (!account || account.deleted) throw new Error(`emulator: no email account ${accountId}`);
    return account;
  }

  private mustGetCampaign(campaignId: number): CampaignRecord {
    const campaign = this.campaigns.get(campaignId);
    if (!campaign) throw new Error(`emulator: no campaign ${campaignId}`);
    return campaign;
  }
}
