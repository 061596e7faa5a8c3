import { authorizeCommand } from "../authorize-command";

/**
 * How a mailbox is connected to Smartlead, the one place the choices and the default are defined.
 *
 * Google turned off password sign-in ("less secure apps") for IMAP, SMTP and POP on every Workspace account
 * in autumn 2024; only OAuth (SASL XOAUTH2) or an app password still sign in
 * (https://support.google.com/a/answer/14114704, "Transition from less secure apps to OAuth").
 *
 * - `oauth`: the customer's own Google OAuth client mints a refresh token once the mailbox has signed in
 *   (AUTHORIZE_COMMAND below); Smartlead connects the account as GMAIL.
 * - `app-password`: a 16-letter app password the mailbox's user created (needs 2-Step Verification), given as
 *   a Pulumi secret; Smartlead connects over SMTP/IMAP with it.
 * - `password`: the Workspace user's own password; written by hand, it is refused at preview on
 *   google-workspace (Google refuses it).
 */
export const MAILBOX_CONNECTIONS = ["oauth", "app-password", "password"] as const;

/**
 * What a person runs to authorize the OAuth mailboxes of a stack (scripts/authorize.ts), as messages that know no
 * stack name it: components/authorize-command.ts decides the command.
 */
export const AUTHORIZE_COMMAND = authorizeCommand("<stack>");
export type WrittenMailboxConnection = (typeof MAILBOX_CONNECTIONS)[number];

/**
 * What a Google Workspace mailbox without `connection` uses: OAuth, the way Google and Smartlead still allow
 * (see above). The mailbox is connected once it has been authorized (`npm run authorize`); until then `up`
 * lists it as pending and blocks nothing else.
 */
export const DEFAULT_WORKSPACE_CONNECTION: MailboxConnection = "oauth";

/** A mailbox's connection after defaults: what it wrote, or the default above. */
export type MailboxConnection = WrittenMailboxConnection;
