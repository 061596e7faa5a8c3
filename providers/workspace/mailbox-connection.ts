/**
 * How a mail client reaches a Google Workspace mailbox: Gmail's SMTP submission on 587 with STARTTLS and
 * IMAP on 993 over TLS, the full address as username (Google's "Set up Gmail with other mail clients" /
 * "Send email from a printer, scanner, or app" settings). This is what Smartlead asks for when a mailbox
 * is connected. The password is not part of it: it stays a separate secret output.
 */

export interface MailEndpoint {
  host: string;
  port: number;
  /** STARTTLS: plain connect, then upgrade. TLS: TLS from the first byte. */
  security: "STARTTLS" | "TLS";
  username: string;
}

export interface MailboxConnection {
  smtp: MailEndpoint;
  imap: MailEndpoint;
}

export const gmailSmtp = { host: "smtp.gmail.com", port: 587 } as const;
export const gmailImap = { host: "imap.gmail.com", port: 993 } as const;

export function mailboxConnection(
  email: string,
  hosts: { smtpHost: string; smtpPort: number; imapHost: string; imapPort: number },
): MailboxConnection {
  return {
    smtp: { host: hosts.smtpHost, port: hosts.smtpPort, security: "STARTTLS", username: email },
    imap: { host: hosts.imapHost, port: hosts.imapPort, security: "TLS", username: email },
  };
}
