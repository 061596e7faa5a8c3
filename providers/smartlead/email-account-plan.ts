import { admittedCampaigns } from "../../components/campaign-policy/admission";
import { changed } from "../provider-inputs";
import { GMAIL_MAIL_SCOPE } from "../workspace/oauth-endpoints";
import type {
  EmailAccount,
  SaveEmailAccountBody,
  SaveOauthAccountBody,
  UpdateEmailAccountBody,
  WarmupBody,
} from "./api-shapes";
import {
  type EmailAccountInputs,
  type EmailAccountOutputs,
  isOauth,
  type OAuthInputs,
  type PasswordInputs,
} from "./email-account-inputs";

/**
 * Pure planning for SmartleadEmailAccount: which Smartlead bodies to send, what changed, and how Smartlead's
 * answer maps back onto the resource's properties. No I/O here.
 */

export function saveBody(inputs: PasswordInputs, id?: number): SaveEmailAccountBody {
  const differentImap =
    inputs.imap.username !== inputs.smtp.username || inputs.imap.password !== inputs.smtp.password;
  return {
    ...(id === undefined ? {} : { id }),
    from_name: inputs.fromName,
    from_email: inputs.fromEmail,
    user_name: inputs.smtp.username,
    password: inputs.smtp.password,
    smtp_host: inputs.smtp.host,
    smtp_port: inputs.smtp.port,
    imap_host: inputs.imap.host,
    imap_port: inputs.imap.port,
    ...(differentImap ? { imap_user_name: inputs.imap.username, imap_password: inputs.imap.password } : {}),
    max_email_per_day: inputs.maxEmailsPerDay,
    custom_tracking_url: inputs.customTrackingUrl,
    // The save call takes the warmup settings too: one call instead of save + warmup.
    ...warmupBody(inputs),
    type: "SMTP",
  };
}

/**
 * The save-oauth body (https://api.smartlead.ai/api-reference/email-accounts/add-oauth): a GMAIL account whose
 * token was minted by the customer's own client, so `use_whitelabel_credentials: true` (Smartlead refreshes
 * it with the client registered under Private Infrastructure).
 */
export function saveOauthBody(
  inputs: OAuthInputs,
  token: { accessToken: string; expiresAt: number },
  id?: number,
): SaveOauthAccountBody {
  return {
    ...(id === undefined ? {} : { id }),
    from_name: inputs.fromName,
    from_email: inputs.fromEmail,
    username: inputs.fromEmail,
    type: "GMAIL",
    token: {
      token_type: "Bearer",
      access_token: token.accessToken,
      refresh_token: inputs.connection.refreshToken,
      expiry_date: token.expiresAt,
      scope: GMAIL_MAIL_SCOPE,
    },
    use_whitelabel_credentials: true,
    max_email_per_day: inputs.maxEmailsPerDay,
    custom_tracking_url: inputs.customTrackingUrl,
    ...warmupBody(inputs),
  };
}

export function warmupBody(inputs: EmailAccountInputs): WarmupBody {
  return {
    warmup_enabled: inputs.warmup.enabled,
    total_warmup_per_day: inputs.warmup.perDay,
    daily_rampup: inputs.warmup.dailyRampup,
    reply_rate_percentage: inputs.warmup.replyRate,
  };
}

export function updateBody(inputs: EmailAccountInputs): UpdateEmailAccountBody {
  return {
    from_name: inputs.fromName,
    max_email_per_day: inputs.maxEmailsPerDay,
    custom_tracking_url: inputs.customTrackingUrl,
  };
}

/** Smartlead may store the tracking domain with a scheme or a trailing slash. */
export function trackingDomain(value: string | null | undefined): string {
  return (value ?? "")
    .trim()
    .toLowerCase()
    .replace(/^https?:\/\//, "")
    .replace(/\/+$/, "");
}

export interface UpdatePlan {
  credentials: boolean;
  settings: boolean;
  warmup: boolean;
  addTo: number[];
  removeFrom: number[];
}

/**
 * Whether the mailbox must be connected again: other SMTP/IMAP logins; for OAuth another client or refresh
 * token (re-authorized), a switch from passwords, or a connection Smartlead reported broken.
 */
function credentialsChanged(olds: EmailAccountOutputs, news: EmailAccountInputs): boolean {
  if (isOauth(news)) return changed(declaredConnection(olds), news.connection) || olds.connected === false;
  return changed(olds.smtp, news.smtp) || changed(olds.imap, news.imap);
}

/**
 * The stored connection as it is declared today: without the OAuth client's secret, which accounts created before
 * credentials were held once stored in it (../credentials.ts), so that they show no change.
 */
function declaredConnection(olds: Partial<EmailAccountOutputs>): unknown {
  const connection = olds.connection as Record<string, unknown> | undefined;
  if (connection?.kind !== "oauth" || !("clientSecret" in connection)) return connection;
  const { clientSecret: _held, ...declared } = connection;
  return declared;
}

/**
 * The campaigns the account is to be in: the declared ones as the campaign policy admits them, against the
 * membership `current` (the stored one on update, the live one on create).
 */
export function targetCampaigns(news: EmailAccountInputs, current: readonly number[]): number[] {
  return admittedCampaigns(news.campaignIds, news.campaignAdmission, current);
}

export function planUpdate(olds: EmailAccountOutputs, news: EmailAccountInputs): UpdatePlan {
  const oldCampaigns = new Set(olds.campaignIds ?? []);
  const newCampaigns = new Set(targetCampaigns(news, olds.campaignIds ?? []));
  return {
    credentials: credentialsChanged(olds, news),
    settings:
      olds.fromName !== news.fromName ||
      olds.maxEmailsPerDay !== news.maxEmailsPerDay ||
      trackingDomain(olds.customTrackingUrl) !== trackingDomain(news.customTrackingUrl),
    warmup: changed(olds.warmup, news.warmup),
    addTo: [...newCampaigns].filter((c) => !oldCampaigns.has(c)),
    removeFrom: [...oldCampaigns].filter((c) => !newCampaigns.has(c)).sort((a, b) => a - b),
  };
}

/** Input properties whose change replaces the resource: another address is another Smartlead account. */
export const replacingProperties = ["fromEmail"] as const;

/** Top-level input properties that differ (order-insensitive for campaign ids). */
export function changedProperties(olds: Partial<EmailAccountOutputs>, news: EmailAccountInputs): string[] {
  const differing: string[] = [];
  for (const key of Object.keys(news) as (keyof EmailAccountInputs)[]) {
    const before = olds[key];
    const after = news[key];
    if (key === "campaignAdmission") {
      // Only what it does to membership counts (campaignIds below): waiting, then joining, is no change by itself.
    } else if (key === "campaignIds") {
      const a = [...((before as number[] | undefined) ?? [])].sort((x, y) => x - y);
      if (changed(a, targetCampaigns(news, a))) differing.push(key);
    } else if (key === "customTrackingUrl") {
      if (trackingDomain(before as string | undefined) !== trackingDomain(after as string))
        differing.push(key);
    } else if (key === "fromEmail") {
      if (String(before ?? "").toLowerCase() !== after) differing.push(key);
    } else if (key === "connection") {
      if (changed(declaredConnection(olds), after)) differing.push(key);
    } else if (changed(before, after)) {
      differing.push(key);
    }
  }
  // A password account switching to OAuth: its stored smtp/imap are no input any more.
  if (isOauth(news) && olds.connection?.kind !== "oauth" && !differing.includes("connection"))
    differing.push("connection");
  // Smartlead lost the OAuth connection (refresh saw it): up connects it again.
  if (isOauth(news) && olds.connected === false) differing.push("connected");
  return differing;
}

export function warmupStatusOf(inputs: EmailAccountInputs): string {
  return inputs.warmup.enabled ? "ACTIVE" : "INACTIVE";
}

/** The account as this process just wrote it, for the shared directory. */
export function writtenAccount(inputs: EmailAccountInputs, id: number, campaignIds?: number[]): EmailAccount {
  const servers = isOauth(inputs)
    ? { username: inputs.fromEmail, type: "GMAIL", is_smtp_success: true, is_imap_success: true }
    : {
        username: inputs.smtp.username,
        smtp_host: inputs.smtp.host,
        smtp_port: inputs.smtp.port,
        imap_host: inputs.imap.host,
        imap_port: inputs.imap.port,
      };
  return {
    id,
    from_name: inputs.fromName,
    from_email: inputs.fromEmail,
    ...servers,
    message_per_day: inputs.maxEmailsPerDay,
    custom_tracking_domain: inputs.customTrackingUrl,
    warmup_details: {
      status: warmupStatusOf(inputs),
      reply_rate: inputs.warmup.replyRate,
      max_email_per_day: inputs.warmup.perDay,
    },
    ...(campaignIds ? { campaign_ids: campaignIds } : {}),
  };
}

/**
 * The resource's properties as Smartlead has them now. What the API reports replaces the stored value:
 * from_name, message_per_day, the tracking domain, warmup on/off (warmup_details.status), the reply rate,
 * warmup per day (only answered by the by-id call), SMTP/IMAP host and port, and campaign membership.
 * Passwords and the daily rampup are not readable and keep their stored values.
 */
export function liveOutputs(
  props: EmailAccountOutputs,
  account: EmailAccount,
  campaignIds: number[],
): EmailAccountOutputs {
  const w = account.warmup_details;
  const storedTracking = props.customTrackingUrl ?? "";
  const settings = {
    emailAccountId: account.id,
    fromName: account.from_name ?? props.fromName,
    maxEmailsPerDay: account.message_per_day,
    customTrackingUrl:
      trackingDomain(account.custom_tracking_domain) === trackingDomain(storedTracking)
        ? storedTracking
        : trackingDomain(account.custom_tracking_domain),
    warmup: {
      ...props.warmup,
      enabled: w ? w.status === "ACTIVE" : props.warmup.enabled,
      replyRate: w?.reply_rate ?? props.warmup.replyRate,
      perDay: w?.max_email_per_day ?? props.warmup.perDay,
    },
    campaignIds: [...campaignIds].sort((a, b) => a - b),
    warmupStatus: w?.status ?? props.warmupStatus,
  };
  if (isOauth(props)) {
    const { connectionProblem: _stale, ...rest } = props;
    const problem = oauthConnectionProblem(props, account);
    return {
      ...rest,
      ...settings,
      connected: problem === undefined,
      ...(problem ? { connectionProblem: problem } : {}),
    };
  }
  return {
    ...props,
    ...settings,
    smtp: {
      ...props.smtp,
      host: account.smtp_host ?? props.smtp.host,
      port: account.smtp_port ?? props.smtp.port,
    },
    imap: {
      ...props.imap,
      host: account.imap_host ?? props.imap.host,
      port: account.imap_port ?? props.imap.port,
    },
  };
}

/**
 * An OAuth account whose connection Smartlead reports broken (is_smtp_success / is_imap_success false, with
 * smtp_failure_error / imap_failure_error: https://api.smartlead.ai/api-reference/email-accounts/get-all): the
 * reason and the fix. Smartlead keeps refreshing the token itself, so a revoked or expired authorization
 * shows up here.
 */
export function oauthConnectionProblem(props: OAuthInputs, account: EmailAccount): string | undefined {
  if (account.is_smtp_success !== false && account.is_imap_success !== false) return undefined;
  const broken = [account.is_smtp_success === false && "SMTP", account.is_imap_success === false && "IMAP"]
    .filter(Boolean)
    .join(" and ");
  const reasons = [...new Set([account.smtp_failure_error, account.imap_failure_error].filter((r) => r))];
  return `Smartlead lost the ${broken} connection of ${props.fromEmail}${reasons.length ? ` (${reasons.join("; ")})` : ""}: authorize again (${props.connection.authorizeCommand}), then \`pulumi up\` connects it with the new authorization`;
}
