/**
 * How the mail servers ask whether a login may pass. The servers speak the protocols; the callback decides,
 * with the words the real provider answers (the Google emulator's `gmailLogin` answers as Gmail does).
 */
export type MailLoginMethod = "PLAIN" | "LOGIN" | "XOAUTH2";

export interface MailLoginAttempt {
  /** Which server asks: the refusal texts differ between Gmail's SMTP and IMAP servers. */
  protocol: "smtp" | "imap";
  method: MailLoginMethod;
  username: string;
  password?: string;
  accessToken?: string;
}

export type MailLoginDecision =
  | { ok: true }
  | {
      ok: false;
      /**
       * The server's final refusal, verbatim: for SMTP the whole reply with its code (several lines joined
       * by CRLF, e.g. `535-5.7.8 …\r\n535 5.7.8 …`), for IMAP the tagged answer without its tag
       * (`NO [AUTHENTICATIONFAILED] Invalid credentials (Failure)`).
       */
      reply: string;
      /**
       * XOAUTH2 only: the base64 error challenge sent first (SMTP `334 <challenge>`, IMAP `+ <challenge>`);
       * `reply` follows once the client answers it with an empty line.
       */
      challenge?: string;
    };

export type MailLogin = (attempt: MailLoginAttempt) => MailLoginDecision;

/** The older shape: a password check (PLAIN/LOGIN only). */
export type PasswordCheck = (username: string, password: string) => boolean;

/** A function of two parameters is the older password check; one of one parameter is a `MailLogin`. */
export function isPasswordCheck(decide: PasswordCheck | MailLogin): decide is PasswordCheck {
  return decide.length >= 2;
}
