import { ImapFlow } from "imapflow";
import { classifyLoginError, failureDetail, type LoginFailure } from "./login-failure";
import type { LoginCheckOptions, MailServerLogin } from "./mail-server-login";

/** Connects, negotiates TLS as configured, logs in and out with imapflow. */
export async function tryImapLogin(
  server: MailServerLogin,
  options: LoginCheckOptions = {},
): Promise<LoginFailure | undefined> {
  const timeoutMs = options.timeoutMs ?? 15_000;
  const client = new ImapFlow({
    host: server.host,
    port: server.port,
    secure: server.security === "ssl",
    doSTARTTLS: server.security === "starttls" ? true : server.security === "none" ? false : undefined,
    auth: { user: server.username, pass: server.password },
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs,
    tls: { rejectUnauthorized: !options.allowSelfSignedCertificates },
    logger: false,
  });
  // imapflow also emits failures as 'error' events; the awaited call below reports them.
  client.on("error", () => {});
  try {
    await client.connect();
    await client.logout();
    return undefined;
  } catch (error) {
    client.close();
    return {
      protocol: "IMAP",
      host: server.host,
      port: server.port,
      username: server.username,
      reason: classifyLoginError(error),
      detail: failureDetail(error, [server.password]),
    };
  }
}
