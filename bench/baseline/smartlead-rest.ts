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

export interface MailboxLogin {
  email: string;
  fromName: string;
  password: string;
  smtp: { host: string; port: number };
  imap: { host: string; port: number };
}

export class SeedSmartlead {
  constructor(private readonly access: SmartleadAccess) {}

  private call<T>(what: string, method: string, path: string, body?: unknown): Promise<T> {
    const url = `${this.access.baseUrl}${path}${path.includes("?") ? "&" : "?"}api_key=${encodeURIComponent(this.access.apiKey)}`;
    return fetchJson<T>(what, url, { method, body }, this.access.backoffMs);
  }

  async connect(mailbox: MailboxLogin, maxEmailsPerDay: number): Promise<number> {
    const answer = await this.call<{ emailAccountId?: number; data?: { id: number } }>(
      `connect ${mailbox.email}`,
      "POST",
      "/email-accounts/save",
      {
        from_name: mailbox.fromName,
        from_email: mailbox.email,
        user_name: mailbox.email,
        password: mailbox.password,
        smtp_host: mailbox.smtp.host,
        smtp_port: mailbox.smtp.port,
        imap_host: mailbox.imap.host,
        imap_port: mailbox.imap.port,
        max_email_per_day: maxEmailsPerDay,
        // Smartlead requires the flag on save; the warmup settings themselves follow in their own call.
        warmup_enabled: true,
        type: "SMTP",
      },
    );
    const id = answer.emailAccountId ?? answer.data?.id;
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
