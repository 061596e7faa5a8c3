import { fetchJson } from "./retrying-fetch";

/**
 * The baseline's Smartlead calls, as the seeds' account connector makes them: connect the account, then one
 * call per setting (warmup, tracking domain), then one campaign assignment per account.
 */
export interface SmartleadAccess {
  baseUrl: string;
  apiKey: string;
  backoffMs: number;
}

export class SeedSmartlead {
  constructor(private readonly access: SmartleadAccess) {}

  private call<T>(what: string, method: string, path: string, body?: unknown): Promise<T> {
    const url = `${this.access.baseUrl}${path}${path.includes("?") ? "&" : "?"}api_key=${encodeURIComponent(this.access.apiKey)}`;
    return fetchJson<T>(what, url, { method, body }, this.access.backoffMs);
  }

  /**
   * Connects a Google Workspace mailbox with the OAuth token its person's consent gave
   * (`POST /email-accounts/save-oauth`, https://api.smartlead.ai/api-reference/email-accounts/add-oauth): Gmail
   * refuses a Workspace user's plain password over SMTP/IMAP, so the seeds' password login no longer connects.
   */
  async connectOAuth(
    mailbox: { email: string; fromName: string },
    token: { accessToken: string; refreshToken: string; expiresAt: number; scope: string },
    maxEmailsPerDay: number,
  ): Promise<number> {
    const answer = await this.call<{ emailAccountId?: number; id?: number; data?: { id: number } }>(
      `connect ${mailbox.email}`,
      "POST",
      "/email-accounts/save-oauth",
      {
        from_name: mailbox.fromName,
        from_email: mailbox.email,
        username: mailbox.email,
        type: "GMAIL",
        token: {
          token_type: "Bearer",
          access_token: token.accessToken,
          refresh_token: token.refreshToken,
          expiry_date: token.expiresAt,
          scope: token.scope,
        },
        use_whitelabel_credentials: true,
        max_email_per_day: maxEmailsPerDay,
        // Smartlead requires the flag on save; the warmup settings themselves follow in their own call.
        warmup_enabled: true,
      },
    );
    const id = answer.emailAccountId ?? answer.id ?? answer.data?.id;
    if (id === undefined) throw new Error(`connect ${mailbox.email}: no account id in the answer`);
    return id;
  }

  setWarmup(
    id: number,
    warmup: { perDay: number; dailyRampup: number; replyRate: number },
  ): Promise<unknown> {
    return this.call(`warmup ${id}`, "POST", `/email-accounts/${id}/warmup`, {
      warmup_enabled: true,
      total_warmup_per_day: warmup.perDay,
      daily_rampup: warmup.dailyRampup,
      reply_rate_percentage: warmup.replyRate,
    });
  }

  setTrackingDomain(id: number, trackingDomain: string): Promise<unknown> {
    return this.call(`tracking ${id}`, "POST", `/email-accounts/${id}`, {
      custom_tracking_url: trackingDomain,
    });
  }

  assignToCampaign(campaignId: number, id: number): Promise<unknown> {
    return this.call(`campaign ${campaignId} ← ${id}`, "POST", `/campaigns/${campaignId}/email-accounts`, {
      email_account_ids: [id],
    });
  }

  getAccount(id: number): Promise<unknown> {
    return this.call(`get ${id}`, "GET", `/email-accounts/${id}?fetch_campaigns=true`);
  }
}
