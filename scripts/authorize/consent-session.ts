import { exchangeCode } from "./code-exchange";
import { consentLine, consentLink } from "./consent-link";
import { createPkce, createState, type Pkce } from "./pkce";
import { redirectOutcome } from "./redirect";
import { signedInMailbox, wrongMailboxMessage } from "./signed-in-mailbox";

/** One mailbox waiting for its person to sign in. */
interface Pending {
  address: string;
  pkce: Pkce;
}

export interface ConsentSessionOptions {
  mailboxes: string[];
  /** Mailboxes of the stack already authorized, counted in the progress ("n of N"). */
  alreadyAuthorized?: number;
  clientId: string;
  clientSecret: string;
  authorizationEndpoint: string;
  tokenUri: string;
  /** Gmail's users.getProfile URL: who actually signed in (oauthEndpoints().gmailProfile). */
  gmailProfile: string;
  redirectUri: string;
  /** Stores a mailbox's refresh token (encrypted, in the stack config). */
  store(address: string, refreshToken: string): Promise<void>;
  /** Progress and outcomes, one line each; never a token. */
  say(line: string): void;
}

export interface ConsentSession {
  /** The consent line of each mailbox (`authorize <address>: <link>`). */
  lines: string[];
  /** Handles one request to the loopback redirect; the page the browser shows. */
  handle(requestUrl: string): Promise<{ status: number; page: string }>;
  /** Settles once every mailbox is authorized or refused. */
  done: Promise<{ authorized: string[]; failed: { address: string; reason: string }[] }>;
}

function page(title: string, text: string): string {
  const html = (s: string) => s.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
  return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>${html(title)}</title></head><body><h1>${html(title)}</h1><p>${html(text)}</p></body></html>\n`;
}

/**
 * The consent links of the mailboxes and what happens when each comes back: the state is checked, the code
 * exchanged with the PKCE verifier and the client secret, the refresh token stored at once (so a later run
 * resumes), and progress reported as "n of N".
 */
export function consentSession(options: ConsentSessionOptions): ConsentSession {
  const byState = new Map<string, Pending>();
  const lines: string[] = [];
  for (const address of options.mailboxes) {
    const pending = { address, pkce: createPkce() };
    const state = createState();
    byState.set(state, pending);
    const link = consentLink({
      authorizationEndpoint: options.authorizationEndpoint,
      clientId: options.clientId,
      redirectUri: options.redirectUri,
      loginHint: address,
      state,
      codeChallenge: pending.pkce.challenge,
    });
    lines.push(consentLine(address, link));
  }
  const already = options.alreadyAuthorized ?? 0;
  const total = options.mailboxes.length;
  const authorized: string[] = [];
  const failed: { address: string; reason: string }[] = [];
  let finish: (value: Awaited<ConsentSession["done"]>) => void = () => {};
  const done = new Promise<Awaited<ConsentSession["done"]>>((resolve) => {
    finish = resolve;
  });
  const settle = () => {
    if (authorized.length + failed.length === total) finish({ authorized, failed });
  };
  settle();

  return {
    lines,
    done,
    async handle(requestUrl) {
      const outcome = redirectOutcome(requestUrl, byState);
      if (outcome.kind === "unknown") {
        return {
          status: 400,
          page: page(
            "Not a mailinfra authorization",
            `This link is not one this command is waiting for (${outcome.reason}).`,
          ),
        };
      }
      const { address, pkce } = outcome.pending;
      // A state is used once: a replayed redirect is not exchanged again.
      for (const [state, p] of byState) if (p === outcome.pending) byState.delete(state);
      if (outcome.kind === "refused") {
        failed.push({ address, reason: `Google answered ${outcome.error}` });
        options.say(
          `${address} was not authorized: Google answered ${outcome.error} (run the command again to retry)`,
        );
        settle();
        return {
          status: 200,
          page: page(
            "Not authorized",
            `${address} was not authorized (${outcome.error}). You can close this tab.`,
          ),
        };
      }
      try {
        const { refreshToken, accessToken } = await exchangeCode({
          tokenUri: options.tokenUri,
          clientId: options.clientId,
          clientSecret: options.clientSecret,
          code: outcome.code,
          codeVerifier: pkce.verifier,
          redirectUri: options.redirectUri,
        });
        const signedIn = await signedInMailbox(options.gmailProfile, accessToken);
        if (signedIn !== address) {
          const reason = wrongMailboxMessage(address, signedIn);
          failed.push({ address, reason });
          options.say(`${address} was not authorized: ${reason}`);
          settle();
          return { status: 409, page: page("Not authorized", reason) };
        }
        await options.store(address, refreshToken);
        authorized.push(address);
        options.say(
          `${address} authorized (${already + authorized.length} of ${already + total} authorized)`,
        );
        settle();
        return {
          status: 200,
          page: page("Authorized", `${address} is authorized for mailinfra. You can close this tab.`),
        };
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        failed.push({ address, reason });
        options.say(`${address} was not authorized: ${reason}`);
        settle();
        return { status: 500, page: page("Not authorized", `${address}: ${reason}`) };
      }
    },
  };
}
