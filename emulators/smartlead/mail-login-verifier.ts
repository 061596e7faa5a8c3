import { tryImapLogin } from "../../providers/mailbox-login/imap-login";
import type { MailSecurity } from "../../providers/mailbox-login/mail-server-login";
import { trySmtpLogin } from "../../providers/mailbox-login/smtp-login";
import type { MailboxVerifier } from "./api-call";

/**
 * Makes the emulator verify mailboxes on save the way Smartlead does: by really logging in to SMTP and IMAP
 * (e.g. the mail world's endpoints). The save body carries no security setting, so `securityOf` tells it per
 * port (the mail world's `securityOf`); unknown ports use Smartlead's rule (465/993 implicit TLS).
 * The failure text names the protocol, as Smartlead's `error` field carries the mail server's answer.
 */
export function mailLoginVerifier(options: {
  securityOf?: (port: number) => MailSecurity | undefined;
  allowSelfSignedCertificates?: boolean;
  timeoutMs?: number;
}): MailboxVerifier {
  const security = (port: number): MailSecurity =>
    options.securityOf?.(port) ?? (port === 465 || port === 993 ? "ssl" : "starttls");
  const loginOptions = {
    allowSelfSignedCertificates: options.allowSelfSignedCertificates,
    timeoutMs: options.timeoutMs ?? 5000,
  };
  return async (mailbox) => {
    const [smtp, imap] = await Promise.all([
      trySmtpLogin({ ...mailbox.smtp, security: security(mailbox.smtp.port) }, loginOptions),
      tryImapLogin({ ...mailbox.imap, security: security(mailbox.imap.port) }, loginOptions),
    ]);
    const failure = smtp ?? imap;
    if (!failure) return { ok: true };
    return {
      ok: false,
      error: `${failure.protocol} ${failure.reason}: ${failure.detail}`,
      failed: [smtp, imap].flatMap((f) => (f ? [f.protocol] : [])),
    };
  };
}
