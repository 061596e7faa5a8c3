import type { HealthStatus, Verdict } from "../signals";
import { html, type Markup } from "./html-markup";
import { STATUS_LABELS } from "./html-palette";

/**
 * A check's outcome as a coloured word (`pass`, `fail`…), or `label` in the verdict's colour.
 * @param label The word shown when it says more than the verdict (a connection state, a listing status).
 */
export function verdictBadge(verdict: Verdict, label: string = verdict): Markup {
  return html`<span class="badge badge-${verdict}">${label}</span>`;
}

/** A domain's status as a coloured word. */
export function statusBadge(status: HealthStatus): Markup {
  return html`<span class="badge status-${status}">${STATUS_LABELS[status]}</span>`;
}
