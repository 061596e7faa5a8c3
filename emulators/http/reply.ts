import type { ServerResponse } from "node:http";

/** What a route handler answers; the emulator's server turns it into an HTTP response. */
export interface Reply {
  status: number;
  body?: unknown;
  /** A page (Google's OAuth sign-in and error pages, Express's `Cannot GET /path`) instead of a JSON body. */
  html?: string;
  headers?: Record<string, string>;
}

/**
 * Writes `reply`: `html` as text/html, a body as JSON with the service's own content type (Google writes
 * `application/json; charset=UTF-8`, Express `application/json; charset=utf-8`), nothing for a 204 or no body.
 */
export function sendReply(res: ServerResponse, reply: Reply, jsonContentType: string): void {
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
  headers["content-type"] = jsonContentType;
  headers["content-length"] = String(Buffer.byteLength(payload));
  res.writeHead(reply.status, headers);
  res.end(payload);
}
