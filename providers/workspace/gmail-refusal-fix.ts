/**
 * The Admin console fix for a Gmail refusal that is not about the credentials, for messages that quote Gmail's
 * reply (e.g. Smartlead's save/save-oauth ACCOUNT_VERIFICATION_FAILED `error`). Pure: text in, text out.
 */

/**
 * IMAP turned off for the mailbox's organizational unit: Gmail answers "[ALERT] Your account is not enabled for
 * IMAP use." (as public IMAP clients match it; Google's page does not quote it). The switch: Admin console ›
 * Apps › Google Workspace › Gmail › End User Access › POP and IMAP access (https://support.google.com/a/answer/105694).
 */
const imapDisabled = /not enabled for IMAP use|IMAP access is disabled/i;

export function gmailRefusalFix(gmailReply: string): string | undefined {
  if (imapDisabled.test(gmailReply)) {
    return (
      "Gmail has IMAP turned off for this mailbox's organizational unit: turn it on in the Admin console → Apps → " +
      "Google Workspace → Gmail → End User Access → POP and IMAP access (select the mailbox's organizational unit), " +
      "https://support.google.com/a/answer/105694; changes can take a while to apply, then run `pulumi up` again."
    );
  }
  return undefined;
}
