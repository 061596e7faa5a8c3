import type {
  SMTPServer,
  SMTPServerAuthentication,
  SMTPServerAuthenticationResponse,
  SMTPServerSession,
} from "smtp-server";
import type { MailLogin } from "./mail-login";

/**
 * SMTP AUTH (PLAIN, LOGIN, XOAUTH2) decided by a `MailLogin`, answered with its reply verbatim. smtp-server
 * sends `response.message` lines under `response.responseCode` (enhanced codes are off by default, so the reply's
 * own `5.7.8` stays as written). For a refused XOAUTH2 it sends `334 <base64 JSON>` from `response.data`, then
 * answers the client's empty line with its own text; the handler swaps that for the decision's reply, as Gmail
 * answers the empty line with its 535 (https://developers.google.com/gmail/imap/xoauth2-protocol, "Error response").
 */

type AuthCallback = (err: Error | null | undefined, response?: SMTPServerAuthenticationResponse) => void;

interface ConnectionInternals {
  session: SMTPServerSession;
  _nextHandler: ((data: unknown, callback: () => void) => void) | false;
  send(code: number, data: string | string[]): void;
}

/** `535-5.7.8 a\r\n535 5.7.8  b` → code 535 and the lines after `535-` / `535 `. */
export function smtpReplyLines(reply: string): { code: number; lines: string[] } {
  const raw = reply.split(/\r?\n/);
  const code = Number.parseInt(raw[0]?.slice(0, 3) ?? "", 10) || 535;
  return { code, lines: raw.map((line) => (/^\d{3}[- ]/.test(line) ? line.slice(4) : line)) };
}

export function smtpLoginHandler(server: SMTPServer, login: MailLogin) {
  return (auth: SMTPServerAuthentication, session: SMTPServerSession, callback: AuthCallback): void => {
    const method = auth.method === "XOAUTH2" ? "XOAUTH2" : auth.method === "LOGIN" ? "LOGIN" : "PLAIN";
    const decision = login({
      protocol: "smtp",
      method,
      username: auth.username ?? "",
      ...(typeof auth.password === "string" ? { password: auth.password } : {}),
      ...(typeof auth.accessToken === "string" ? { accessToken: auth.accessToken } : {}),
    });
    if (decision.ok) {
      callback(null, { user: auth.username });
      return;
    }
    const { code, lines } = smtpReplyLines(decision.reply);
    if (method === "XOAUTH2" && decision.challenge) {
      const data = JSON.parse(Buffer.from(decision.challenge, "base64").toString("utf8")) as object;
      callback(null, { data } as unknown as SMTPServerAuthenticationResponse);
      const connections = (server as unknown as { connections: Set<ConnectionInternals> }).connections;
      const connection = [...connections].find((c) => c.session === session);
      if (connection) {
        connection._nextHandler = (_data, next) => {
          connection.send(code, lines);
          next();
        };
      }
      return;
    }
    callback(null, { message: lines, responseCode: code } as unknown as SMTPServerAuthenticationResponse);
  };
}
