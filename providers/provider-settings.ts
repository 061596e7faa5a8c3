import { isPlainObject } from "../components/config/defaults";

/**
 * What a provider module takes from the process it runs in rather than from its inputs: where progress lines go,
 * timeouts, retry pauses, query limits. Each part of the providers declares its settings once, with the defaults
 * the engine's provider processes always run with (readiness-settings.ts, workspace/client-settings.ts,
 * smartlead/smartlead-settings.ts), and reads them at call time.
 *
 * This is the one way tests change how a provider behaves: `smartleadSettings.use({ retry: { initialDelayMs: 5 } })`
 * in the test's own process, then the returned function (or `reset()`) puts the previous settings back. Nothing
 * of it passes through a resource's inputs, so nothing of it can reach the state; tests point providers at
 * emulators through the real, documented inputs (`baseUrl`, `rootUrl`, `resolvers`).
 */
export interface ProviderSettings<T extends object> {
  /** The settings in force now. */
  current(): T;
  /**
   * Overrides some settings (an object-valued setting is merged one level deep) until the returned function runs.
   * @example const restore = readinessSettings.use({ report: (line) => lines.push(line) });
   */
  use(overrides: SettingsOverrides<T>): () => void;
  /** Back to the defaults. */
  reset(): void;
}

/** Any subset of the settings; an object-valued setting may itself be given in part. */
export type SettingsOverrides<T> = {
  [K in keyof T]?: T[K] extends ((...args: never[]) => unknown) | undefined
    ? T[K]
    : T[K] extends object | undefined
      ? Partial<NonNullable<T[K]>> | undefined
      : T[K];
};

function merged<T extends object>(base: T, overrides: SettingsOverrides<T>): T {
  const next = { ...base } as Record<string, unknown>;
  for (const [key, value] of Object.entries(overrides)) {
    const was = next[key];
    next[key] = isPlainObject(was) && isPlainObject(value) ? { ...was, ...value } : value;
  }
  return next as T;
}

export function providerSettings<T extends object>(defaults: T): ProviderSettings<T> {
  let settings = defaults;
  return {
    current: () => settings,
    use(overrides) {
      const previous = settings;
      settings = merged(settings, overrides);
      return () => {
        settings = previous;
      };
    },
    reset() {
      settings = defaults;
    },
  };
}
