import { authorizationKey, authorizationPath } from "../config/authorizations";
import { type ConfigIssue, configError, configWarning } from "../config/issue";
import { AUTHORIZE_COMMAND } from "../config/mailbox-connection";
import type { MailinfraConfig } from "../config/schema";
import { type ConfigRule, domainContexts } from "./rule";

/** Google's page: password sign-in for IMAP/SMTP/POP turned off on every Workspace account, autumn 2024. */
const LESS_SECURE_APPS_PAGE = "https://support.google.com/a/answer/14114704";
/** Google's page on app passwords: 2-Step Verification on, created by the user (https://support.google.com/accounts/answer/185833). */
const APP_PASSWORDS_PAGE = "https://support.google.com/accounts/answer/185833";

const OAUTH_CLIENT_FIX =
  "Create an OAuth client in your Google Cloud project (APIs & Services › Credentials › Create credentials › " +
  "OAuth client ID, application type Web application, redirect URIs Smartlead's callback and " +
  'http://127.0.0.1:8765, scope https://mail.google.com/; register it in Smartlead too; see README, "Authorizing ' +
  "mailboxes\"), then run: pulumi config set --path 'mailinfra:google.oauthClient.clientId' <client-id> && " +
  "pulumi config set --secret --path 'mailinfra:google.oauthClient.clientSecret' (it asks for the secret)";

/**
 * Each Google Workspace mailbox connects to Smartlead the way Google still allows: OAuth (with the stack's
 * OAuth client) or an app password (given as a secret); never the user's plain password. Authorizations
 * name declared OAuth mailboxes.
 */
export const mailboxConnectionsRule: ConfigRule = (config) => {
  const issues: ConfigIssue[] = [];
  const oauthMailboxes: string[] = [];
  const oauthAddresses = new Set<string>();
  const declared = new Set<string>();
  for (const { domain, path } of domainContexts(config)) {
    if (domain.platform.kind !== "google-workspace") continue;
    domain.mailboxes.forEach((mailbox, j) => {
      declared.add(authorizationKey(mailbox.address));
      const at = (...sub: PropertyKey[]) => path("mailboxes", j, ...sub);
      if (mailbox.connection === "oauth" && mailbox.smartlead.enabled) {
        oauthMailboxes.push(at());
        oauthAddresses.add(authorizationKey(mailbox.address));
      }
      if (mailbox.connection === "password") {
        issues.push(
          configError(
            at("connection"),
            `is password, but Google turned off password sign-in for IMAP and SMTP on every Workspace account in autumn 2024 (${LESS_SECURE_APPS_PAGE}): Smartlead could not sign in to ${mailbox.address}`,
            `Set connection: oauth and authorize the mailbox once with ${AUTHORIZE_COMMAND}, or connection: app-password with an appPassword the user created (${APP_PASSWORDS_PAGE}).`,
          ),
        );
      }
      if (mailbox.connection === "app-password" && mailbox.appPassword === undefined) {
        issues.push(
          configError(
            at("appPassword"),
            `is missing: connection: app-password needs the app password ${mailbox.address} created`,
            `Have the user turn on 2-Step Verification and create an app password (Google Account › Security › App passwords, ${APP_PASSWORDS_PAGE}), then run: pulumi config set --secret --path '${at("appPassword")}' <app-password>; or set connection: oauth.`,
          ),
        );
      }
      if (mailbox.connection !== "app-password" && mailbox.appPassword !== undefined) {
        issues.push(
          configWarning(
            at("appPassword"),
            `is set, but the mailbox connects with ${mailbox.connection}, so it is not used`,
            `Set connection: app-password to use it, or remove it: pulumi config rm --path '${at("appPassword")}'.`,
          ),
        );
      }
    });
  }
  // Without mailinfra:google at all, its own error (mailboxes.ts) says what to set up first.
  if (oauthMailboxes.length > 0 && config.google !== undefined && config.google.oauthClient === undefined) {
    const first = oauthMailboxes[0];
    const more = oauthMailboxes.length > 1 ? ` and ${oauthMailboxes.length - 1} more` : "";
    issues.push(
      configError(
        "mailinfra:google.oauthClient",
        `is missing: ${first}${more} connect to Smartlead with OAuth, which needs your Google OAuth client`,
        OAUTH_CLIENT_FIX,
      ),
    );
  }
  issues.push(...authorizationIssues(config, declared, oauthAddresses));
  return issues;
};

function authorizationIssues(
  config: MailinfraConfig,
  declared: Set<string>,
  oauth: Set<string>,
): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  for (const address of Object.keys(config.authorizations)) {
    const key = authorizationKey(address);
    const path = authorizationPath(address);
    const remove = `pulumi config rm --path '${path}'`;
    if (!declared.has(key)) {
      issues.push(
        configWarning(
          path,
          "is an authorization for a mailbox no domain of this stack declares; it is not used",
          `Remove it (${remove}) and revoke the token in the Admin console (Security › API controls › App access control), or fix the address.`,
        ),
      );
    } else if (!oauth.has(key)) {
      issues.push(
        configWarning(
          path,
          "is an authorization for a mailbox that does not connect to Smartlead with OAuth; it is not used",
          `Set connection: oauth on the mailbox to use it, or remove it: ${remove}.`,
        ),
      );
    }
  }
  return issues;
}
