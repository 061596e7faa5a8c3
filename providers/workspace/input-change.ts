import { changed } from "../provider-inputs";

/**
 * The inputs that say which Workspace account to talk to, shared by every Workspace resource. Not the
 * service-account key: the process holds it (../credentials.ts), and resources created before, whose outputs still
 * hold one, must show no change because their new inputs lack it.
 */
export const connectionKeys = ["customerId", "adminEmail", "rootUrl"] as const;

/** A new admin or endpoint: changes in place, never a replacement. */
export function connectionChanged(
  olds: Partial<Record<(typeof connectionKeys)[number], unknown>>,
  news: Record<string, unknown>,
): boolean {
  return connectionKeys.some((key) => changed(olds[key], news[key]));
}
