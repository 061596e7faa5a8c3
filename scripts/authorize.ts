#!/usr/bin/env node
/**
 * `npm run authorize -- --stack <stack> [--open] [--timeout-minutes N] [--port N]` in this checkout,
 * `npx mailinfra-authorize --stack <stack> …` where mailinfra is an installed package (its `bin`, compiled to
 * dist/scripts/authorize.js; it runs the consumer's own `pulumi` in their project directory): each Google Workspace mailbox that
 * connects to Smartlead with OAuth signs in once, and its refresh token is stored encrypted in the stack's
 * config (`mailinfra:authorizations`). Mailboxes whose stored authorization still works are skipped, so the
 * command resumes where it stopped and re-authorizes revoked ones. The next `up` connects them.
 * Each consent link is printed on its own line, `authorize <address>: <link>`.
 */
import { spawn } from "node:child_process";
import { authorizeCommand, pulumiCommand } from "../components/authorize-command";
import { authorizationState } from "./authorize/authorization-check";
import { consentSession } from "./authorize/consent-session";
import { AUTHORIZE_PORT, startLoopbackServer } from "./authorize/loopback-server";
import { readStackAuthorizations, storeRefreshToken } from "./authorize/stack-authorizations";

const say = (line: string) => process.stdout.write(`${line}\n`);

function options(argv: string[]): { stack?: string; open: boolean; timeoutMinutes: number; port: number } {
  const value = (flag: string) => {
    const i = argv.indexOf(flag);
    if (i >= 0) return argv[i + 1];
    return argv.find((a) => a.startsWith(`${flag}=`))?.slice(flag.length + 1);
  };
  const stack = value("--stack") ?? value("-s") ?? process.env.PULUMI_STACK;
  const timeout = Number(value("--timeout-minutes") ?? 30);
  const port = Number(value("--port") ?? AUTHORIZE_PORT);
  return {
    ...(stack ? { stack } : {}),
    open: argv.includes("--open"),
    // At most a day: setTimeout cannot wait longer than about 24.8 days, and a sign-in never needs to.
    timeoutMinutes: Number.isFinite(timeout) && timeout > 0 ? Math.min(timeout, 1440) : 30,
    port: Number.isInteger(port) && port >= 0 && port < 65536 ? port : AUTHORIZE_PORT,
  };
}

function openInBrowser(link: string): void {
  const opener =
    process.platform === "darwin" ? "open" : process.platform === "win32" ? "explorer" : "xdg-open";
  spawn(opener, [link], { stdio: "ignore", detached: true })
    .on("error", () => {})
    .unref();
}

function configurationErrors(stack: string, errors: string[]): number {
  say(
    `The configuration of stack ${stack} has errors; fix them first (${pulumiCommand(`preview --stack ${stack}`)} shows them):`,
  );
  for (const error of errors) say(`  ${error}`);
  return 1;
}

async function main(): Promise<number> {
  const opts = options(process.argv.slice(2));
  if (!opts.stack) {
    say(`Name the stack: ${authorizeCommand("<stack>")}`);
    return 2;
  }
  const stack = opts.stack;
  const command = authorizeCommand(stack);
  const config = await readStackAuthorizations(stack);
  if (!config.readable) return configurationErrors(stack, config.errors);
  if (config.mailboxes.length === 0) {
    say(
      `Stack ${stack} has no mailbox that connects to Smartlead with OAuth (connection: oauth): nothing to authorize.`,
    );
    return 0;
  }
  if (!config.oauthClient) {
    say(
      `mailinfra:google.oauthClient is not configured for stack ${stack}: the mailboxes sign in through your own Google OAuth client. ` +
        'Create one (README, "Authorizing mailboxes"), then run: ' +
        `${pulumiCommand(`config set --stack ${stack} --path 'mailinfra:google.oauthClient.clientId' <client-id>`)} && ` +
        `${pulumiCommand(`config set --stack ${stack} --secret --path 'mailinfra:google.oauthClient.clientSecret'`)} (it asks for the secret, so it stays out of your shell history)`,
    );
    return 1;
  }
  if (config.errors.length > 0) return configurationErrors(stack, config.errors);
  const client = config.oauthClient;
  const todo: string[] = [];
  let valid = 0;
  for (const { address } of config.mailboxes) {
    const state = await authorizationState({
      tokenUri: config.endpoints.token,
      clientId: client.clientId,
      clientSecret: client.clientSecret,
      refreshToken: config.refreshTokens.get(address),
      authorizeCommand: command,
      address,
      gmailProfile: config.endpoints.gmailProfile,
    });
    if (state === "valid") valid += 1;
    else todo.push(address);
    if (state === "revoked") say(`${address}: its authorization was revoked or expired; it signs in again.`);
    if (state === "another-mailbox")
      say(`${address}: its stored authorization belongs to another Google account; it signs in again.`);
  }
  const total = config.mailboxes.length;
  say(`Stack ${stack}: ${total} OAuth mailbox(es), ${valid} of ${total} authorized.`);
  if (todo.length === 0) {
    say(`Every mailbox is authorized. ${pulumiCommand(`up --stack ${stack}`)} connects them to Smartlead.`);
    return 0;
  }

  // `pulumi config set` rewrites the whole stack file: two mailboxes signing in at the same moment would
  // each write the file as they read it, and one token would be lost. Stores run one after another.
  let storing: Promise<void> = Promise.resolve();
  const storeInTurn = (address: string, token: string): Promise<void> => {
    const stored = storing.then(() => storeRefreshToken(stack, address, token));
    storing = stored.catch(() => undefined);
    return stored;
  };
  let session: ReturnType<typeof consentSession> | undefined;
  const server = await startLoopbackServer(async (url) => {
    if (!session) return { status: 503, page: "not ready" };
    return session.handle(url);
  }, opts.port);
  session = consentSession({
    mailboxes: todo,
    alreadyAuthorized: valid,
    clientId: client.clientId,
    clientSecret: client.clientSecret,
    authorizationEndpoint: config.endpoints.authorization,
    tokenUri: config.endpoints.token,
    gmailProfile: config.endpoints.gmailProfile,
    redirectUri: server.redirectUri,
    store: storeInTurn,
    say,
  });
  say(
    `Open each link below and sign in as that mailbox with its password (${pulumiCommand(`stack output mailboxPasswords --show-secrets --stack ${stack}`)}), then allow access.`,
  );
  for (const line of session.lines) {
    say(line);
    if (opts.open) openInBrowser(line.slice(line.indexOf(": ") + 2));
  }
  say(
    `Waiting for ${todo.length} sign-in(s) on ${server.redirectUri} (Ctrl-C stops; run the command again to resume).`,
  );
  const timeout = new Promise<"timeout">((resolve) =>
    setTimeout(() => resolve("timeout"), opts.timeoutMinutes * 60_000).unref(),
  );
  const outcome = await Promise.race([session.done, timeout]);
  await server.close();
  if (outcome === "timeout") {
    // A sign-in that came back just before the timeout is still being stored: let it finish, not orphan it.
    await storing;
    say(
      `Stopped after ${opts.timeoutMinutes} minutes before every mailbox signed in; run ${command} to resume.`,
    );
    return 1;
  }
  const authorized = valid + outcome.authorized.length;
  if (outcome.failed.length > 0) {
    say(`${authorized} of ${total} authorized; ${outcome.failed.length} not: run ${command} to retry them.`);
    return 1;
  }
  say(
    `${authorized} of ${total} authorized. ${pulumiCommand(`up --stack ${stack}`)} connects them to Smartlead.`,
  );
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    say(`authorize failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
