// hoodiecrow-imap ships no types; this covers the part the mail world uses.
declare module "hoodiecrow-imap" {
  import type { Server } from "node:net";

  interface HoodiecrowOptions {
    plugins?: string[];
    secureConnection?: boolean;
    credentials?: { key: string; cert: string };
    users?: Record<string, { password: string }>;
    storage?: Record<string, unknown>;
  }

  type CommandHandler = (
    connection: unknown,
    parsed: { tag: string; attributes?: { type: string; value: unknown }[] },
    data: unknown,
    callback: () => void,
  ) => void;

  interface HoodiecrowServer {
    server: Server;
    users: Record<string, { password: string }>;
    listen(port: number, host: string, callback: () => void): void;
    close(callback?: () => void): void;
    setMaxListeners(n: number): void;
    getCommandHandler(command: string): CommandHandler | false;
    setCommandHandler(command: string, handler: CommandHandler): void;
  }

  function hoodiecrow(options?: HoodiecrowOptions): HoodiecrowServer;
  export = hoodiecrow;
}
