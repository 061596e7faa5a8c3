/**
 * Why a login to a mail server failed, told apart the way the seeds ask ("Authentication Failed" vs
 * "Timeout"), from the errors nodemailer and imapflow raise. Pure: no I/O.
 */
export type LoginFailureReason =
  | "authentication failed"
  | "timeout"
  | "connection refused"
  | "TLS error"
  | "host not found"
  | "connection failed";

export type MailProtocolName = "SMTP" | "IMAP";

export interface LoginFailure {
  protocol: MailProtocolName;
  host: string;
  port: number;
  username: string;
  reason: LoginFailureReason;
  /** The server's or library's words, with the password removed. */
  detail: string;
}

interface ErrorLike {
  message?: unknown;
  code?: unknown;
  responseCode?: unknown;
  authenticationFailed?: unknown;
  responseText?: unknown;
  cause?: unknown;
}

const tlsPattern =
  /certificate|self[- ]signed|SSL|TLS|handshake|wrong version number|unable to verify|CERT_|ERR_TLS|EPROTO|alert/i;

export function classifyLoginError(error: unknown): LoginFailureReason {
  const e = (error ?? {}) as ErrorLike;
  const code = String(e.code ?? "");
  const message = String(e.message ?? error ?? "");
  const response = String(e.responseText ?? "");
  const cause = (e.cause ?? {}) as ErrorLike;
  const causeCode = String(cause.code ?? "");
  if (
    e.authenticationFailed === true ||
    code === "EAUTH" ||
    e.responseCode === 535 ||
    e.responseCode === 534
  ) {
    return "authentication failed";
  }
  if (
    /AUTHENTICATIONFAILED|authentication fail|invalid credentials|invalid login/i.test(
      `${message} ${response}`,
    )
  ) {
    return "authentication failed";
  }
  if (
    code === "ECONNREFUSED" ||
    causeCode === "ECONNREFUSED" ||
    /ECONNREFUSED|connection refused/i.test(message)
  ) {
    return "connection refused";
  }
  if (code === "ENOTFOUND" || code === "EAI_AGAIN" || /ENOTFOUND|getaddrinfo/i.test(message))
    return "host not found";
  if (
    ["ETIMEDOUT", "ETIMEOUT", "CONNECT_TIMEOUT", "GREETING_TIMEOUT", "UPGRADE_TIMEOUT"].includes(code) ||
    /timed? ?out|timeout|never received/i.test(message)
  ) {
    return "timeout";
  }
  if (tlsPattern.test(code) || tlsPattern.test(causeCode) || tlsPattern.test(message)) return "TLS error";
  return "connection failed";
}

/** Removes every secret (and its base64 forms, as AUTH PLAIN/LOGIN carry them) from a text. */
export function redact(text: string, secrets: string[]): string {
  let out = text;
  for (const secret of secrets) {
    if (!secret) continue;
    const forms = [secret, Buffer.from(secret).toString("base64")];
    for (const form of forms) out = out.split(form).join("[redacted]");
  }
  return out;
}

export function failureDetail(error: unknown, secrets: string[]): string {
  const e = (error ?? {}) as ErrorLike;
  const parts = [String(e.message ?? error ?? "unknown error")];
  if (typeof e.responseText === "string" && e.responseText && !parts[0]!.includes(e.responseText)) {
    parts.push(e.responseText);
  }
  return redact(parts.join(": "), secrets).slice(0, 300);
}

const advice: Record<LoginFailureReason, string> = {
  "authentication failed":
    "check the username and password (an app password where the provider requires one)",
  timeout: "the server did not answer in time; check host, port and firewalls, then retry",
  "connection refused": "nothing accepts connections on that host and port; check both",
  "TLS error":
    "the TLS handshake failed; check the security setting (ssl vs starttls) for this port and the certificate",
  "host not found": "the host name does not resolve; check its spelling",
  "connection failed": "check host, port and security",
};

export function describeFailure(f: LoginFailure): string {
  return `${f.protocol} login to ${f.host}:${f.port} as ${f.username} failed: ${f.reason} (${f.detail}); ${advice[f.reason]}`;
}

/** The login check of a mailbox failed: names each protocol that failed and why, never the password. */
export class MailboxLoginError extends Error {
  constructor(
    readonly mailbox: string,
    readonly failures: LoginFailure[],
  ) {
    super(`Mailbox ${mailbox}: ${failures.map(describeFailure).join("; ")}`);
    this.name = "MailboxLoginError";
  }
}
