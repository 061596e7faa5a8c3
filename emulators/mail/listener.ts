import type { Server, Socket } from "node:net";
import { Server as TlsServer } from "node:tls";

/**
 * Control over a server's listening socket, whatever library runs the protocol on it: a greeting delay
 * (the client waits for a banner that comes late → its timeout fires) and "down" (the port is closed → the
 * client's connect is refused), then back up on the same port.
 */
export class Listener {
  delayMs = 0;
  private readonly sockets = new Set<Socket>();
  private port = 0;
  private down = false;

  constructor(
    private readonly server: Server,
    private readonly host = "127.0.0.1",
  ) {
    // Hand accepted connections to the protocol library only after the delay. For a TLS server that is the
    // `secureConnection` event; its `connection` listeners are Node's own handshake code and stay.
    const event = server instanceof TlsServer ? "secureConnection" : "connection";
    const handlers = server.listeners(event) as ((s: Socket) => void)[];
    server.removeAllListeners(event);
    server.on("connection", (socket: Socket) => {
      this.sockets.add(socket);
      socket.on("close", () => this.sockets.delete(socket));
    });
    server.on(event, (socket: Socket) => {
      const hand = () => {
        if (!socket.destroyed) for (const handler of handlers) handler.call(server, socket);
      };
      if (this.delayMs > 0) setTimeout(hand, this.delayMs);
      else hand();
    });
  }

  async listen(port = 0): Promise<number> {
    await new Promise<void>((resolve, reject) => {
      this.server.once("error", reject);
      this.server.listen(port, this.host, () => {
        this.server.off("error", reject);
        resolve();
      });
    });
    this.port = (this.server.address() as { port: number }).port;
    return this.port;
  }

  get currentPort(): number {
    return this.port;
  }

  /** Closes (connections are refused) or reopens the same port. */
  async setDown(down: boolean): Promise<void> {
    if (down === this.down) return;
    this.down = down;
    if (down) {
      await new Promise<void>((resolve) => {
        this.server.close(() => resolve());
        for (const socket of this.sockets) socket.destroy();
      });
    } else {
      await this.listen(this.port);
    }
  }

  async close(): Promise<void> {
    if (this.down) return;
    this.down = true;
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      for (const socket of this.sockets) socket.destroy();
    });
  }
}
