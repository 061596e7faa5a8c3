import { isDeepStrictEqual } from "node:util";
import { isUnknown } from "./input-check";

/** The inputs that say which Workspace account to talk to, shared by every Workspace resource. */
export const connectionKeys = ["customerId", "adminEmail", "serviceAccountKey", "rootUrl"] as const;

/**
 * Whether a new input differs from what the state holds. Values unknown during preview count as changed;
 * objects compare by content, not key order (the engine hands stored properties back with sorted keys).
 */
export function changed(old: unknown, value: unknown): boolean {
  return isUnknown(value) || !isDeepStrictEqual(old ?? null, value ?? null);
}

/** A rotated key, a new admin or endpoint: changes in place, never a replacement. */
export function connectionChanged(
  olds: Partial<Record<(typeof connectionKeys)[number], unknown>>,
  news: Record<string, unknown>,
): boolean {
  return connectionKeys.some((key) => changed(olds[key], news[key]));
}
