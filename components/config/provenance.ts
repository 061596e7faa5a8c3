import { setByDomain } from "./defaults";
import { configPath } from "./issue";
import type { DomainConfig } from "./schema";

/**
 * Where each parsed domain came from, so a problem found later is reported on the line the user wrote:
 * `mailinfra:domains[3].dmarc.rua[0]` when the domain sets it, `mailinfra:defaults.dmarc.rua[0]` when it
 * inherits it (once, instead of once per domain). Kept outside `DomainConfig` so the config stays plain data.
 */
interface DomainSource {
  index: number;
  raw: unknown;
  defaults: unknown;
}

const sources = new WeakMap<DomainConfig, DomainSource>();

export function recordDomainSource(domain: DomainConfig, source: DomainSource): void {
  sources.set(domain, source);
}

/** Config path of `sub` inside the domain at `index` (the entry itself, or the defaults it inherited from). */
export function domainSettingPath(
  domain: DomainConfig,
  index: number,
  sub: readonly PropertyKey[] = [],
): string {
  const source = sources.get(domain);
  if (
    source !== undefined &&
    sub.length > 0 &&
    !setByDomain(source.raw, sub) &&
    setByDomain(source.defaults, sub)
  ) {
    return configPath(["defaults", ...sub]);
  }
  return configPath(["domains", source?.index ?? index, ...sub]);
}

/**
 * The value of `sub` as the user wrote it (before defaults merged, lists sorted or names normalised) and its
 * config path: from the domain entry at `index`, or from mailinfra:defaults when the domain inherited it.
 */
export function writtenSetting(
  domain: DomainConfig,
  index: number,
  sub: readonly PropertyKey[],
): { path: string; value: unknown } {
  const path = domainSettingPath(domain, index, sub);
  const source = sources.get(domain);
  const root = path.startsWith(configPath(["defaults"])) ? source?.defaults : source?.raw;
  let value: unknown = root;
  for (const segment of sub) {
    value =
      value !== null && typeof value === "object"
        ? (value as Record<PropertyKey, unknown>)[segment]
        : undefined;
  }
  return { path, value };
}
