/**
 * How `mailinfra:defaults` combine with one entry of `mailinfra:domains`:
 * - plain objects merge key by key, recursively, and the domain's value wins;
 * - arrays and scalars from the domain replace the default (lists are never concatenated);
 * - two objects whose discriminator (`kind`, `host`, `provider`) differs do not merge: the domain's object
 *   replaces the default, so `platform: {kind: custom, ...}` never inherits a Microsoft `tenant`.
 */
const DISCRIMINATORS = ["kind", "host", "provider"] as const;

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function discriminatorsDiffer(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  return DISCRIMINATORS.some((key) => key in a && key in b && a[key] !== b[key]);
}

export function mergeDefaults(defaults: unknown, domain: unknown): unknown {
  if (domain === undefined) return defaults;
  if (!isPlainObject(defaults) || !isPlainObject(domain)) return domain;
  if (discriminatorsDiffer(defaults, domain)) return domain;
  const merged: Record<string, unknown> = { ...defaults };
  for (const [key, value] of Object.entries(domain)) {
    merged[key] = mergeDefaults(defaults[key], value);
  }
  return merged;
}

/**
 * Whether `path` inside the merged domain came from the domain entry itself (true) or from the defaults.
 * Used to blame a bad value on the line the user actually wrote.
 */
export function setByDomain(domain: unknown, path: readonly PropertyKey[]): boolean {
  let node: unknown = domain;
  for (const segment of path) {
    // A scalar the schema expands (`rua: "mailto:..."` → a list, `platform: google-workspace` → an
    // object) was set here, whatever lies below it.
    if (node !== null && node !== domain && typeof node !== "object") return true;
    if (Array.isArray(node) && typeof segment === "number") {
      node = node[segment];
    } else if (isPlainObject(node) && typeof segment === "string" && segment in node) {
      node = node[segment];
    } else {
      return false;
    }
    if (node === undefined) return false;
  }
  return true;
}
