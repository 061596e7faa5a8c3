import type { Stack, UpResult } from "@pulumi/pulumi/automation";
import { authorizationPath } from "../components/config/authorizations";
import type { PendingAuthorization } from "../components/program";
import { oauthEndpoints } from "../providers/workspace/oauth-endpoints";
import { exchangeCode } from "../scripts/authorize/code-exchange";
import { consentLink } from "../scripts/authorize/consent-link";
import { createPkce, createState } from "../scripts/authorize/pkce";
import { answerConsentPage } from "./google/oauth-person";
import type { LocalWorld } from "./local-world";

/**
 * Each mailbox signs in once at the Google emulator's consent page, the way `npm run authorize` has it do
 * (PKCE S256, access_type=offline, prompt=consent, the loopback redirect registered on the world's client),
 * and its code is exchanged for a refresh token at the token endpoint. For test suites and the benchmark, whose
 * subject is not the authorize command itself (test/e2e/authorize.test.ts and the demo run that command as
 * typed): the same wire exchanges with Google's endpoints, without a child process per run.
 * Address → refresh token.
 */
export async function consentTokens(
  world: LocalWorld,
  passwords: Record<string, string>,
): Promise<Record<string, string>> {
  const endpoints = oauthEndpoints(world.google.url);
  const redirectUri = `http://127.0.0.1:${world.authorizePort}`;
  const tokens: Record<string, string> = {};
  for (const [address, password] of Object.entries(passwords)) {
    const pkce = createPkce();
    const state = createState();
    const link = consentLink({
      authorizationEndpoint: endpoints.authorization,
      clientId: world.oauthClient.clientId,
      redirectUri,
      loginHint: address,
      state,
      codeChallenge: pkce.challenge,
    });
    const { location, status, html } = await answerConsentPage(link, { email: address, password });
    if (!location)
      throw new Error(`${address}: the consent page did not redirect (${status}): ${html ?? ""}`);
    const back = new URL(location);
    const code = back.searchParams.get("code");
    if (back.searchParams.get("state") !== state || !code) {
      throw new Error(`${address}: Google redirected without a code: ${back.search}`);
    }
    const { refreshToken } = await exchangeCode({
      tokenUri: endpoints.token,
      clientId: world.oauthClient.clientId,
      clientSecret: world.oauthClient.clientSecret,
      code,
      codeVerifier: pkce.verifier,
      redirectUri,
    });
    tokens[address] = refreshToken;
  }
  return tokens;
}

/**
 * What a person does between two runs: each mailbox `run` lists in `pendingAuthorizations` that has a password
 * signs in once with it (the secret `mailboxPasswords` output), and its refresh token is stored as a secret at
 * `mailinfra:authorizations["<address>"]`, as `npm run authorize` stores it. Resolves with their addresses.
 */
export async function authorizePending(stack: Stack, world: LocalWorld, run: UpResult): Promise<string[]> {
  const pending = (run.outputs.pendingAuthorizations?.value ?? []) as PendingAuthorization[];
  if (pending.length === 0) return [];
  const passwords = run.outputs.mailboxPasswords?.value as Record<string, string> | undefined;
  if (!run.outputs.mailboxPasswords?.secret || !passwords) {
    throw new Error("the stack has no secret mailboxPasswords output to sign in with");
  }
  // A mailbox whose domain did not converge in that run (`up --continue-on-error`, its gate timed out) has no
  // password in the outputs yet: no Workspace user exists to sign in as, so its person waits for the next run.
  const ready = pending.filter(({ address }) => passwords[address] !== undefined);
  if (ready.length === 0) return [];
  const tokens = await consentTokens(
    world,
    Object.fromEntries(ready.map(({ address }) => [address, passwords[address]!])),
  );
  // One `pulumi config set-all --path` for them all, each a secret under its own path.
  await stack.setAllConfig(
    Object.fromEntries(
      Object.entries(tokens).map(([address, token]) => [
        authorizationPath(address),
        { value: token, secret: true },
      ]),
    ),
    true,
  );
  return Object.keys(tokens);
}
