import * as http from "node:http";
import type { AddressInfo } from "node:net";

/**
 * The loopback redirect of Google's installed-app flow
 * (https://developers.google.com/identity/protocols/oauth2/native-app, "Loopback IP address"): an HTTP server
 * on 127.0.0.1 on a port the OS picks, whose address is the `redirect_uri`. Desktop OAuth clients accept any
 * loopback port. Each request is answered with the page `handle` returns.
 */
export interface LoopbackServer {
  /** `http://127.0.0.1:<port>`. */
  redirectUri: string;
  close(): Promise<void>;
}

export async function startLoopbackServer(
  handle: (requestUrl: string) => Promise<{ status: number; page: string }>,
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
    server.once("error", reject);
    server.listen(0, "127.0.0.1", resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    redirectUri: `http://127.0.0.1:${port}`,
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
