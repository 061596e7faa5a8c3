import { z } from "zod";

/**
 * The JSON key file of a Google service account (Cloud console → IAM → Service accounts → Keys → JSON).
 * Only the fields mailinfra uses are checked; the rest pass through untouched.
 */
export const serviceAccountKeySchema = z.looseObject({
  type: z.literal("service_account", { error: 'must be "service_account" (a service-account JSON key)' }),
  client_email: z.email({ error: "client_email must be the service account's e-mail address" }),
  private_key: z.string().refine((key) => key.includes("-----BEGIN") && key.includes("PRIVATE KEY-----"), {
    error: "private_key must be a PEM private key",
  }),
  private_key_id: z.string().optional(),
  client_id: z.string().optional(),
  project_id: z.string().optional(),
  /** Where access tokens are minted; tests point it at the emulator. */
  token_uri: z.url().optional(),
});

export type ServiceAccountKey = z.infer<typeof serviceAccountKeySchema>;

/**
 * Parses the key without ever putting its content in an error message (it is a credential).
 * `configPath` names where the key came from, so the message says what to fix.
 */
export function parseServiceAccountKey(keyJson: string, configPath: string): ServiceAccountKey {
  let raw: unknown;
  try {
    raw = JSON.parse(keyJson);
  } catch {
    throw new Error(
      `${configPath} is not JSON. Paste the whole service-account key file (Cloud console → IAM → Service accounts → Keys → Add key → JSON), e.g. \`pulumi config set --secret --path '${configPath}' < key.json\`.`,
    );
  }
  const parsed = serviceAccountKeySchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join(".") || "key"}: ${issue.message}`);
    throw new Error(
      `${configPath} is not a usable service-account key (${problems.join("; ")}). Download a new JSON key for the service account.`,
    );
  }
  return parsed.data;
}
