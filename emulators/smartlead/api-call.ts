import { isObject } from "../http/request-body";
import type { SmartleadState } from "./state";

/** What a route handler gets: the state, the caller's user, path parameters, query and parsed JSON body. */
export interface ApiCall {
  state: SmartleadState;
  userId: number;
  params: Record<string, string>;
  query: URLSearchParams;
  body: unknown;
}

/** The SMTP/IMAP settings Smartlead checks on save; `ok: false` carries the server's reason. */
export interface MailboxVerification {
  fromEmail: string;
  smtp: { host: string; port: number; username: string; password: string };
  imap: { host: string; port: number; username: string; password: string };
}

/**
 * `failed` names the protocols whose login failed when the verifier knows (connection-check.ts sets only their
 * flags false); without it both are taken to have failed.
 */
export type MailboxVerifier = (
  mailbox: MailboxVerification,
) => Promise<{ ok: true } | { ok: false; error: string; failed?: ("SMTP" | "IMAP")[] }>;

export function asRecord(body: unknown): Record<string, unknown> | undefined {
  return isObject(body) ? body : undefined;
}

/** Smartlead accepts numbers and numeric strings ("20") alike, as users' working calls show. */
export function numberField(value: unknown): number | undefined {
  if (typeof value === "number" && Number.isFinite(value)) return value;
  if (typeof value === "string" && value.trim() !== "" && Number.isFinite(Number(value)))
    return Number(value);
  return undefined;
}

export function booleanField(value: unknown): boolean | undefined {
  if (typeof value === "boolean") return value;
  if (value === "true") return true;
  if (value === "false") return false;
  return undefined;
}

export function idParam(call: ApiCall, name: string): number | undefined {
  const raw = call.params[name];
  return raw !== undefined && /^\d+$/.test(raw) ? Number(raw) : undefined;
}
