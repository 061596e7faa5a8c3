import type { z } from "zod";
import { configPath } from "./issue";
import { reportIssues } from "./report";
import { issuesFromZod } from "./schema-issues";

/**
 * One `mailinfra:<key>` section (`google`, `smartlead`, `readiness`) as a program passes it to a component: as a
 * person writes it, defaults filled in by the schema that owns them, or already parsed (which parses to itself).
 * Settings that do not parse throw one `MailinfraConfigError` naming each at its `mailinfra:<key>` path with the
 * schema's fix, as the stack configuration's own check does.
 * @example
 * ```ts
 * const google = settingsSection(googleInputSchema, "google", { adminEmail, serviceAccountKey });
 * ```
 */
export function settingsSection<S extends z.ZodType>(schema: S, key: string, value: unknown): z.output<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  reportIssues(issuesFromZod(parsed.error, (path) => configPath([key, ...path])));
  throw parsed.error; // reportIssues threw already: every schema issue is an error.
}
