import { changed } from "../provider-inputs";

/** The inputs that say which Workspace account to talk to, shared by every Workspace resource. */
export const connectionKeys = ["customerId", "adminEmail", "serviceAccountKey", "rootUrl"] as const;

/** A rotated key, a new admin or endpoint: changes in place, never a replacement. */
export function connectionChanged(
  olds: Partial<Record<(typeof connectionKeys)[number], unknown>>,
  news: Record<string, unknown>,
): boolean {
  return connectionKeys.some((key) => changed(olds[key], news[key]));
}
