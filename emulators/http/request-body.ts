import type { IncomingMessage } from "node:http";

/** A request's parsed body; an unparsable one is reported, never echoed (it may hold a password). */
export type ParsedBody = { ok: true; value: unknown } | { ok: false };

export function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

/** A JSON body, whatever the content type says (Smartlead's API reads JSON only). Empty: `undefined`. */
export function parseJsonBody(raw: Buffer): ParsedBody {
  if (raw.length === 0) return { ok: true, value: undefined };
  try {
    return { ok: true, value: JSON.parse(raw.toString("utf8")) };
  } catch {
    return { ok: false };
  }
}

/** A form body when the content type says so (OAuth's token and consent endpoints), else JSON. */
export function parseBody(raw: Buffer, contentType: string | undefined): ParsedBody {
  if (raw.length > 0 && contentType?.includes("application/x-www-form-urlencoded")) {
    return { ok: true, value: Object.fromEntries(new URLSearchParams(raw.toString("utf8"))) };
  }
  return parseJsonBody(raw);
}

/** A JSON object body (not an array, not null): what every emulated endpoint expects its body to be. */
export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
