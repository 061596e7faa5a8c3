import type { LocalWorld } from "../../../emulators/local-world";

/** A credential a test must never find in plain text, with a label safe to print in place of its value. */
export interface KnownSecret {
  label: string;
  value: string;
}

/**
 * Every credential of a run on the local world: the Smartlead API key, each line of the service account's
 * private key (a PEM body line is 64 base64 characters, found whether the key is stored escaped or not),
 * the PEM marker itself, the mailbox passwords the stack generated, the OAuth client secret, and every refresh
 * and access token the Google emulator has issued when this is called.
 */
export function knownSecrets(world: LocalWorld, passwords: string[] = []): KnownSecret[] {
  const key = JSON.parse(world.serviceAccountKey) as { private_key: string };
  const keyLines = key.private_key
    .split("\n")
    .filter((line) => line.length >= 16 && !line.startsWith("-----"))
    .map((value, i) => ({ label: `service-account private key, line ${i + 1}`, value }));
  return [
    { label: "Smartlead API key", value: world.smartlead.apiKey },
    { label: "a PEM private key", value: "PRIVATE KEY-----" },
    ...keyLines,
    ...passwords.map((value, i) => ({ label: `mailbox password #${i + 1}`, value })),
    { label: "OAuth client secret", value: world.oauthClient.clientSecret },
    // Every token Google issued so far: the refresh tokens `authorize` stored, the access tokens minted from them.
    ...[...world.google.oauth.refreshTokens.keys()].map((value, i) => ({
      label: `refresh token #${i + 1}`,
      value,
    })),
    ...[...world.google.oauth.accessTokens.keys()].map((value, i) => ({
      label: `access token #${i + 1}`,
      value,
    })),
  ];
}

/** Labels of the secrets that occur in `text`, raw or JSON-escaped; the values themselves are never returned. */
export function leakedSecrets(text: string, secrets: KnownSecret[]): string[] {
  return secrets
    .filter(({ value }) => text.includes(value) || text.includes(JSON.stringify(value).slice(1, -1)))
    .map(({ label }) => label);
}
