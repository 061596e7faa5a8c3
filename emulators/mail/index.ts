import hoodiecrow from "hoodiecrow-imap";
import { SMTPServer } from "smtp-server";
import { localCertificate } from "./certificate";
import { imapLoginHandlers } from "./imap-login";
import { Listener } from "./listener";
import { isPasswordCheck, type MailLogin, type PasswordCheck } from "./mail-login";
import { MailboxUsers } from "./mailbox-users";
import { smtpLoginHandler } from "./smtp-login";

export { localCertificate } from "./certificate";
export type { MailLogin, MailLoginAttempt, MailLoginDecision, PasswordCheck } from "./mail-login";

/**
 * Real SMTP and IMAP endpoints in the test process, for the mailbox login check and for the Smartlead
 * emulator's save-time verification. SMTP runs on nodemailer's `smtp-server` (AUTH PLAIN/LOGIN), IMAP on
 * `hoodiecrow-imap` (LOGIN, AUTHENTICATE PLAIN). Each protocol listens twice, like real providers do:
 * STARTTLS (587/143 style) and implicit TLS (465/993 style), with a self-signed certificate made at start.
 */
export type MailSecurity = "starttls" | "ssl";

export interface MailEndpoint {
  host: string;
  port: number;
  security: MailSecurity;
}

export type MailProtocol = "smtp" | "smtps" | "imap" | "imaps";

export interface MailFaults {
  /** Greeting delay on both SMTP endpoints (ms): longer than the client's timeout → "timeout". */
  smtpDelayMs: number;
  imapDelayMs: number;
  /** Close (refuse connections on) or reopen one endpoint's port. */
  setDown(endpoint: MailProtocol | "all", down: boolean): Promise<void>;
}

export interface MailWorld {
  /** SMTP with STARTTLS. */
  smtp: MailEndpoint;
  /** SMTP over implicit TLS. */
  smtps: MailEndpoint;
  /** IMAP with STARTTLS. */
  imap: MailEndpoint;
  /** IMAP over implicit TLS. */
  imaps: MailEndpoint;
  /** PEM of the self-signed certificate, for clients that pin it instead of accepting any. */
  certificate: string;
  /** Adds a mailbox or changes its password (both protocols). Addresses are matched in lower case. */
  setUser(email: string, password: string): void;
  removeUser(email: string): void;
  /** The security of the endpoint on `port`, or undefined if the port is not one of this world's. */
  securityOf(port: number): MailSecurity | undefined;
  faults: MailFaults;
  stop(): Promise<void>;
}

export interface MailWorldOptions {
  /** @default "127.0.0.1" */
  host?: string;
  /**
   * Decides every login instead of the mailboxes added with `setUser`. Two shapes:
   * - `(username, password) => boolean`: a password check (PLAIN/LOGIN), e.g. exactly the Workspace user's
   *   current password opens the mailbox;
   * - `(attempt) => { ok: true } | { ok: false, reply, challenge? }` (a `MailLogin`): the servers also offer
   *   SASL XOAUTH2 and answer refusals with the reply given, e.g. the Google emulator's `gmailLogin`.
   */
  authenticate?: PasswordCheck | MailLogin;
}

export async function startMailWorld(options: MailWorldOptions = {}): Promise<MailWorld> {
  const host = options.host ?? "127.0.0.1";
  const credentials = await localCertificate();
  const users = new MailboxUsers();
  const login =
    options.authenticate && !isPasswordCheck(options.authenticate) ? options.authenticate : undefined;
  const authenticate =
    options.authenticate && isPasswordCheck(options.authenticate) ? options.authenticate : undefined;
  const accepts = (username: string, password: string) =>
    authenticate ? authenticate(username, password) : users.accepts(username, password);

  const smtpServer = (secure: boolean) => {
    const server: SMTPServer = new SMTPServer({
      secure,
      key: credentials.key,
      cert: credentials.cert,
      authMethods: login ? ["PLAIN", "LOGIN", "XOAUTH2"] : ["PLAIN", "LOGIN"],
      logger: false,
      // Login only: a message sent here is accepted and dropped.
      onAuth(auth, session, callback) {
        if (login) return smtpLoginHandler(server, login)(auth, session, callback);
        if (auth.username && typeof auth.password === "string" && accepts(auth.username, auth.password)) {
          callback(null, { user: auth.username });
        } else {
          callback(Object.assign(new Error("Invalid username or password"), { responseCode: 535 }));
        }
      },
      onData(stream, _session, callback) {
        stream.resume();
        stream.on("end", () => callback());
      },
    });
    return server;
  };
  const imapServer = (secureConnection: boolean) => {
    // With an external password check only LOGIN is offered, so every login passes through it. With a
    // MailLogin the server offers what Gmail does (AUTH=PLAIN, AUTH=XOAUTH2, SASL-IR) and every handler asks it.
    const plugins = login
      ? ["STARTTLS", "AUTH-PLAIN", "XOAUTH2", "ID", "ENABLE", "NAMESPACE", "LITERALPLUS", "SASL-IR"]
      : authenticate
        ? ["STARTTLS", "ID", "ENABLE", "NAMESPACE", "LITERALPLUS"]
        : ["STARTTLS", "AUTH-PLAIN", "ID", "ENABLE", "NAMESPACE", "LITERALPLUS", "SASL-IR"];
    const server = hoodiecrow({
      plugins,
      secureConnection,
      credentials,
      users: users.table,
    });
    // hoodiecrow adds a listener per open connection; bulk tests open dozens at once.
    server.setMaxListeners(0);
    if (login) {
      for (const [command, handler] of Object.entries(imapLoginHandlers(login))) {
        server.setCommandHandler(command, handler);
      }
      return server;
    }
    const passwordLogin = server.getCommandHandler("LOGIN");
    if (authenticate && passwordLogin) {
      // hoodiecrow compares against its user table; put the decision there just before it looks.
      server.setCommandHandler("LOGIN", (connection, parsed, data, callback) => {
        const [username, password] = (parsed.attributes ?? []).map((a) => a.value);
        if (typeof username === "string" && typeof password === "string") {
          if (authenticate(username, password)) users.set(username, password);
          else users.remove(username);
        }
        passwordLogin(connection, parsed, data, callback);
      });
    }
    return server;
  };

  const smtp = smtpServer(false);
  const smtps = smtpServer(true);
  const imap = imapServer(false);
  const imaps = imapServer(true);
  for (const server of [smtp, smtps]) server.on("error", () => {});
  const listeners: Record<MailProtocol, Listener> = {
    smtp: new Listener(smtp.server, host),
    smtps: new Listener(smtps.server, host),
    imap: new Listener(imap.server, host),
    imaps: new Listener(imaps.server, host),
  };
  const ports = {
    smtp: await listeners.smtp.listen(),
    smtps: await listeners.smtps.listen(),
    imap: await listeners.imap.listen(),
    imaps: await listeners.imaps.listen(),
  };
  const security: Record<MailProtocol, MailSecurity> = {
    smtp: "starttls",
    smtps: "ssl",
    imap: "starttls",
    imaps: "ssl",
  };
  const endpoint = (p: MailProtocol): MailEndpoint => ({ host, port: ports[p], security: security[p] });

  const faults: MailFaults = {
    get smtpDelayMs() {
      return listeners.smtp.delayMs;
    },
    set smtpDelayMs(ms: number) {
      listeners.smtp.delayMs = ms;
      listeners.smtps.delayMs = ms;
    },
    get imapDelayMs() {
      return listeners.imap.delayMs;
    },
    set imapDelayMs(ms: number) {
      listeners.imap.delayMs = ms;
      listeners.imaps.delayMs = ms;
    },
    async setDown(which, down) {
      const names = which === "all" ? (Object.keys(listeners) as MailProtocol[]) : [which];
      await Promise.all(names.map((name) => listeners[name].setDown(down)));
    },
  };

  return {
    smtp: endpoint("smtp"),
    smtps: endpoint("smtps"),
    imap: endpoint("imap"),
    imaps: endpoint("imaps"),
    certificate: credentials.cert,
    setUser: (email, password) => users.set(email, password),
    removeUser: (email) => users.remove(email),
    securityOf(port) {
      const name = (Object.keys(ports) as MailProtocol[]).find((p) => ports[p] === port);
      return name ? security[name] : undefined;
    },
    faults,
    async stop() {
      await Promise.all(Object.values(listeners).map((l) => l.close()));
    },
  };
}

/** Same as startMailWorld, under the emulators' common name. */
export const start = startMailWorld;
