import type { IncomingMessage, ServerResponse } from "node:http";

/** What a route handler answers; the server turns it into an HTTP response. */
export interface Reply {
  status: number;
  body?: unknown;
  /** A page for a browser (the OAuth sign-in and error pages) instead of a JSON body. */
  html?: string;
  headers?: Record<string, string>;
}

export function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

/** Parses a JSON or form body; an unparsable body is reported, never echoed (it may hold a password). */
export function parseBody(
  raw: Buffer,
  contentType: string | undefined,
): { ok: true; value: unknown } | { ok: false } {
  if (raw.length === 0) return { ok: true, value: undefined };
  const text = raw.toString("utf8");
  if (contentType?.includes("application/x-www-form-urlencoded")) {
    return { ok: true, value: Object.fromEntries(new URLSearchParams(text)) };
  }
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

export function sendReply(res: ServerResponse, reply: Reply): void {
  const headers: Record<string, string> = { ...reply.headers };
  if (reply.html !== undefined) {
    headers["content-type"] = "text/html; charset=utf-8";
    headers["content-length"] = String(Buffer.byteLength(reply.html));
    res.writeHead(reply.status, headers);
    res.end(reply.html);
    return;
  }
  if (reply.status === 204 || reply.body === undefined) {
    res.writeHead(reply.status, headers);
    res.end();
    return;
  }
  const payload = JSON.stringify(reply.body);
  headers["content-type"] = "application/json; charset=UTF-8";
  headers["content-length"] = String(Buffer.byteLength(payload));
  res.writeHead(reply.status, headers);
  res.end(payload);
}
