import { type ConfigIssue, configError } from "./issue";

const PATH = "mailinfra:google.serviceAccountKey";
const FIX =
  "Create a JSON key for the service account (IAM › Service accounts › Keys › Add key › JSON) and run: " +
  `pulumi config set --secret --path '${PATH}' < service-account.json`;

/**
 * Whether the secret is a Google service-account JSON key. Messages never repeat its content.
 */
export function serviceAccountKeyIssues(text: string): ConfigIssue[] {
  let key: unknown;
  try {
    key = JSON.parse(text);
  } catch {
    return [configError(PATH, "is not JSON; expected the service account's JSON key file", FIX)];
  }
  if (typeof key !== "object" || key === null) {
    return [configError(PATH, "is not a JSON object; expected the service account's JSON key file", FIX)];
  }
  const fields = key as Record<string, unknown>;
  const missing = ["client_email", "private_key"].filter(
    (f) => typeof fields[f] !== "string" || fields[f] === "",
  );
  if (fields.type !== "service_account" || missing.length > 0) {
    const what = fields.type !== "service_account" ? `type is ${JSON.stringify(fields.type ?? null)}` : "";
    const lacks = missing.length > 0 ? `it has no ${missing.join(" or ")}` : "";
    return [
      configError(PATH, `is not a service-account key (${[what, lacks].filter(Boolean).join("; ")})`, FIX),
    ];
  }
  return [];
}
