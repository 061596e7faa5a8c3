import type { MailLogin, MailLoginAttempt } from "./mail-login";

/**
 * IMAP LOGIN, AUTHENTICATE PLAIN and AUTHENTICATE XOAUTH2 for hoodiecrow, decided by a `MailLogin` and answered
 * with its reply verbatim. hoodiecrow's own handlers compare against its user table and answer with fixed texts
 * (its XOAUTH2 plugin even wants a per-user `xoauth2.accessToken`), so these replace them. Initial responses
 * may come with the command (SASL-IR, RFC 4959) or after a `+` continuation, as Gmail accepts both. A refused
 * XOAUTH2 gets the `+ <base64 JSON>` challenge first; the client's empty line then gets the tagged NO
 * (https://developers.google.com/gmail/imap/xoauth2-protocol, "Error response").
 */

interface Connection {
  state: string;
  socket: { write(data: string): void; destroyed?: boolean } | null;
  inputHandler: ((line: string) => void) | false;
}

interface Parsed {
  tag: string;
  attributes?: { type: string; value: unknown }[];
}

type Handler = (connection: unknown, parsed: Parsed, data: unknown, callback: () => void) => void;

function write(connection: Connection, line: string): void {
  if (connection.socket && !connection.socket.destroyed) connection.socket.write(`${line}\r\n`);
}

function decide(connection: Connection, tag: string, login: MailLogin, attempt: MailLoginAttempt): void {
  const decision = login(attempt);
  if (decision.ok) {
    connection.state = "Authenticated";
    write(connection, `${tag} OK ${attempt.username} authenticated (Success)`);
    return;
  }
  if (decision.challenge) {
    write(connection, `+ ${decision.challenge}`);
    connection.inputHandler = () => {
      connection.inputHandler = false;
      write(connection, `${tag} ${decision.reply}`);
    };
    return;
  }
  write(connection, `${tag} ${decision.reply}`);
}

/** Runs `then` on the initial response: the command's own argument, or the line after a `+` continuation. */
function withInitialResponse(connection: Connection, parsed: Parsed, then: (base64: string) => void): void {
  const inline = parsed.attributes?.[1]?.value ?? parsed.attributes?.[0]?.value;
  if (parsed.attributes?.length && typeof inline === "string") {
    then(inline);
    return;
  }
  write(connection, "+ ");
  connection.inputHandler = (line) => {
    connection.inputHandler = false;
    then(line.trim());
  };
}

function refuseIfAuthenticated(connection: Connection, tag: string): boolean {
  if (connection.state === "Not Authenticated") return false;
  write(connection, `${tag} BAD Already authenticated, identity change not allowed`);
  return true;
}

export function imapLoginHandlers(login: MailLogin): Record<string, Handler> {
  return {
    LOGIN: (raw, parsed, _data, callback) => {
      const connection = raw as Connection;
      const [username, password] = (parsed.attributes ?? []).map((a) => a.value);
      if (typeof username !== "string" || typeof password !== "string") {
        write(connection, `${parsed.tag} BAD LOGIN takes 2 string arguments`);
      } else if (!refuseIfAuthenticated(connection, parsed.tag)) {
        decide(connection, parsed.tag, login, { protocol: "imap", method: "LOGIN", username, password });
      }
      callback();
    },
    "AUTHENTICATE PLAIN": (raw, parsed, _data, callback) => {
      const connection = raw as Connection;
      if (!refuseIfAuthenticated(connection, parsed.tag)) {
        withInitialResponse(connection, parsed, (base64) => {
          // authzid \0 authcid \0 password (RFC 4616)
          const [, username = "", password = ""] = Buffer.from(base64, "base64")
            .toString("utf8")
            .split("\x00");
          decide(connection, parsed.tag, login, { protocol: "imap", method: "PLAIN", username, password });
        });
      }
      callback();
    },
    "AUTHENTICATE XOAUTH2": (raw, parsed, _data, callback) => {
      const connection = raw as Connection;
      if (!refuseIfAuthenticated(connection, parsed.tag)) {
        withInitialResponse(connection, parsed, (base64) => {
          // base64("user=" user "\x01auth=Bearer " token "\x01\x01") (xoauth2-protocol page)
          const fields = Buffer.from(base64, "base64").toString("utf8").split("\x01");
          const username = /^user=(.*)$/.exec(fields[0] ?? "")?.[1] ?? "";
          const accessToken = /^auth=Bearer (.+)$/i.exec(fields[1] ?? "")?.[1] ?? "";
          decide(connection, parsed.tag, login, {
            protocol: "imap",
            method: "XOAUTH2",
            username,
            accessToken,
          });
        });
      }
      callback();
    },
  };
}
