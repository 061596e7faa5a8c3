import { setTimeout } from "node:timers/promises";
import type * as pulumi from "@pulumi/pulumi";
import { AUTHORIZE_COMMAND } from "../../components/config/mailbox-connection";
import { credential, missingCredentialFailures } from "../credentials";
import { checkMailboxLogin, MailboxLoginError } from "../mailbox-login/mailbox-login";
import { gmailRefusalFix } from "../workspace/gmail-refusal-fix";
import { mintAccessToken, OAuthRefreshError } from "../workspace/oauth-refresh";
import { accountDirectory, forgetAccount, rememberAccount } from "./account-directory";
import type { EmailAccount } from "./api-shapes";
import { changeCampaignMembership, type MembershipChange } from "./campaign-membership";
import { campaignRoster } from "./campaign-roster";
import {
  type EmailAccountInputs,
  type EmailAccountOutputs,
  isOauth,
  type OAuthInputs,
  parseInputs,
  validateInputs,
} from "./email-account-inputs";
import {
  changedProperties,
  liveOutputs,
  planUpdate,
  replacingProperties,
  saveBody,
  saveOauthBody,
  targetCampaigns,
  updateBody,
  warmupBody,
  warmupStatusOf,
  writtenAccount,
} from "./email-account-plan";
import { retryDelayMs } from "./retry-policy";
import { SmartleadClient } from "./smartlead-client";
import { SmartleadApiError, SmartleadVerificationError } from "./smartlead-error";
import { smartleadSettings } from "./smartlead-settings";

/**
 * Dynamic provider of SmartleadEmailAccount: plain async functions that talk to Smartlead (and, before a
 * mailbox is connected, to its SMTP and IMAP servers). Loaded at call time by the shim, in the engine's
 * provider process; the only module state is per-process caches keyed by API base URL + key.
 */

/**
 * The client for the stack's API key (../credentials.ts); `stored` is what a resource holds, whose `apiKey` serves
 * accounts created before keys were held once when the process holds none.
 */
function clientFor(i: Pick<EmailAccountInputs, "baseUrl" | "rateLimit">, stored?: Record<string, unknown>) {
  const { timeoutMs, retry } = smartleadSettings.current();
  return new SmartleadClient({
    apiKey: credential("smartleadApiKey", stored),
    baseUrl: i.baseUrl,
    timeoutMs,
    rateLimit: i.rateLimit,
    retry,
  });
}

/** Errors reach the user through Pulumi: say which mailbox, keep Smartlead's (already redacted) words. */
function failure(email: string, action: string, error: unknown): Error {
  const message = error instanceof Error ? error.message : String(error);
  const wrapped = new Error(`SmartleadEmailAccount ${email}: ${action} failed: ${message}`);
  (wrapped as { cause?: unknown }).cause = error;
  return wrapped;
}

/** OAuth mailboxes have no password to try: Smartlead validates the token itself on save-oauth. */
async function loginCheck(i: EmailAccountInputs): Promise<void> {
  if (isOauth(i) || !i.loginCheck.enabled) return;
  try {
    await checkMailboxLogin(
      { email: i.fromEmail, smtp: i.smtp, imap: i.imap },
      {
        timeoutMs: i.loginCheck.timeoutMs,
        allowSelfSignedCertificates: i.loginCheck.allowSelfSignedCertificates,
      },
    );
  } catch (error) {
    if (error instanceof MailboxLoginError) {
      throw new Error(`SmartleadEmailAccount ${i.fromEmail}: not connected to Smartlead. ${error.message}`);
    }
    throw error;
  }
}

/**
 * An access token minted from the mailbox's refresh token, then save-oauth. Smartlead refreshing and logging
 * in with XOAUTH2 may still fail (its registered client is another one, the mailbox cannot use IMAP): said
 * with the fix.
 */
async function saveOauth(
  client: SmartleadClient,
  i: OAuthInputs,
  id?: number,
  stored?: Record<string, unknown>,
): Promise<{ emailAccountId: number }> {
  const c = i.connection;
  const token = await mintAccessToken({
    tokenUri: c.tokenUri,
    clientId: c.clientId,
    clientSecret: credential("oauthClientSecret", stored),
    refreshToken: c.refreshToken,
    authorizeCommand: c.authorizeCommand,
    timeoutMs: smartleadSettings.current().timeoutMs,
  });
  try {
    return await saveOauthVerified(client, saveOauthBody(i, token, id));
  } catch (error) {
    if (!(error instanceof SmartleadVerificationError)) throw error;
    // A refusal that is not about the authorization (IMAP off for the mailbox's OU) gets its own fix.
    const fix =
      gmailRefusalFix(error.detail) ??
      `Check that the OAuth client ${c.clientId} is the one registered in Smartlead (Settings → OAuth Configuration), or authorize again: run ${c.authorizeCommand}`;
    throw new Error(
      `Smartlead could not use the mailbox's authorization (${error.detail || "no detail given"}). ${fix}`,
    );
  }
}

/** Save-oauth attempts while Smartlead's check of a token Google has just accepted fails for a passing reason. */
export const OAUTH_VERIFICATION_ATTEMPTS = 3;

/**
 * Refusals that another attempt cannot change: Google refuses the grant or the client (RFC 6749 §5.2 error codes,
 * https://www.rfc-editor.org/rfc/rfc6749#section-5.2), Gmail refuses the login, or an Admin console switch blocks it.
 */
function lastingRefusal(error: SmartleadVerificationError): boolean {
  return (
    /invalid_grant|invalid_client|unauthorized_client|unsupported_grant_type|invalid_scope/i.test(
      error.detail,
    ) ||
    error.reason === "authentication failed" ||
    gmailRefusalFix(error.detail) !== undefined
  );
}

/**
 * save-oauth, tried again when Smartlead's own check of the token fails for another reason. mailinfra has just
 * minted an access token with the same refresh token, so the authorization is good; what Smartlead reports then
 * is its call to Google or to Gmail failing (a 429 or 5xx of Google's token endpoint, a timeout). The reference
 * (https://api.smartlead.ai/api-reference/email-accounts/add-oauth) names one error for every cause ("Invalid
 * OAuth token or connection validation failed") and does not say which of them pass: a refusal that is not one
 * of the lasting kinds above gets OAUTH_VERIFICATION_ATTEMPTS in all, with the Smartlead client's backoff. A
 * failed check creates no account (emailAccountId null), so trying again cannot duplicate one.
 */
async function saveOauthVerified(
  client: SmartleadClient,
  body: ReturnType<typeof saveOauthBody>,
): Promise<{ emailAccountId: number }> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await client.saveOauthAccount(body);
    } catch (error) {
      const last = attempt >= OAUTH_VERIFICATION_ATTEMPTS;
      if (!(error instanceof SmartleadVerificationError) || last || lastingRefusal(error)) throw error;
      await setTimeout(retryDelayMs(attempt, error, smartleadSettings.current().retry));
    }
  }
}

/**
 * Connects (or reconnects) the mailbox the way its inputs say: SMTP/IMAP passwords or OAuth. `stored`: what the
 * account holds already, whose OAuth client secret serves accounts created before it was held once.
 */
function saveConnection(
  client: SmartleadClient,
  i: EmailAccountInputs,
  id?: number,
  stored?: Record<string, unknown>,
) {
  return isOauth(i) ? saveOauth(client, i, id, stored) : client.saveEmailAccount(saveBody(i, id));
}

/**
 * The outputs beyond the inputs; an OAuth account just saved is connected. `campaignIds` is the membership the
 * account was converged to (the declared campaigns as the campaign policy admitted them).
 */
function resultOutputs(
  i: EmailAccountInputs,
  id: number,
  adopted: boolean,
  campaignIds: number[],
): EmailAccountOutputs {
  return {
    ...i,
    campaignIds,
    emailAccountId: id,
    adopted,
    warmupStatus: warmupStatusOf(i),
    ...(isOauth(i) ? { connected: true } : {}),
  };
}

/** Campaign ids the account is in now: from the list's campaign_ids, else from the declared campaigns' rosters. */
async function membershipOf(
  client: SmartleadClient,
  account: EmailAccount | undefined,
  accountId: number,
  declared: number[],
) {
  if (account?.campaign_ids) return account.campaign_ids;
  const rosters = await Promise.all(declared.map(async (c) => [c, await campaignRoster(client, c)] as const));
  return rosters.filter(([, members]) => members.has(accountId)).map(([c]) => c);
}

async function converge(
  client: SmartleadClient,
  accountId: number,
  addTo: number[],
  removeFrom: number[],
): Promise<void> {
  const change = (campaignId: number, kind: MembershipChange) =>
    changeCampaignMembership(
      client,
      campaignId,
      kind,
      accountId,
      smartleadSettings.current().campaignBatch,
    ).catch((error: unknown) => {
      throw new Error(
        `${kind === "add" ? "adding it to" : "removing it from"} campaign ${campaignId}: ${error instanceof Error ? error.message : String(error)}`,
      );
    });
  const results = await Promise.allSettled([
    ...addTo.map((c) => change(c, "add")),
    ...removeFrom.map((c) => change(c, "remove")),
  ]);
  const errors = results.filter((r) => r.status === "rejected").map((r) => (r.reason as Error).message);
  if (errors.length > 0) throw new Error(errors.join("; "));
}

/**
 * An OAuth mailbox waiting for its authorization (`connection.kind: "pending"`): the resource is registered
 * so that the engine never deletes an account already connected for the address, but Smartlead is not called.
 * Its id says so (`pending:<address>`); once authorized, the real account replaces it.
 */
const PENDING_ID = "pending:";

function isPending(raw: unknown): boolean {
  return (raw as { connection?: { kind?: unknown } } | undefined)?.connection?.kind === "pending";
}

function pendingOutputs(raw: Record<string, unknown>): Record<string, unknown> {
  const command = (raw.connection as { authorizeCommand?: unknown }).authorizeCommand ?? AUTHORIZE_COMMAND;
  return {
    ...raw,
    pending: true,
    connected: false,
    connectionProblem: `not authorized yet: run ${command}, then \`pulumi up\` connects it`,
  };
}

async function check(_olds: unknown, news: Record<string, unknown>): Promise<pulumi.dynamic.CheckResult> {
  if (isPending(news)) return { inputs: news };
  const { inputs, failures } = validateInputs(news);
  const oauth = (news.connection as { kind?: unknown } | undefined)?.kind === "oauth";
  const all = [
    ...failures,
    ...missingCredentialFailures("smartleadApiKey"),
    ...(oauth ? missingCredentialFailures("oauthClientSecret") : []),
  ];
  if (all.length > 0) return { inputs: inputs ?? news, failures: all };
  return { inputs: inputs ?? news };
}

async function diff(
  _id: string,
  olds: EmailAccountOutputs,
  news: Record<string, unknown>,
): Promise<pulumi.dynamic.DiffResult> {
  const wasPending = (olds as { pending?: boolean }).pending === true;
  // Waiting for an authorization: whatever is there stays as it is (a connected account is not touched).
  if (isPending(news)) return { changes: false };
  // Authorized now: the real account replaces the placeholder (created first; the placeholder's delete is a no-op).
  if (wasPending) return { changes: true, replaces: ["connection"], deleteBeforeReplace: false };
  const { inputs } = validateInputs(news);
  if (!inputs) {
    // Some inputs are not known yet (a preview, while the mailbox itself changes): a new address known
    // already still means a new account, and the plan must say so (a renamed mailbox).
    const address = typeof news.fromEmail === "string" ? news.fromEmail.trim().toLowerCase() : "";
    const moved = address.includes("@") && address !== String(olds.fromEmail ?? "").toLowerCase();
    return { changes: true, replaces: moved ? ["fromEmail"] : [], deleteBeforeReplace: false };
  }
  const changed = changedProperties(olds, inputs);
  const replaces = changed.filter((p) => (replacingProperties as readonly string[]).includes(p));
  return { changes: changed.length > 0, replaces, deleteBeforeReplace: false };
}

/**
 * A mailbox whose authorization Google refuses (revoked, expired, password changed) needs the person, not a
 * retry: the run goes on for every other mailbox and domain, and this one is left not connected, with the fix.
 * Printed on stderr, which the engine shows beside the resource.
 */
function needsAuthorization(error: unknown): error is OAuthRefreshError {
  return error instanceof OAuthRefreshError && error.needsAuthorization;
}

function notConnectedNow(email: string, error: OAuthRefreshError): string {
  const line = `SmartleadEmailAccount ${email}: not connected: ${error.message}`;
  process.stderr.write(`${line}\n`);
  return error.message;
}

async function create(raw: Record<string, unknown>): Promise<pulumi.dynamic.CreateResult> {
  if (isPending(raw)) {
    return { id: `${PENDING_ID}${String(raw.fromEmail).toLowerCase()}`, outs: pendingOutputs(raw) };
  }
  try {
    return await createAccount(raw);
  } catch (error) {
    const cause = (error as { cause?: unknown }).cause;
    if (!needsAuthorization(cause)) throw error;
    // A placeholder, as for a mailbox not authorized yet: the next authorization replaces it.
    return {
      id: `${PENDING_ID}${String(raw.fromEmail).toLowerCase()}`,
      outs: {
        ...raw,
        pending: true,
        connected: false,
        connectionProblem: notConnectedNow(String(raw.fromEmail), cause),
      },
    };
  }
}

async function createAccount(raw: Record<string, unknown>): Promise<pulumi.dynamic.CreateResult> {
  const i = parseInputs(raw);
  await loginCheck(i);
  const client = clientFor(i);
  let existing: EmailAccount | undefined;
  let id: number;
  try {
    existing = (await accountDirectory(client)).byEmail.get(i.fromEmail);
    try {
      id = (await saveConnection(client, i, existing?.id)).emailAccountId;
    } catch (error) {
      // Someone connected the same address since the list was read (or our first try's answer was lost):
      // Smartlead names the existing account, which is then taken over.
      if (
        !(
          error instanceof SmartleadApiError &&
          error.errorCode === "ACCOUNT_ALREADY_EXIST" &&
          error.emailAccountId
        )
      ) {
        throw error;
      }
      existing = (await client.getEmailAccount(error.emailAccountId, { fetchCampaigns: true })) ?? {
        ...writtenAccount(i, error.emailAccountId),
        campaign_ids: undefined,
      };
      id = (await saveConnection(client, i, error.emailAccountId)).emailAccountId;
    }
  } catch (error) {
    throw failure(i.fromEmail, "connecting the mailbox to Smartlead", error);
  }
  const current = existing ? await membershipOf(client, existing, id, i.campaignIds) : [];
  rememberAccount(client, writtenAccount(i, id, current));
  const target = targetCampaigns(i, current);
  const addTo = target.filter((c) => !current.includes(c));
  const removeFrom = current.filter((c) => !target.includes(c));
  try {
    await converge(client, id, addTo, removeFrom);
  } catch (error) {
    throw failure(i.fromEmail, `campaign assignment of Smartlead account ${id}`, error);
  }
  return { id: String(id), outs: resultOutputs(i, id, existing !== undefined, target) };
}

async function read(id: string, props: EmailAccountOutputs): Promise<pulumi.dynamic.ReadResult> {
  if (id.startsWith(PENDING_ID)) return { id, props };
  if (!props?.baseUrl) {
    // `pulumi import` reads with no stored inputs. Declaring the account instead lets `up` adopt it by address.
    throw new Error(
      `SmartleadEmailAccount ${id}: cannot be imported; declare it with its fromEmail and \`pulumi up\` takes the existing account over`,
    );
  }
  const client = clientFor(props, props as unknown as Record<string, unknown>);
  const accountId = Number(id);
  const directory = await accountDirectory(client);
  // Not in the shared list: ask for it alone before concluding it was removed in Smartlead.
  const account =
    directory.byId.get(accountId) ?? (await client.getEmailAccount(accountId, { fetchCampaigns: true }));
  if (!account) return {};
  const campaigns = await membershipOf(client, account, accountId, props.campaignIds ?? []);
  return { id, props: liveOutputs(props, account, campaigns) };
}

async function update(
  id: string,
  olds: EmailAccountOutputs,
  raw: Record<string, unknown>,
): Promise<pulumi.dynamic.UpdateResult> {
  const i = parseInputs(raw);
  const client = clientFor(i);
  const accountId = Number(id);
  const plan = planUpdate(olds, i);
  try {
    if (plan.credentials) {
      await loginCheck(i);
      await saveConnection(client, i, accountId, olds as unknown as Record<string, unknown>);
    } else if (plan.settings && plan.warmup) {
      // Both kinds of change fit in one save call (it takes settings and warmup), instead of two calls.
      await saveConnection(client, i, accountId, olds as unknown as Record<string, unknown>);
    } else if (plan.settings) {
      await client.updateEmailAccount(accountId, updateBody(i));
    } else if (plan.warmup) {
      await client.setWarmup(accountId, warmupBody(i));
    }
  } catch (error) {
    if (needsAuthorization(error)) {
      // The account stays as Smartlead has it; the next `up` after authorizing again connects it.
      return { outs: { ...olds, connected: false, connectionProblem: notConnectedNow(i.fromEmail, error) } };
    }
    if (error instanceof SmartleadApiError && error.status === 404) {
      throw failure(
        i.fromEmail,
        "updating",
        new Error(
          `Smartlead account ${accountId} no longer exists; run \`pulumi refresh\`, then \`pulumi up\` connects it again`,
        ),
      );
    }
    throw failure(i.fromEmail, "updating the Smartlead account", error);
  }
  if (plan.credentials || plan.settings || plan.warmup) rememberAccount(client, writtenAccount(i, accountId));
  try {
    await converge(client, accountId, plan.addTo, plan.removeFrom);
  } catch (error) {
    throw failure(i.fromEmail, `campaign assignment of Smartlead account ${accountId}`, error);
  }
  return {
    outs: resultOutputs(i, accountId, olds.adopted ?? false, targetCampaigns(i, olds.campaignIds ?? [])),
  };
}

/**
 * The seeds' disconnect flow: out of every campaign it is in, warmup off, the account and its history kept.
 * `onDelete: "delete"` deletes the account in Smartlead instead.
 */
async function remove(id: string, props: EmailAccountOutputs): Promise<void> {
  if (id.startsWith(PENDING_ID)) return; // Nothing was connected.
  const client = clientFor(props, props as unknown as Record<string, unknown>);
  const accountId = Number(id);
  try {
    if (props.onDelete === "delete") {
      try {
        await client.deleteEmailAccount(accountId);
      } catch (error) {
        if (!(error instanceof SmartleadApiError && error.status === 404)) throw error;
      }
      forgetAccount(client, accountId);
      return;
    }
    const listed = (await accountDirectory(client)).byId.get(accountId);
    const account = listed ?? (await client.getEmailAccount(accountId, { fetchCampaigns: true }));
    if (!account) return; // Already gone from Smartlead: nothing to disconnect.
    const campaigns = await membershipOf(client, account, accountId, props.campaignIds ?? []);
    await converge(client, accountId, [], campaigns);
    if (account.warmup_details?.status !== "INACTIVE")
      await client.setWarmup(accountId, { warmup_enabled: false });
    rememberAccount(client, {
      ...account,
      campaign_ids: [],
      warmup_details: { ...(account.warmup_details ?? {}), status: "INACTIVE" },
    });
  } catch (error) {
    throw failure(
      props.fromEmail,
      props.onDelete === "delete" ? "deleting the Smartlead account" : "disconnecting",
      error,
    );
  }
}

export const provider: pulumi.dynamic.ResourceProvider = {
  check,
  diff,
  create,
  read,
  update,
  delete: remove,
};
