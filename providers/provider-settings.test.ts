import { describe, expect, it } from "vitest";
import { providerSettings } from "./provider-settings";

describe("providerSettings", () => {
  const report = (_line: string) => {};
  const defaults = { timeoutMs: 1000, retry: { retries: 3, baseDelayMs: 100 }, report };

  it("overrides in part, merging an object-valued setting, until restored", () => {
    const settings = providerSettings(defaults);
    const lines: string[] = [];
    const collect = (line: string) => lines.push(line);
    const restore = settings.use({ retry: { baseDelayMs: 5 }, report: collect });
    expect(settings.current()).toEqual({
      timeoutMs: 1000,
      retry: { retries: 3, baseDelayMs: 5 },
      report: collect,
    });
    restore();
    expect(settings.current()).toBe(defaults);
  });

  it("restores what was in force before, and reset goes back to the defaults", () => {
    const settings = providerSettings(defaults);
    settings.use({ timeoutMs: 50 });
    const restore = settings.use({ timeoutMs: 10 });
    restore();
    expect(settings.current().timeoutMs).toBe(50);
    settings.reset();
    expect(settings.current()).toBe(defaults);
  });
});
