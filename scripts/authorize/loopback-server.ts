import * as http from "node:http";
import type { AddressInfo } from "node:net";

/**
 * The port `npm run authorize` listens on, and so the redirect URI `http://127.0.0.1:8765` registered on the
 * OAuth client. The client must be a **Web application** client: Smartlead's Private Infrastructure setup takes
 * a Web client with Smartlead's callback as redirect URI
 * (https://helpcenter.smartlead.ai/en/articles/296-how-to-set-up-private-infrastructure-oauth-in-smartlead-for-google-and-microsoft),
 * and Smartlead can only refresh tokens minted by that same client. Web clients match redirect URIs exactly,
 * port included (https://developers.google.com/identity/protocols/oauth2/web-server#uri-validation), so the
 * port is fixed and `--port` changes it.
 */
export const AUTHORIZE_PORT = 8765;

/**
 * The loopback redirect of Google's OAuth flow: an HTTP server on 127.0.0.1:`port` whose address is the
 * `redirect_uri` (port 0: one the OS picks, which only a Desktop client accepts). Each request is answered with
 * the page `handle` returns.
 */
export interface LoopbackServer {
  /** `http://127.0.0.1:<port>`. */
  redirectUri: string;
  close(): Promise<void>;
}

export async function startLoopbackServer(
  handle: (requestUrl: string) => Promise<{ status: number; page: string }>,
  port = AUTHORIZE_PORT,
): Promise<LoopbackServer> {
  const server = http.createServer((req, res) => {
    if (req.method !== "GET" || req.url === "/favicon.ico") {
      res.writeHead(404).end();
      return;
    }
    handle(req.url ?? "/").then(
      ({ status, page }) => {
        res.writeHead(status, { "content-type": "text/html; charset=utf-8", connection: "close" }).end(page);
      },
      () => {
        res.writeHead(500, { "content-type": "text/plain" }).end("mailinfra could not handle this redirect");
      },
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", (error: NodeJS.ErrnoException) =>
      reject(
        error.code === "EADDRINUSE"
          ? new Error(
              `port ${port} on 127.0.0.1 is in use: stop what uses it, or pass --port <n> and add http://127.0.0.1:<n> to the OAuth client's redirect URIs`,
            )
          : error,
      ),
    );
    server.listen(port, "127.0.0.1", resolve);
  });
  const listening = (server.address() as AddressInfo).port;
  return {
    redirectUri: `http://127.0.0.1:${listening}`,
    // The last redirect's page is still being written when the command finishes: let answers in flight end,
    // then drop whatever keep-alive connection a browser holds open.
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
        setTimeout(() => server.closeAllConnections(), 2000).unref();
      }),
  };
}
