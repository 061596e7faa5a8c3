import type { HealthReport } from "../signals";

/**
 * `npm run health -- --json`: the whole `HealthReport` (health/signals.ts documents every field), two-space
 * indented, keys in the order the checks fill them, domains in the order the stack declares them. A field is
 * left out when a check has nothing to say (e.g. `tracking` without a tracking domain), never written `null`.
 */
export function renderHealthJson(report: HealthReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
