import nodemailer from "nodemailer";
import { classifyLoginError, failureDetail, type LoginFailure } from "./login-failure";
import type { LoginCheckOptions, MailServerLogin } from "./mail-server-login";

/** Connects, negotiates TLS as configured and authenticates (nodemailer `verify()`); no message is sent. */
export async function trySmtpLogin(
  server: MailServerLogin,
  options: LoginCheckOptions = {},
): Promise<LoginFailure | undefined> {
  const timeoutMs = options.timeoutMs ?? 15_000;
  const transport = nodemailer.createTransport({
    host: server.host,
    port: server.port,
    secure: server.security === "ssl",
    requireTLS: server.security === "starttls",
    ignoreTLS: server.security === "none",
    auth: { user: server.username, pass: server.password },
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs,
    tls: { rejectUnauthorized: !options.allowSelfSignedCertificates },
    logger: false,
    debug: false,
  });
  try {
    await transport.verify();
    return undefined;
  } catch (error) {
    return {
      protocol: "SMTP",
      host: server.host,
      port: server.port,
      username: server.username,
      reason: classifyLoginError(error),
      detail: failureDetail(error, [server.password]),
    };
  } finally {
    transport.close();
  }
}
