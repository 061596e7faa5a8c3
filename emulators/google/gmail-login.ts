import { randomBytes } from "node:crypto";
import type { MailLogin, MailLoginDecision } from "../mail/mail-login";
import { scopes } from "./api-call";
import type { EmulatedUser, GoogleWorkspaceState } from "./state";

/**
 * Google's rules for a login on Gmail's SMTP and IMAP servers, since password ("less secure app") sign-in was
 * turned off for every Workspace account in autumn 2024 (https://support.google.com/a/answer/14114704,
 * "Transition from less secure apps to OAuth": "CalDAV, CardDAV, IMAP, SMTP, and POP will no longer work with
 * legacy passwords"):
 * - SASL XOAUTH2 with a live, unexpired access token of scope https://mail.google.com/ issued to this user → ok
 *   (https://developers.google.com/gmail/imap/xoauth2-protocol);
 * - an app password of a 2-Step-enrolled user → ok (https://support.google.com/accounts/answer/185833);
 * - anything else is refused with Gmail's reply, below.
 */

/**
 * SMTP, bad credentials — what smtp.gmail.com answered in 2024 (https://github.com/nodemailer/nodemailer/issues/1656,
 * https://github.com/dawidd6/action-send-mail/issues/205); two spaces before the URL are Gmail's. The trailing id
 * is a per-session trace id.
 */
function smtpBadCredentials(): string {
  return [
    "535-5.7.8 Username and Password not accepted. For more information, go to",
    `535 5.7.8  https://support.google.com/mail/?p=BadCredentials ${traceId()} - gsmtp`,
  ].join("\r\n");
}

/**
 * SMTP, the right account password of a 2-Step-enrolled user (https://github.com/leiweibau/Pi.Alert/issues/236,
 * https://github.com/bberkay/openmail/issues/1).
 */
function smtpAppPasswordRequired(): string {
  return [
    "534-5.7.9 Application-specific password required. For more information, go to",
    `534 5.7.9  https://support.google.com/mail/?p=InvalidSecondFactor ${traceId()} - gsmtp`,
  ].join("\r\n");
}

/**
 * IMAP, bad credentials: also what accounts whose password had always worked got once password sign-in was
 * turned off (https://github.com/getmail6/getmail6/issues/236, April 2025; https://github.com/jstedfast/MailKit/issues/1276).
 */
const imapBadCredentials = "NO [AUTHENTICATIONFAILED] Invalid credentials (Failure)";

/** IMAP, the right account password of a 2-Step-enrolled user (https://github.com/BrianLeishman/go-imap/issues/25). */
const imapAppPasswordRequired =
  "NO [ALERT] Application-specific password required: https://support.google.com/accounts/answer/185833 (Failure)";

/**
 * The XOAUTH2 error challenge: base64 of a JSON body with status, schemes and scope (xoauth2-protocol page,
 * "Error response"). The page's example says 401 with "bearer mac"; Gmail's servers send 400/"Bearer", which is
 * what hoodiecrow (a Gmail-modelled server) copies — the live value could not be confirmed here.
 */
export const xoauth2Challenge = Buffer.from(
  JSON.stringify({ status: "400", schemes: "Bearer", scope: scopes.gmail }),
).toString("base64");

/**
 * IMAP, access turned off for the user's organizational unit (Admin console › Apps › Google Workspace › Gmail ›
 * End User Access › POP and IMAP access, https://support.google.com/a/answer/105694). Google's help page does not
 * quote the reply; this is Gmail's text as public IMAP client code matches it ("[ALERT] Your account is not
 * enabled for IMAP use." beside "[ALERT] IMAP access is disabled for your domain.", mapped to "imap-disabled"),
 * with the rest of the sentence as public Gmail test fakes give it: observed, not documented. Sent after the
 * credentials are accepted (the login itself was right).
 */
export const imapDisabledReply =
  "NO [ALERT] Your account is not enabled for IMAP use. Please visit your Gmail settings page and enable your account for IMAP access. (Failure)";

function traceId(): string {
  return `${randomBytes(6).toString("hex")}.${randomBytes(1)[0] % 100}`;
}

function refused(protocol: "smtp" | "imap", appPasswordRequired = false): MailLoginDecision {
  if (protocol === "smtp") {
    return { ok: false, reply: appPasswordRequired ? smtpAppPasswordRequired() : smtpBadCredentials() };
  }
  return { ok: false, reply: appPasswordRequired ? imapAppPasswordRequired : imapBadCredentials };
}

/**
 * What Gmail says to a login whose credentials were accepted, for a user who may still not use Gmail:
 * - no Gmail licence (https://support.google.com/a/answer/1727173: a user needs a licence before using Gmail):
 *   refused as bad credentials — the live reply for a licence-less user could not be confirmed;
 * - IMAP turned off for the user's OU: `imapDisabledReply` (SMTP is not affected by that switch).
 */
function afterCredentials(state: GoogleWorkspaceState, user: EmulatedUser, protocol: "smtp" | "imap") {
  if (!user.licensed) return refused(protocol);
  if (protocol === "imap" && !state.imapEnabledFor(user))
    return { ok: false, reply: imapDisabledReply } as const;
  return { ok: true } as const;
}

export function gmailLogin(state: GoogleWorkspaceState): MailLogin {
  return (attempt) => {
    const found = state.findUser(attempt.username);
    // Not fully created yet (user-creation.ts): Gmail does not know the account (not confirmed live).
    const user = found && state.creationComplete(found) ? found : undefined;
    if (attempt.method === "XOAUTH2") {
      const info = attempt.accessToken ? state.oauth.accessTokenInfo(attempt.accessToken) : undefined;
      const owner = info ? state.findUser(info.email) : undefined;
      if (info && user && owner?.id === user.id && info.scopes.includes(scopes.gmail)) {
        // Refused here without the XOAUTH2 error challenge, which reports token errors (assumed, not confirmed live).
        return afterCredentials(state, user, attempt.protocol);
      }
      // After the challenge the client sends an empty line and gets the final refusal (SMTP 535 as for bad
      // credentials; IMAP NO [AUTHENTICATIONFAILED] — hoodiecrow answers "SASL authentication failed"; the
      // exact Gmail IMAP text after a failed XOAUTH2 could not be confirmed here).
      return { ...refused(attempt.protocol), challenge: xoauth2Challenge } as MailLoginDecision;
    }
    const password = attempt.password ?? "";
    if (!user || user.suspended) return refused(attempt.protocol);
    if (state.oauth.verifyAppPassword(attempt.username, password)) {
      return afterCredentials(state, user, attempt.protocol);
    }
    const enrolled = state.oauth.isTwoStepEnrolled(attempt.username);
    return refused(attempt.protocol, enrolled && state.verifyPassword(attempt.username, password));
  };
}
