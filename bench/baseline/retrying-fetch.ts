/**
 * How the baseline talks HTTP: JSON in and out, and on 429 or 5xx it waits (Retry-After when given, else a
 * doubling backoff from `backoffMs`) and tries again, up to 8 times. What a straightforward backend adds so a
 * bulk run does not simply fail on the first rate-limit answer; it has no client-side budget.
 */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: string,
    what: string,
  ) {
    super(`${what}: HTTP ${status} ${body.slice(0, 300)}`);
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function fetchJson<T>(
  what: string,
  url: string,
  init: { method: string; headers?: Record<string, string>; body?: unknown },
  backoffMs: number,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    const response = await fetch(url, {
      method: init.method,
      headers: {
        ...(init.body === undefined ? {} : { "content-type": "application/json" }),
        ...init.headers,
      },
      ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
    });
    const text = await response.text();
    if (response.ok) return (text ? JSON.parse(text) : undefined) as T;
    const retryable = response.status === 429 || response.status >= 500;
    if (!retryable || attempt >= 8) throw new HttpError(response.status, text, what);
    const retryAfter = Number(response.headers.get("retry-after"));
    await sleep(retryAfter > 0 ? retryAfter * 1000 : backoffMs * 2 ** (attempt - 1));
  }
}
