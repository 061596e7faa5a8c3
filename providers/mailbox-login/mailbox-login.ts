import { tryImapLogin } from "./imap-login";
import { MailboxLoginError } from "./login-failure";
import type { LoginCheckOptions, MailServerLogin } from "./mail-server-login";
import { trySmtpLogin } from "./smtp-login";

export {
  classifyLoginError,
  type LoginFailure,
  type LoginFailureReason,
  MailboxLoginError,
} from "./login-failure";
export { type LoginCheckOptions, type MailServerLogin, mailServerLoginSchema } from "./mail-server-login";

/**
 * Tries the mailbox's SMTP and IMAP logins side by side before anything is created with them; throws a
 * MailboxLoginError naming every login that failed and why.
 */
export async function checkMailboxLogin(
  mailbox: { email: string; smtp: MailServerLogin; imap: MailServerLogin },
  options: LoginCheckOptions = {},
): Promise<void> {
  const [smtp, imap] = await Promise.all([
    trySmtpLogin(mailbox.smtp, options),
    tryImapLogin(mailbox.imap, options),
  ]);
  const failures = [smtp, imap].filter((f) => f !== undefined);
  if (failures.length > 0) throw new MailboxLoginError(mailbox.email, failures);
}
